#include "asyncio/combinators/wait.hpp"

#include "asyncio/detail/core/awaited_by.hpp"

namespace asyncio::detail {

TaskCore* WaitAwaiter::waiting_task_of(const CompletionNode& node) noexcept {
    if (node.on_done != &on_task_done) return nullptr;
    return static_cast<const Node&>(node).owner->waiter_;
}
namespace {
const bool wait_waiters_known = register_waiting_task_of(&WaitAwaiter::waiting_task_of);
}

WaitAwaiter::WaitAwaiter(std::vector<TaskCore*> tasks, ReturnWhen when,
                         std::optional<Clock::duration> timeout)
    : nodes_(new Node[tasks.size()]), count_(tasks.size()), timeout_(timeout), when_(when) {
    for (std::size_t i = 0; i < count_; ++i) {
        nodes_[i].on_done = &on_task_done;
        nodes_[i].owner = this;
        nodes_[i].task = tasks[i];
        if (!tasks[i]->done())
            ++remaining_;
        else if (settles(*tasks[i]))
            satisfied_ = true;
    }
    if (remaining_ == 0) satisfied_ = true;
    set_fire(&on_timeout);
}

WaitAwaiter::~WaitAwaiter() { detach(); }

void WaitAwaiter::detach() noexcept {
    for (std::size_t i = 0; i < count_; ++i) nodes_[i].task->remove_completion_node(nodes_[i]);
    if (armed()) detail::LoopAccess::timers(loop_of(*waiter_)).remove(*this);
}

bool WaitAwaiter::settles(const TaskCore& task) const noexcept {
    switch (when_) {
        case ReturnWhen::FIRST_COMPLETED:
            return true;
        case ReturnWhen::FIRST_EXCEPTION:
            return task.failed();
        case ReturnWhen::ALL_COMPLETED:
            return false;
    }
    return false;
}

void WaitAwaiter::await_suspend(std::coroutine_handle<> self) {
    waiter_ = &TaskCore::current_or_throw("co_await wait()");
    for (std::size_t i = 0; i < count_; ++i) {
        if (!nodes_[i].task->done()) nodes_[i].task->add_completion_node(nodes_[i]);
    }
    if (timeout_) {
        EventLoop& loop = loop_of(*waiter_);
        detail::LoopAccess::timers(loop).push(*this, loop.time() + *timeout_);
    }
    waiter_->suspend(self, this);
}

void WaitAwaiter::await_resume() {
    if (waiter_) waiter_->throw_if_cancel_requested();
}

void WaitAwaiter::on_task_done(CompletionNode& node) noexcept {
    auto& n = static_cast<Node&>(node);
    WaitAwaiter& self = *n.owner;
    --self.remaining_;
    if (!self.satisfied_ && (self.remaining_ == 0 || self.settles(*n.task))) self.settle();
}

void WaitAwaiter::on_timeout(TimerNode& node) noexcept {
    auto& self = static_cast<WaitAwaiter&>(node);
    if (!self.satisfied_) self.settle();
}

// Python's wait() completes a future of its own from the tasks' done callbacks, which wakes
// the waiting task one turn later: tasks that finish in between are in `done` too.
void WaitAwaiter::settle() noexcept {
    satisfied_ = true;
    detach();
    waiter_->wake_next_turn();
}

bool WaitAwaiter::cancel(TaskCore& task) noexcept {
    // The waiting task raises CancelledError when it wakes; the tasks go on.
    if (satisfied_) return false;  // settled: its wake-up is on its way
    satisfied_ = true;
    detach();
    task.wake();
    return false;
}

}  // namespace asyncio::detail
