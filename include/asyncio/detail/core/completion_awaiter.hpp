// Suspends the current task until a future or another task completes.
//
// Python's rule for awaiting a future: cancelling the waiting task cancels what it awaits,
// and the waiting task then wakes with that outcome (so a task that swallows its
// cancellation still hands its value to its awaiter). Awaiting something already done does
// not suspend and is not a cancellation point. A shielded wait (`shield()`) is the
// exception: cancelling the waiting task only stops the waiting, and what it awaited goes on.
// A task that awaits itself gets RuntimeError at that await, on the loop's next turn as in
// Python (it would never wake, and cancelling it would cancel itself without end).
#pragma once

#include <coroutine>

#include "asyncio/core/errors.hpp"
#include "asyncio/detail/core/task_core.hpp"

namespace asyncio::detail {

class CompletionAwaiter : private CancelHook, private CompletionNode {
  public:
    explicit CompletionAwaiter(FutureCore& target, bool shielded = false) noexcept
        : target_(target), shielded_(shielded) {
        on_done = &on_target_done;
    }
    CompletionAwaiter(const CompletionAwaiter&) = delete;
    CompletionAwaiter& operator=(const CompletionAwaiter&) = delete;
    ~CompletionAwaiter() { target_.remove_completion_node(*this); }

    bool await_ready() const noexcept { return target_.done(); }
    void await_suspend(std::coroutine_handle<> self) {
        TaskCore& task = TaskCore::current_or_throw("co_await of a task or future");
        task_ = &task;
        if (&task == &target_) [[unlikely]] {  // the error comes in on the next turn
            awaits_itself_ = true;
            task.suspend(self, nullptr);
            task.wake();
            return;
        }
        target_.add_completion_node(*this);
        task_->suspend(self, this);
    }
    // Call first in await_resume. A result that has arrived is handed over even if a
    // cancellation was requested after it arrived: that one is delivered at the task's next
    // suspension point (so a timeout expiring in the same turn loses no result).
    void resume() {
        if (!task_ || target_.done()) return;
        task_->throw_if_cancel_requested();
        if (awaits_itself_) [[unlikely]]
            throw RuntimeError("Task cannot await on itself");
    }
    FutureCore& target() const noexcept { return target_; }

    // For the call graph (detail/core/awaited_by.hpp): the task behind `node`, if it is one
    // of these awaiters (and its task is suspended in it).
    static TaskCore* waiting_task_of(const CompletionNode& node) noexcept {
        if (node.on_done != &on_target_done) return nullptr;
        return static_cast<const CompletionAwaiter&>(node).task_;
    }

  private:
    bool cancel(TaskCore& task) noexcept override {
        if (!shielded_) return target_.cancel(task.cancel_message());
        target_.remove_completion_node(*this);
        task.wake();
        return false;  // the waiting task raises CancelledError; the target goes on
    }
    static void on_target_done(CompletionNode& node) noexcept {
        static_cast<CompletionAwaiter&>(node).task_->wake();
    }

    FutureCore& target_;
    TaskCore* task_ = nullptr;
    bool shielded_;
    bool awaits_itself_ = false;
};

}  // namespace asyncio::detail
