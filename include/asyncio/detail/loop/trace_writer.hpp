// The timeline trace's file: Chrome's JSON Trace Event Format, which Perfetto UI and
// chrome://tracing open, written from the recorder's binary events between loop turns.
//
// One process, one track (the loop's thread). Each step of a task is a slice ("X", or B/E
// when a flush falls inside it) named after the task, with its id; a timer firing and a
// socket's readiness are slices too. Task creation and completion, cancellations, timers
// armed and cancelled, and socket waits are instants. A flow arrow ("s"/"f") links what made
// a task ready (a step, a timer, a socket) to the step it caused. Written with appends to one
// buffer, no temporaries: the writing is most of what tracing costs.
#pragma once

#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "asyncio/detail/core/trace_recorder.hpp"

namespace asyncio::detail {

class TraceWriter final : public TraceRecorder::Sink {
  public:
    // Creates (or truncates) the file; std::system_error if it cannot.
    explicit TraceWriter(const std::string& path);
    ~TraceWriter();
    TraceWriter(const TraceWriter&) = delete;
    TraceWriter& operator=(const TraceWriter&) = delete;

    void write(std::span<const TraceEvent> events, std::span<const std::string> strings,
               const TraceTimebase& timebase) override;
    // Ends the slices still open and the JSON document, and closes the file.
    void close();

  private:
    void event(std::span<const TraceEvent> events, std::size_t i,
               std::span<const std::string> strings);
    void slice(std::span<const TraceEvent> events, std::size_t i);
    void instant(std::int64_t ts, std::string_view verb, std::uint32_t task,
                 std::string_view category);
    void flow(char phase, std::int64_t ts, std::uint64_t id);

    // Appending JSON: an event's head (separator, phase, time, track), plain text, numbers,
    // strings, a task's name as a string, a task's id (null for none).
    std::int64_t ns(std::int64_t ticks) const noexcept;  // since the trace began
    void head(char phase, std::int64_t ns);
    void put_us(std::int64_t ns);
    void put(std::string_view text) { text_.append(text); }
    void put_int(std::int64_t value);
    void put_quoted(std::string_view text);
    void put_name(std::uint32_t serial);
    void put_task(std::uint32_t serial);
    void flush_text();

    std::string path_;
    std::FILE* file_;
    std::string text_;          // formatted, not yet written
    std::string track_;         // ,"pid":P,"tid":T
    TraceTimebase timebase_{};  // of the events being written
    std::int64_t last_ts_ = 0;  // ns since the trace began: time never goes back
    int open_slices_ = 0;       // B without their E yet
    bool ended_ = false;        // the next slice end was written already (as an X's duration)
    std::uint64_t next_flow_ = 1;
    std::unordered_map<std::uint32_t, std::string> names_;    // named tasks that are alive
    std::unordered_map<std::uint32_t, std::uint64_t> flows_;  // task -> arrow into its next step
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
