#include "asyncio/combinators/gather.hpp"

namespace asyncio::detail {

GatherWaiter::GatherWaiter(std::size_t count, bool return_exceptions)
    : children_(new Child[count]), count_(count), return_exceptions_(return_exceptions) {
    for (std::size_t i = 0; i < count; ++i) {
        children_[i].on_done = &on_child_done;
        children_[i].owner = this;
        children_[i].task = nullptr;
    }
}

GatherWaiter::~GatherWaiter() {
    for (std::size_t i = 0; i < count_; ++i) {
        TaskCore* task = children_[i].task;
        if (!task) continue;  // construction failed part way
        task->remove_completion_node(children_[i]);
        // As in Python, the gather accounts for its children's failures: one it did not
        // hand on is not reported as never retrieved.
        task->mark_retrieved();
        task->release();
    }
}

bool GatherWaiter::await_suspend(std::coroutine_handle<> self) {
    task_ = &TaskCore::current_or_throw("co_await gather()");
    for (std::size_t i = 0; i < count_; ++i) {
        TaskCore& child = *children_[i].task;
        if (!child.done()) {
            child.add_completion_node(children_[i]);
            ++remaining_;
        } else if (!return_exceptions_ && !first_failure_ && child.has_exception()) {
            first_failure_ = &child;
        }
    }
    if (remaining_ == 0 || first_failure_) {
        task_ = nullptr;  // not suspended: not a cancellation point
        return false;
    }
    task_->suspend(self, this);
    return true;
}

void GatherWaiter::on_child_done(CompletionNode& node) noexcept {
    auto& child = static_cast<Child&>(node);
    GatherWaiter& self = *child.owner;
    --self.remaining_;
    if (self.woken_) return;
    if (!self.return_exceptions_ && child.task->has_exception()) {
        self.first_failure_ = child.task;
        self.settle();
    } else if (self.remaining_ == 0) {
        self.settle();
    }
}

void GatherWaiter::settle() noexcept {
    woken_ = true;
    task_->wake();
}

bool GatherWaiter::cancel(TaskCore& task) noexcept {
    bool any = false;
    for (std::size_t i = 0; i < count_; ++i) {
        if (children_[i].task->cancel(task.cancel_message())) any = true;
    }
    if (any) cancel_requested_ = true;
    return any;
}

void GatherWaiter::rethrow() {
    // Settled: the results are in, and a later cancellation waits for the next suspension
    // point (see CompletionAwaiter::resume).
    if (task_ && !woken_) task_->throw_if_cancel_requested();
    if (first_failure_) first_failure_->rethrow_if_failed();
    if (cancel_requested_) throw CancelledError(task_->cancel_message());
}

}  // namespace asyncio::detail
