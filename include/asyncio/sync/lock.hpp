// `Lock`: Python's asyncio.Lock, with an RAII guard in place of `async with lock:`.
//
//   auto guard = co_await lock.acquire();   // released when `guard` goes
//
// Fair: when the lock is released while tasks wait, it passes straight to the first of them
// (no task that arrives later can take it first). A waiter cancelled before its turn leaves
// the queue; one cancelled after the lock was handed to it holds the lock (its guard releases
// it as the cancellation unwinds at its next suspension point), so the lock is never lost.
#pragma once

#include <utility>

#include "asyncio/core/errors.hpp"
#include "asyncio/detail/sync/wait_queue.hpp"

namespace asyncio {

class Lock {
  public:
    // Releases the lock when it goes (or at `unlock()`), unless it was moved from.
    class Guard {
      public:
        explicit Guard(Lock& lock) noexcept : lock_(&lock) {}
        Guard(Guard&& other) noexcept : lock_(std::exchange(other.lock_, nullptr)) {}
        Guard& operator=(Guard other) noexcept {
            std::swap(lock_, other.lock_);
            return *this;
        }
        ~Guard() { unlock(); }
        void unlock() noexcept {
            if (Lock* lock = std::exchange(lock_, nullptr)) lock->release();
        }
        // Keeps the lock held without a guard (the caller will call release()).
        void dismiss() noexcept { lock_ = nullptr; }

      private:
        Lock* lock_;
    };

    Lock() = default;
    Lock(const Lock&) = delete;
    Lock& operator=(const Lock&) = delete;

    bool locked() const noexcept { return locked_; }

    class Acquire : public detail::WaitQueue::Awaiter {
      public:
        explicit Acquire(Lock& lock) noexcept
            : detail::WaitQueue::Awaiter(lock.waiters_), lock_(lock) {}
        bool await_ready() noexcept {
            if (lock_.locked_) return false;
            lock_.locked_ = true;
            return true;
        }
        [[nodiscard]] Guard await_resume() {
            detail::WaitQueue::Awaiter::await_resume();  // raises if cancelled before its turn
            return Guard(lock_);
        }

      private:
        Lock& lock_;
    };
    // `co_await lock.acquire()`: waits for the lock; gives a guard that releases it.
    Acquire acquire() noexcept { return Acquire(*this); }

    // Releases the lock, passing it to the first waiter if any. RuntimeError if not locked
    // (with Python's message).
    void release() {
        if (!locked_) throw RuntimeError("Lock is not acquired.");
        if (!waiters_.grant_one()) locked_ = false;
    }

  private:
    bool locked_ = false;
    detail::WaitQueue waiters_;
};

}  // namespace asyncio
