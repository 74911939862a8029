// The waiting room of every synchronization primitive: tasks suspended in FIFO order until
// the primitive grants them what they wait for (a lock, a permit, an event).
//
// Guarantees, for every primitive built on it: waiters are granted in the order they came;
// a waiter that is cancelled before it is granted leaves the queue at once and takes
// nothing; a waiter that is cancelled after it was granted keeps what it was granted (its
// co_await completes; the cancellation is delivered at its next suspension point), so a
// wake-up or a permit is never lost. (CPython lost Semaphore wake-ups this way until 3.11.x.)
#pragma once

#include <coroutine>

#include "asyncio/detail/core/task_core.hpp"

namespace asyncio::detail {

class WaitQueue {
  public:
    WaitQueue() = default;
    WaitQueue(const WaitQueue&) = delete;
    WaitQueue& operator=(const WaitQueue&) = delete;

    bool empty() const noexcept { return waiters_.empty(); }

    // Grants the first waiter and wakes it; false if nobody waits.
    bool grant_one() noexcept {
        CompletionNode* node = waiters_.pop_front();
        if (!node) return false;
        static_cast<Awaiter&>(*node).grant();
        return true;
    }
    void grant_all() noexcept {
        while (grant_one()) {
        }
    }

    // `co_await queue.wait()`: suspends the current task until granted. Raises
    // CancelledError if cancelled first.
    class Awaiter : private CancelHook, private CompletionNode {
      public:
        explicit Awaiter(WaitQueue& queue) noexcept : queue_(queue) {}
        // Movable until it is awaited, so that a combinator can take it (wait_for(e.wait(), 1s)).
        Awaiter(Awaiter&& idle) noexcept : queue_(idle.queue_) {}
        Awaiter(const Awaiter&) = delete;
        Awaiter& operator=(const Awaiter&) = delete;
        // Virtual: primitives extend it with their own checks (Lock::Acquire...).
        virtual ~Awaiter() {
            if (queued_) queue_.waiters_.remove(*this);
        }

        bool await_ready() const noexcept { return false; }
        void await_suspend(std::coroutine_handle<> self) {
            task_ = &TaskCore::current_or_throw("waiting on a synchronization primitive");
            queue_.waiters_.push_back(*this);
            queued_ = true;
            task_->suspend(self, this);
        }
        void await_resume() {
            if (task_ && !granted_) task_->throw_if_cancel_requested();  // suspended, not granted
        }

      private:
        friend class WaitQueue;
        void grant() noexcept {  // already taken off the list by grant_one()
            queued_ = false;
            granted_ = true;
            task_->wake();
        }
        bool cancel(TaskCore& task) noexcept override {
            queue_.waiters_.remove(*this);
            queued_ = false;
            task.wake();
            return false;  // not granted: the task raises CancelledError
        }

        WaitQueue& queue_;
        TaskCore* task_ = nullptr;
        bool queued_ = false;
        bool granted_ = false;
    };
    Awaiter wait() noexcept { return Awaiter(*this); }

  private:
    CompletionList waiters_;
};

}  // namespace asyncio::detail
