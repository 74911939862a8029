// The timeline trace's recorder: what a traced loop appends to as it runs, in a compact binary
// form (32 bytes an event, no formatting), for a sink to turn into the trace file between
// loop turns.
//
// A loop that is not traced has no recorder and pays nothing per step: the scheduler runs
// its instrumented step loop only when a recorder (or debug mode) is set, and the hooks
// elsewhere (a task's completion and cancellation, timers, socket waits) test one pointer.
// Memory is bounded: the buffer is handed to the sink when it is half full at the start of a
// turn, or at once if a single turn fills it. Tasks are recorded by serial number; a name is
// recorded only when a task is given one, and the sink resolves "Task-N" itself.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

namespace asyncio::detail {

class Scheduler;

enum class TraceKind : std::uint8_t {
    slice_begin,      // a: what runs (TraceSlice), b: task serial / timer / fd, c: io events
    slice_end,        //
    wake,             // a: the woken task's serial, b: 1 if this is its first step
    task_created,     // a: serial, b: the creating task's serial (0: none)
    task_named,       // a: serial, c: string (its name)
    task_done,        // a: serial, b: Status, c: string (exception text, cancel message)
    task_cancelled,   // a: target serial, b: requesting task's serial, c: string (message)
    timer_scheduled,  // a: timer, b: task serial, c: delay in ns
    timer_cancelled,  // a: timer, b: task serial
    io_wait,          // a: fd, b: task serial, c: 0 read / 1 write
};

// What a slice covers.
enum class TraceSlice : std::uint8_t {
    step,         // a task's step (b: its serial)
    callback,     // a callback (call_soon, call_later, a signal handler)
    start_batch,  // the first steps of tasks spawned before tracing began
    wake_turn,    // a task woken one turn late (b: its serial)
    timer,        // a timer firing (b: timer)
    io,           // a socket's readiness (b: fd, c: epoll events)
};

// Events are timed in ticks of the cheapest clock there is (the TSC on x86-64, where this
// kind of virtual machine takes 60 ns to read steady_clock and 23 the TSC); a timebase, two
// readings of both clocks, turns ticks into steady_clock nanoseconds when the file is written.
struct TraceTimebase {
    std::int64_t ticks0, ns0;  // when the trace began
    std::int64_t ticks1, ns1;  // now
    std::int64_t ns(std::int64_t ticks) const noexcept {
        if (ticks1 <= ticks0) return ns0 + (ticks - ticks0);
        const long double rate = static_cast<long double>(ns1 - ns0) / (ticks1 - ticks0);
        return ns0 + static_cast<std::int64_t>((ticks - ticks0) * rate);
    }
};

struct TraceEvent {
    std::int64_t ts;  // ticks (see TraceTimebase)
    std::uint64_t c;
    std::uint32_t a;
    std::uint32_t b;
    TraceKind kind;
};

class TraceRecorder {
  public:
    // Receives the recorded events, in order, with the strings they refer to by index.
    class Sink {
      public:
        virtual void write(std::span<const TraceEvent> events, std::span<const std::string> strings,
                           const TraceTimebase& timebase) = 0;

      protected:
        ~Sink() = default;
    };

    static constexpr std::size_t capacity = 1 << 16;  // 2 MiB of events

    TraceRecorder(Scheduler& scheduler, Sink& sink);
    TraceRecorder(const TraceRecorder&) = delete;
    TraceRecorder& operator=(const TraceRecorder&) = delete;

    // Ticks, for an event's time.
    static std::int64_t now() noexcept {
#if defined(__x86_64__)
        return static_cast<std::int64_t>(__rdtsc());
#else
        return steady_ns();
#endif
    }
    static std::int64_t steady_ns() noexcept;

    void record(TraceKind kind, std::int64_t ts, std::uint32_t a = 0, std::uint32_t b = 0,
                std::uint64_t c = 0) noexcept {
        if (size_ == capacity) [[unlikely]]
            flush();
        events_[size_++] = TraceEvent{ts, c, a, b, kind};
    }
    // A string for an event's `c` (valid until the next flush).
    std::uint64_t intern(std::string_view text) noexcept;

    // Between turns: hands the buffer to the sink if it is half full.
    void flush_if_due() noexcept {
        if (size_ >= capacity / 2) flush();
    }
    // Hands everything recorded so far to the sink.
    void flush() noexcept;

    Scheduler& scheduler() const noexcept { return scheduler_; }
    // The serial of the task running now, 0 between steps.
    std::uint32_t current_serial() const noexcept;

  private:
    Scheduler& scheduler_;
    Sink& sink_;
    std::unique_ptr<TraceEvent[]> events_;
    std::size_t size_ = 0;
    std::vector<std::string> strings_;
    std::int64_t start_ticks_;
    std::int64_t start_ns_;
};

}  // namespace asyncio::detail
