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

#include "asyncio/loop/epoll_poller.hpp"
#include "asyncio/sync/wait_queue.hpp"

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

    // Optimistic until the kernel says otherwise: the first call is tried at once.
    bool readable = true;
    bool writable = true;
    // The peer has closed or the socket failed (EPOLLRDHUP, HUP, ERR), sticky: from then on a
    // short read no longer means drained, since no further edge will come.
    bool read_closed = false;
    WritableListener* listener = nullptr;

    WaitQueue::Wait wait_readable() noexcept { return readers_.wait(); }
    WaitQueue::Wait wait_writable() noexcept { return writers_.wait(); }
    // Wakes every waiting task, so it can see the socket is gone (on close).
    void wake_all() noexcept {
        readers_.grant_all();
        writers_.grant_all();
    }
    EventLoop& loop() const noexcept { return loop_; }

    void on_io(std::uint32_t events) noexcept override;

  private:
    EventLoop& loop_;
    int fd_;
    WaitQueue readers_;
    WaitQueue writers_;
};

}  // namespace asyncio::detail
