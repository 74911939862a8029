// `Event`: Python's asyncio.Event. `co_await event.wait()` suspends until `set()`; while the
// event is set, waiting returns at once. `set()` wakes every waiter; `clear()` resets.
#pragma once

#include "asyncio/detail/sync/wait_queue.hpp"

namespace asyncio {

class Event {
  public:
    bool is_set() const noexcept { return set_; }
    void set() noexcept {
        set_ = true;
        waiters_.grant_all();
    }
    void clear() noexcept { set_ = false; }

    class Wait : public detail::WaitQueue::Awaiter {
      public:
        explicit Wait(Event& event) noexcept
            : detail::WaitQueue::Awaiter(event.waiters_), event_(event) {}
        bool await_ready() const noexcept { return event_.set_; }

      private:
        Event& event_;
    };
    Wait wait() noexcept { return Wait(*this); }

  private:
    bool set_ = false;
    detail::WaitQueue waiters_;
};

}  // namespace asyncio
