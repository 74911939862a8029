#include "asyncio/detail/core/trace_recorder.hpp"

#include <chrono>

#include "asyncio/detail/core/scheduler.hpp"

namespace asyncio::detail {

TraceRecorder::TraceRecorder(Scheduler& scheduler, Sink& sink)
    : scheduler_(scheduler),
      sink_(sink),
      events_(new TraceEvent[capacity]),
      start_ticks_(now()),
      start_ns_(steady_ns()) {
    strings_.emplace_back();  // index 0: no string
}

std::int64_t TraceRecorder::steady_ns() noexcept {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::uint64_t TraceRecorder::intern(std::string_view text) noexcept {
    if (text.empty()) return 0;
    try {
        strings_.emplace_back(text);
        return strings_.size() - 1;
    } catch (...) {
        return 0;  // out of memory: the event goes without its text
    }
}

void TraceRecorder::flush() noexcept {
    try {
        const TraceTimebase timebase{start_ticks_, start_ns_, now(), steady_ns()};
        sink_.write({events_.get(), size_}, strings_, timebase);
    } catch (...) {
        // The sink reports its own failures; what it could not take is dropped, so that a
        // full disk never stops the program.
    }
    size_ = 0;
    strings_.resize(1);
}

std::uint32_t TraceRecorder::current_serial() const noexcept {
    return Scheduler::serial_of(scheduler_.current_task());
}

}  // namespace asyncio::detail
