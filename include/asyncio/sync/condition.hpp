// `Condition`: Python's asyncio.Condition, over a `Lock`.
//
//   auto guard = co_await cond.lock().acquire();
//   co_await cond.wait_for([&] { return !items.empty(); });
//
// `wait()` must be called with the lock held: it releases the lock, waits for a notify, and
// takes the lock again before returning, even when it is cancelled (it then raises
// CancelledError holding the lock, so the caller's guard stays right). Waiters are notified
// in FIFO order; a waiter cancelled before its notification takes none, one cancelled after
// keeps it.
#pragma once

#include <cstddef>
#include <exception>
#include <optional>
#include <utility>

#include "asyncio/core/coro.hpp"
#include "asyncio/core/errors.hpp"
#include "asyncio/detail/sync/wait_queue.hpp"
#include "asyncio/sync/lock.hpp"

namespace asyncio {

class Condition {
  public:
    Condition() : owned_(std::in_place), lock_(&*owned_) {}
    explicit Condition(Lock& lock) noexcept : lock_(&lock) {}
    Condition(const Condition&) = delete;
    Condition& operator=(const Condition&) = delete;

    Lock& lock() noexcept { return *lock_; }

    // Releases the lock, waits to be notified, takes the lock back.
    Coro<> wait() {
        if (!lock_->locked()) throw RuntimeError("cannot wait on un-acquired lock");
        lock_->release();
        std::exception_ptr cancelled;
        try {
            co_await waiters_.wait();
        } catch (const CancelledError&) {
            cancelled = std::current_exception();
        }
        // The lock must be held again on the way out, whatever happens meanwhile.
        for (;;) {
            try {
                (co_await lock_->acquire()).dismiss();
                break;
            } catch (const CancelledError&) {
                cancelled = std::current_exception();
            }
        }
        if (cancelled) std::rethrow_exception(cancelled);
    }

    // Waits until `predicate()` holds (checked with the lock held); returns its last value.
    template <class Predicate>
    Coro<bool> wait_for(Predicate predicate) {
        while (!predicate()) co_await wait();
        co_return true;
    }

    // Wakes up to `n` waiters (they run once they get the lock). Needs the lock held.
    void notify(std::size_t n = 1) {
        if (!lock_->locked()) throw RuntimeError("cannot notify on un-acquired lock");
        while (n-- > 0 && waiters_.grant_one()) {
        }
    }
    void notify_all() {
        if (!lock_->locked()) throw RuntimeError("cannot notify on un-acquired lock");
        waiters_.grant_all();
    }

  private:
    std::optional<Lock> owned_;
    Lock* lock_;
    detail::WaitQueue waiters_;
};

}  // namespace asyncio
