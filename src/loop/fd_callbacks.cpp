// Watching file descriptors with callbacks: Python's add_reader, add_writer, remove_reader,
// remove_writer (level-triggered, one registration per descriptor for both sides).
#include "event_loop_internals.hpp"

namespace asyncio {

void EventLoop::FdCallbacks::on_io(std::uint32_t happened) noexcept {
    // Errors and hang-ups wake both sides, as they would select() in Python.
    constexpr std::uint32_t kTrouble = EPOLLERR | EPOLLHUP;
    try {
        if (reader && (happened & (EPOLLIN | kTrouble))) reader();
        if (writer && (happened & (EPOLLOUT | kTrouble))) writer();
    } catch (...) {
        detail::report_callback_exception();
    }
}

EventLoop::FdCallbacks& EventLoop::fd_callbacks(int fd) {
    auto& slot = fds_[fd];
    if (!slot) slot = std::make_unique<FdCallbacks>(fd);
    return *slot;
}

void EventLoop::add_fd_callback(int fd, bool reader, std::function<void()> fn) {
    check_open();
    FdCallbacks& callbacks = fd_callbacks(fd);
    const std::uint32_t events = callbacks.events | (reader ? EPOLLIN : EPOLLOUT);
    if (callbacks.events == 0) {
        poller_.add(fd, events, callbacks);
    } else if (events != callbacks.events) {
        poller_.modify(fd, events, callbacks);
    }
    callbacks.events = events;
    (reader ? callbacks.reader : callbacks.writer) = std::move(fn);
}

void EventLoop::add_reader(int fd, std::function<void()> fn) {
    add_fd_callback(fd, true, std::move(fn));
}
void EventLoop::add_writer(int fd, std::function<void()> fn) {
    add_fd_callback(fd, false, std::move(fn));
}

bool EventLoop::drop_fd_callback(int fd, bool reader) {
    auto it = fds_.find(fd);
    if (it == fds_.end()) return false;
    FdCallbacks& callbacks = *it->second;
    const std::uint32_t side = reader ? EPOLLIN : EPOLLOUT;
    if (!(callbacks.events & side)) return false;
    callbacks.events &= ~side;
    if (callbacks.events != 0) {
        poller_.modify(fd, callbacks.events, callbacks);
    } else {
        poller_.remove(fd, callbacks);
    }
    // The callback may be the one running now: keep it alive until the end of the turn.
    retired_callbacks_.push_back(std::move(reader ? callbacks.reader : callbacks.writer));
    (reader ? callbacks.reader : callbacks.writer) = nullptr;
    return true;
}

bool EventLoop::remove_reader(int fd) { return drop_fd_callback(fd, true); }
bool EventLoop::remove_writer(int fd) { return drop_fd_callback(fd, false); }

}  // namespace asyncio
