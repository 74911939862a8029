#include "asyncio/detail/loop/epoll_poller.hpp"

#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace asyncio::detail {
namespace {

[[noreturn]] void fail(const char* what) {
    throw std::system_error(errno, std::system_category(), what);
}

}  // namespace

EpollPoller::EpollPoller() : epfd_(::epoll_create1(EPOLL_CLOEXEC)), events_(256) {
    if (epfd_ < 0) fail("epoll_create1");
}

EpollPoller::~EpollPoller() { ::close(epfd_); }

void EpollPoller::add(int fd, std::uint32_t events, IoWatcher& watcher) {
    epoll_event ev{events, {.ptr = &watcher}};
    if (::epoll_ctl(epfd_, EPOLL_CTL_ADD, fd, &ev) < 0) fail("epoll_ctl(ADD)");
    ++watched_;
}

void EpollPoller::modify(int fd, std::uint32_t events, IoWatcher& watcher) {
    epoll_event ev{events, {.ptr = &watcher}};
    if (::epoll_ctl(epfd_, EPOLL_CTL_MOD, fd, &ev) < 0) fail("epoll_ctl(MOD)");
}

void EpollPoller::remove(int fd, IoWatcher& watcher) noexcept {
    // The fd may already be closed (the kernel then dropped it from the set itself).
    ::epoll_ctl(epfd_, EPOLL_CTL_DEL, fd, nullptr);
    --watched_;
    for (int i = next_; i < dispatching_; ++i) {
        if (events_[i].data.ptr == &watcher) events_[i].data.ptr = nullptr;
    }
}

void EpollPoller::poll(int timeout_ms) {
    int n = ::epoll_wait(epfd_, events_.data(), static_cast<int>(events_.size()), timeout_ms);
    if (n < 0) {
        if (errno == EINTR) return;  // a signal: its handler has woken the loop already
        fail("epoll_wait");
    }
    dispatching_ = n;
    for (next_ = 0; next_ < dispatching_;) {
        const epoll_event ev = events_[next_++];
        if (ev.data.ptr) static_cast<IoWatcher*>(ev.data.ptr)->on_io(ev.events);
    }
    dispatching_ = next_ = 0;
    if (static_cast<std::size_t>(n) == events_.size()) events_.resize(events_.size() * 2);
}

}  // namespace asyncio::detail
