// `Semaphore` and `BoundedSemaphore`: Python's asyncio semaphores, with an RAII guard.
//
//   auto permit = co_await sem.acquire();   // released when `permit` goes
//
// Fair: a released permit goes straight to the first waiter. A waiter cancelled before its
// turn takes nothing; one cancelled after a permit was handed to it keeps the permit (its
// guard returns it as the cancellation unwinds), so no permit and no wake-up is ever lost
// (the bug CPython's Semaphore had until 3.11.x). A BoundedSemaphore released more times than
// it was acquired raises ValueError.
#pragma once

#include <cstddef>
#include <utility>

#include "asyncio/core/errors.hpp"
#include "asyncio/detail/sync/wait_queue.hpp"

namespace asyncio {

class Semaphore {
  public:
    // Returns its permit when it goes (or at `release()`), unless moved from.
    class Permit {
      public:
        explicit Permit(Semaphore& semaphore) noexcept : semaphore_(&semaphore) {}
        Permit(Permit&& other) noexcept : semaphore_(std::exchange(other.semaphore_, nullptr)) {}
        Permit& operator=(Permit other) noexcept {
            std::swap(semaphore_, other.semaphore_);
            return *this;
        }
        ~Permit() { release(); }
        void release() noexcept {
            if (Semaphore* s = std::exchange(semaphore_, nullptr)) s->release_permit();
        }
        // Keeps the permit without a guard (the caller will call the semaphore's release()).
        void dismiss() noexcept { semaphore_ = nullptr; }

      private:
        Semaphore* semaphore_;
    };

    explicit Semaphore(std::size_t value = 1) noexcept : value_(value) {}
    Semaphore(const Semaphore&) = delete;
    Semaphore& operator=(const Semaphore&) = delete;

    // No permit is free (acquire() would wait).
    bool locked() const noexcept { return value_ == 0 || !waiters_.empty(); }
    std::size_t value() const noexcept { return value_; }

    class Acquire : public detail::WaitQueue::Awaiter {
      public:
        explicit Acquire(Semaphore& s) noexcept
            : detail::WaitQueue::Awaiter(s.waiters_), semaphore_(s) {}
        bool await_ready() noexcept {
            if (semaphore_.locked()) return false;  // waiters first: no overtaking
            --semaphore_.value_;
            return true;
        }
        [[nodiscard]] Permit await_resume() {
            detail::WaitQueue::Awaiter::await_resume();
            return Permit(semaphore_);
        }

      private:
        Semaphore& semaphore_;
    };
    // `co_await sem.acquire()`: waits for a permit; gives a guard that returns it.
    Acquire acquire() noexcept { return Acquire(*this); }

    // Returns a permit (ValueError for a BoundedSemaphore released too often).
    void release() {
        if (value_ >= bound_) throw ValueError("BoundedSemaphore released too many times");
        release_permit();
    }

  protected:
    Semaphore(std::size_t value, std::size_t bound) noexcept : value_(value), bound_(bound) {}

  private:
    void release_permit() noexcept {
        if (!waiters_.grant_one()) ++value_;  // the permit passes to the first waiter
    }

    std::size_t value_;
    std::size_t bound_ = static_cast<std::size_t>(-1);  // no bound
    detail::WaitQueue waiters_;
};

class BoundedSemaphore : public Semaphore {
  public:
    explicit BoundedSemaphore(std::size_t value = 1) noexcept : Semaphore(value, value) {}
};

}  // namespace asyncio
