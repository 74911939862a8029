// The parts of EventLoop that its source files share, and nobody else: the eventfd that wakes
// the loop, the callbacks watching a file descriptor, and the signal state.
#pragma once

#include <functional>

#include "asyncio/loop/event_loop.hpp"

namespace asyncio {

// The eventfd that wakes the loop from other threads and from signal handlers.
class EventLoop::Wakeup final : public detail::IoWatcher {
  public:
    explicit Wakeup(EventLoop& loop);
    ~Wakeup();
    int fd() const noexcept { return fd_; }
    void notify() noexcept;
    void on_io(std::uint32_t) noexcept override;

  private:
    EventLoop& loop_;
    int fd_;
};

// The reader and writer callbacks of one file descriptor (Python's add_reader/add_writer).
struct EventLoop::FdCallbacks final : detail::IoWatcher {
    int fd;
    std::uint32_t events = 0;  // as registered with epoll
    std::function<void()> reader;
    std::function<void()> writer;

    explicit FdCallbacks(int fd) : fd(fd) {}
    void on_io(std::uint32_t happened) noexcept override;
};

namespace detail {
// Prints the exception a callback let escape (the loop goes on, as Python's does).
void report_callback_exception() noexcept;
// A signal has arrived that no loop has dispatched yet.
bool signals_pending() noexcept;
// Signal handlers stop writing to `fd` (its loop is going away).
void forget_signal_wakeup_fd(int fd) noexcept;
}  // namespace detail

}  // namespace asyncio
