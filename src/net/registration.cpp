#include "asyncio/detail/net/registration.hpp"

#include "asyncio/detail/core/trace_recorder.hpp"
#include "asyncio/loop/event_loop.hpp"

namespace asyncio::detail {

Registration::Registration(EventLoop& loop, int fd)
    : loop_(loop), scheduler_(LoopAccess::scheduler(loop)), fd_(fd) {
    detail::LoopAccess::poller(loop_).add(fd_, EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET, *this);
}

Registration::~Registration() { detail::LoopAccess::poller(loop_).remove(fd_, *this); }

void Registration::on_io(std::uint32_t events) noexcept {
    if (TraceRecorder* tracer = scheduler_.tracer()) [[unlikely]]
        return on_io_traced(*tracer, events);
    dispatch(events);
}

void Registration::dispatch(std::uint32_t events) noexcept {
    // Errors and hang-ups wake both sides: the next call on either reports them.
    constexpr std::uint32_t trouble = EPOLLERR | EPOLLHUP;
    if (events & (EPOLLRDHUP | trouble)) read_closed_ = true;
    if (events & (EPOLLIN | EPOLLRDHUP | trouble)) {
        readable_ = true;
        readers_.grant_all();
    }
    if (events & (EPOLLOUT | trouble)) {
        writable_ = true;
        writers_.grant_all();
        // Last, and `this` is not touched after: the listener may close the socket.
        if (listener) listener->on_writable();
    }
}

// Readiness is a slice of its own, so that the tasks it wakes are linked to it.
void Registration::on_io_traced(TraceRecorder& tracer, std::uint32_t events) noexcept {
    Scheduler& scheduler = scheduler_;
    tracer.record(TraceKind::slice_begin, TraceRecorder::now(),
                  static_cast<std::uint32_t>(TraceSlice::io), static_cast<std::uint32_t>(fd_),
                  events);
    const std::size_t mark = scheduler.ready_count();
    dispatch(events);  // may destroy this registration
    const std::int64_t now = TraceRecorder::now();
    scheduler.trace_wakes_since(mark, now);
    tracer.record(TraceKind::slice_end, now);
}

void Registration::trace_wait(Direction direction) noexcept {
    TraceRecorder& tracer = *scheduler_.tracer();
    tracer.record(TraceKind::io_wait, TraceRecorder::now(), static_cast<std::uint32_t>(fd_),
                  tracer.current_serial(), direction == Direction::write ? 1 : 0);
}

}  // namespace asyncio::detail
