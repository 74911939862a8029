// The timeline trace's file: Chrome's JSON Trace Event Format, which Perfetto UI and
// chrome://tracing open, written from the recorder's binary events between loop turns.
//
// One process, one track (the loop's thread). Each step of a task is a B/E slice named after
// the task, with its id; a timer firing and a socket's readiness are slices too. Task
// creation and completion, cancellations, timers armed and cancelled, and socket waits are
// instants. A flow arrow ("s"/"f") links whatever made a task ready (a step, a timer, a
// socket) to the step it caused.
#pragma once

#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "asyncio/detail/core/trace_recorder.hpp"

namespace asyncio::detail {

class TraceWriter final : public TraceRecorder::Sink {
  public:
    // Creates (or truncates) the file; std::system_error if it cannot.
    explicit TraceWriter(const std::string& path);
    ~TraceWriter();
    TraceWriter(const TraceWriter&) = delete;
    TraceWriter& operator=(const TraceWriter&) = delete;

    void write(std::span<const TraceEvent> events, std::span<const std::string> strings) override;
    // Ends the slices still open and the JSON document, and closes the file.
    void close();

  private:
    void event(const TraceEvent& e, std::span<const std::string> strings);
    void slice_begin(const TraceEvent& e);
    void instant(std::int64_t ts, const std::string& name, const char* category,
                 const std::string& args);
    void flow(char phase, std::int64_t ts, std::uint64_t id, const char* name);
    // Starts an event object: the separator, the phase, the time, the track.
    void open(char phase, std::int64_t ts);
    std::string task_name(std::uint32_t serial) const;
    std::string task_args(std::uint32_t serial, const char* key = "task") const;
    void flush_text();

    std::string path_;
    std::FILE* file_;
    std::string text_;  // formatted, not yet written
    long pid_;
    long tid_;
    std::int64_t origin_;   // ns: the trace's time zero
    std::int64_t last_ts_;  // ns: flow arrows start no earlier
    int open_slices_ = 0;
    std::uint64_t next_flow_ = 1;
    std::unordered_map<std::uint32_t, std::string> names_;  // named tasks that are alive
    std::unordered_map<std::uint32_t, std::vector<std::uint64_t>> flows_;  // into a next step
    bool failed_ = false;
};

// A traced loop's recorder and its file.
struct TraceSession {
    TraceWriter writer;
    TraceRecorder recorder;
    TraceSession(const std::string& path, Scheduler& scheduler)
        : writer(path), recorder(scheduler, writer) {}
};

}  // namespace asyncio::detail
