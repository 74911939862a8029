// `Barrier`: Python's asyncio.Barrier (3.11). `co_await barrier.wait()` suspends until
// `parties` tasks are waiting, then lets them all go and gives each its arrival index
// (0..parties-1, unique within a round); the barrier then starts a new round (cyclic).
// `reset()` makes the waiters of the current round raise `BrokenBarrierError` and leaves the
// barrier usable for the next round (also after an abort); `abort()` breaks it for good:
// current and future waiters raise `BrokenBarrierError` until `reset()`. `parties()`,
// `n_waiting()`, `broken()` are Python's. Unlike Python, `reset()` and `abort()` are plain
// calls (there is nothing to wait for).
//
// Cancellation, as CPython: a waiter cancelled before the round fills leaves the round and does
// not break the barrier; the round still needs `parties` others. It leaves when the cancelled task
// runs again (normally the next loop turn: `n_waiting()` drops then), which is also when CPython's
// count drops; until then it still counts, so a round that fills in that window passes with one
// task fewer, in CPython too. Deliberate difference (the WaitQueue rule, see
// detail/sync/wait_queue.hpp): a waiter cancelled after its round filled keeps its pass (its
// co_await returns its index; the cancellation comes at its next suspension point), where CPython
// raises CancelledError. Indices are given in arrival order among the waiters still in the round
// when it fills, so they stay unique even after a cancellation (CPython can then repeat an index).
#pragma once

#include <coroutine>
#include <cstddef>

#include "asyncio/core/errors.hpp"
#include "asyncio/detail/sync/wait_queue.hpp"

namespace asyncio {

// Raised by Barrier::wait() when the barrier is reset or aborted.
class BrokenBarrierError : public Error {
  public:
    using Error::Error;
    BrokenBarrierError() : Error("BrokenBarrierError") {}
};

class Barrier {
  public:
    // ValueError if `parties` is 0.
    explicit Barrier(std::size_t parties) : parties_(parties) {
        if (parties == 0) throw ValueError("parties must be > 0");
    }
    Barrier(const Barrier&) = delete;
    Barrier& operator=(const Barrier&) = delete;

    std::size_t parties() const noexcept { return parties_; }
    // The tasks waiting in the current round.
    std::size_t n_waiting() const noexcept { return count_; }
    bool broken() const noexcept { return broken_; }

    class Wait : public detail::WaitQueue::Awaiter {
      public:
        explicit Wait(Barrier& barrier) noexcept
            : detail::WaitQueue::Awaiter(barrier.waiters_), barrier_(barrier) {}
        Wait(Wait&& idle) noexcept : Wait(idle.barrier_) {}  // until awaited (wait_for...)
        ~Wait() override {
            if (in_round_) barrier_.leave(*this);  // destroyed while suspended
        }

        bool await_ready() noexcept {
            if (barrier_.broken_) {
                outcome_ = Outcome::aborted;
                return true;
            }
            barrier_.join(*this);
            if (barrier_.count_ < barrier_.parties_) return false;
            barrier_.end_round(Outcome::passed);  // the last arrival lets the round go
            return true;
        }
        std::size_t await_resume() {
            try {
                detail::WaitQueue::Awaiter::await_resume();  // raises if cancelled before its pass
            } catch (...) {
                if (in_round_) barrier_.leave(*this);
                throw;
            }
            // Python's two messages: a round that broke, a barrier already broken on arrival.
            if (outcome_ == Outcome::broken) throw BrokenBarrierError("Abort or reset of barrier");
            if (outcome_ == Outcome::aborted) throw BrokenBarrierError("Barrier aborted");
            return index_;
        }

      private:
        friend class Barrier;
        enum class Outcome : unsigned char { pending, passed, broken, aborted };

        Barrier& barrier_;
        Wait* prev_ = nullptr;  // the round, in arrival order
        Wait* next_ = nullptr;
        std::size_t index_ = 0;
        Outcome outcome_ = Outcome::pending;
        bool in_round_ = false;
    };
    // `co_await barrier.wait()`: the arrival index, or BrokenBarrierError.
    [[nodiscard]] Wait wait() noexcept { return Wait(*this); }

    // Breaks the current round (its waiters raise BrokenBarrierError); the barrier is usable
    // again at once, even after abort().
    void reset() noexcept {
        end_round(Wait::Outcome::broken);
        broken_ = false;
    }
    // Breaks the barrier: current and future waiters raise BrokenBarrierError until reset().
    void abort() noexcept {
        broken_ = true;
        end_round(Wait::Outcome::broken);
    }

  private:
    void join(Wait& w) noexcept {
        w.prev_ = tail_;
        w.next_ = nullptr;
        (tail_ ? tail_->next_ : head_) = &w;
        tail_ = &w;
        w.in_round_ = true;
        ++count_;
    }
    void leave(Wait& w) noexcept {
        (w.prev_ ? w.prev_->next_ : head_) = w.next_;
        (w.next_ ? w.next_->prev_ : tail_) = w.prev_;
        w.prev_ = w.next_ = nullptr;
        w.in_round_ = false;
        --count_;
    }
    // Settles every waiter of the round, then wakes those still queued (a waiter cancelled
    // meanwhile is no longer queued and raises CancelledError).
    void end_round(Wait::Outcome outcome) noexcept {
        std::size_t index = 0;
        for (Wait* w = head_; w;) {
            Wait* next = w->next_;
            w->index_ = index++;
            w->outcome_ = outcome;
            w->in_round_ = false;
            w->prev_ = w->next_ = nullptr;
            w = next;
        }
        head_ = tail_ = nullptr;
        count_ = 0;
        waiters_.grant_all();
    }

    std::size_t parties_;
    std::size_t count_ = 0;
    bool broken_ = false;
    Wait* head_ = nullptr;
    Wait* tail_ = nullptr;
    detail::WaitQueue waiters_;
};

}  // namespace asyncio
