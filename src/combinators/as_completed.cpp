#include "asyncio/combinators/as_completed.hpp"

#include "asyncio/detail/core/awaited_by.hpp"

namespace asyncio::detail {

TaskCore* CompletionQueue::waiting_task_of(const CompletionNode& node) noexcept {
    if (node.on_done != &on_task_done) return nullptr;
    const CompletionQueue& queue = *static_cast<const Node&>(node).owner;
    return queue.suspended_ ? queue.waiter_ : nullptr;
}
namespace {
const bool as_completed_waiters_known = register_waiting_task_of(&CompletionQueue::waiting_task_of);
}

CompletionQueue::CompletionQueue(std::vector<TaskCore*> tasks,
                                 std::optional<Clock::duration> timeout)
    : nodes_(new Node[tasks.size()]), count_(tasks.size()), loop_(get_running_loop()) {
    for (std::size_t i = 0; i < count_; ++i) {
        nodes_[i].on_done = &on_task_done;
        nodes_[i].owner = this;
        nodes_[i].task = tasks[i];
        if (tasks[i]->done()) {
            finished_.push_back(tasks[i]);
        } else {
            tasks[i]->add_completion_node(nodes_[i]);
        }
    }
    set_fire(&on_timeout);
    if (timeout) detail::LoopAccess::timers(loop_).push(*this, loop_.time() + *timeout);
}

CompletionQueue::~CompletionQueue() {
    for (std::size_t i = 0; i < count_; ++i) {
        nodes_[i].task->remove_completion_node(nodes_[i]);
        nodes_[i].task->mark_retrieved();  // handed out, or given up on by the caller
    }
    if (armed()) detail::LoopAccess::timers(loop_).remove(*this);
}

void CompletionQueue::wait(std::coroutine_handle<> self) {
    waiter_ = &TaskCore::current_or_throw("co_await as_completed()");
    suspended_ = true;
    waiter_->suspend(self, this);
}

TaskCore& CompletionQueue::take() {
    if (waiter_) {
        TaskCore* waiter = std::exchange(waiter_, nullptr);
        waiter->throw_if_cancel_requested();
    }
    if (finished_.empty()) {
        if (timed_out_) throw TimeoutError();
        throw InvalidStateError("as_completed(): awaited more results than there are tasks");
    }
    TaskCore& task = *finished_.front();
    finished_.pop_front();
    return task;
}

void CompletionQueue::on_task_done(CompletionNode& node) noexcept {
    auto& n = static_cast<Node&>(node);
    n.owner->finished_.push_back(n.task);
    n.owner->wake_waiter();
}

void CompletionQueue::on_timeout(TimerNode& node) noexcept {
    auto& self = static_cast<CompletionQueue&>(node);
    self.timed_out_ = true;
    self.wake_waiter();
}

void CompletionQueue::wake_waiter() noexcept {
    if (!suspended_) return;
    suspended_ = false;
    waiter_->wake();  // take() still checks it for a pending cancellation
}

bool CompletionQueue::cancel(TaskCore& task) noexcept {
    suspended_ = false;
    task.wake();
    return false;  // the waiting task raises CancelledError; the tasks go on
}

}  // namespace asyncio::detail
