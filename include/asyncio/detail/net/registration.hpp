// How a socket waits: its registration with the loop's poller.
//
// A socket is registered once, edge-triggered, for reading and writing, and stays registered
// until it closes: no epoll_ctl per read or write. The registration keeps two readiness
// flags. An operation first tries its system call; when the kernel says "would block" (or a
// stream read comes back short, which on Linux means the socket was drained) the flag drops
// and the task waits for the next edge. Tasks waiting to read or to write queue up in FIFO
// order; cancelling one takes it out of the queue and leaves no trace (see WaitQueue).
#pragma once

#include <cstdint>

#include "asyncio/detail/core/scheduler.hpp"
#include "asyncio/detail/loop/epoll_poller.hpp"
#include "asyncio/detail/sync/wait_queue.hpp"

namespace asyncio {
class EventLoop;
}

namespace asyncio::detail {

// Told when the socket turns writable, before the tasks waiting for it: a stream flushes its
// write queue here, with no task of its own.
class WritableListener {
  public:
    virtual void on_writable() noexcept = 0;

  protected:
    ~WritableListener() = default;
};

class Registration final : public IoWatcher {
  public:
    Registration(EventLoop& loop, int fd);
    ~Registration();
    Registration(const Registration&) = delete;
    Registration& operator=(const Registration&) = delete;

    enum class Direction : std::uint8_t { read, write };

    // Whether a system call in `direction` is worth trying: optimistic until the kernel says
    // otherwise, so the first call is tried at once.
    bool ready(Direction direction) const noexcept {
        return direction == Direction::read ? readable_ : writable_;
    }
    // The kernel would block (or a short transfer drained the socket): wait for the next edge.
    void drained(Direction direction) noexcept {
        (direction == Direction::read ? readable_ : writable_) = false;
    }
    // The peer has closed or the socket failed (EPOLLRDHUP, HUP, ERR), sticky: from then on a
    // short read no longer means drained, since no further edge will come.
    bool read_closed() const noexcept { return read_closed_; }
    // Waits for the next edge in `direction` (FIFO among the waiting tasks; cancellable).
    WaitQueue::Awaiter next_edge(Direction direction) noexcept {
        if (scheduler_.tracer()) [[unlikely]]
            trace_wait(direction);
        return (direction == Direction::read ? readers_ : writers_).wait();
    }
    // Wakes every waiting task, so it can see the socket is gone (on close).
    void wake_all() noexcept {
        readers_.grant_all();
        writers_.grant_all();
    }
    WritableListener* listener = nullptr;
    EventLoop& loop() const noexcept { return loop_; }

    void on_io(std::uint32_t events) noexcept override;

  private:
    void dispatch(std::uint32_t events) noexcept;
    void trace_wait(Direction direction) noexcept;
    void on_io_traced(TraceRecorder& tracer, std::uint32_t events) noexcept;

    EventLoop& loop_;
    Scheduler& scheduler_;  // the loop's, for the trace
    int fd_;
    bool readable_ = true;
    bool writable_ = true;
    bool read_closed_ = false;
    WaitQueue readers_;
    WaitQueue writers_;
};

}  // namespace asyncio::detail
