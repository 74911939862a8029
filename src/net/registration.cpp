#include "asyncio/detail/net/registration.hpp"

#include "asyncio/loop/event_loop.hpp"

namespace asyncio::detail {

Registration::Registration(EventLoop& loop, int fd) : loop_(loop), fd_(fd) {
    detail::LoopAccess::poller(loop_).add(fd_, EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET, *this);
}

Registration::~Registration() { detail::LoopAccess::poller(loop_).remove(fd_, *this); }

void Registration::on_io(std::uint32_t events) noexcept {
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

}  // namespace asyncio::detail
