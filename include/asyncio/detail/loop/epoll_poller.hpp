// The loop's I/O poller, on epoll.
//
// A file descriptor is registered once with a watcher (an object that is told of its
// events); its interest can be changed without re-registering. Events are dispatched
// straight to the watchers. A watcher removed while a batch of events is being dispatched
// (say, by a callback that closes another connection) gets no further event from that
// batch, so a watcher may be destroyed as soon as it is removed.
#pragma once

#include <sys/epoll.h>

#include <cstdint>
#include <vector>

namespace asyncio::detail {

class IoWatcher {
  public:
    // `events` is the epoll mask (EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLHUP...).
    virtual void on_io(std::uint32_t events) noexcept = 0;

  protected:
    ~IoWatcher() = default;
};

class EpollPoller {
  public:
    EpollPoller();
    ~EpollPoller();
    EpollPoller(const EpollPoller&) = delete;
    EpollPoller& operator=(const EpollPoller&) = delete;

    void add(int fd, std::uint32_t events, IoWatcher& watcher);
    void modify(int fd, std::uint32_t events, IoWatcher& watcher);
    void remove(int fd, IoWatcher& watcher) noexcept;
    std::size_t watched() const noexcept { return watched_; }

    // Waits up to `timeout_ms` (-1: without limit) and dispatches what arrived.
    void poll(int timeout_ms);

  private:
    int epfd_;
    std::size_t watched_ = 0;
    std::vector<epoll_event> events_;
    int dispatching_ = 0;  // events of the current batch still to dispatch
    int next_ = 0;
};

}  // namespace asyncio::detail
