#include "asyncio/combinators/gather.hpp"

#include "asyncio/detail/core/awaited_by.hpp"

namespace asyncio::detail {

TaskCore* GatherWaiter::waiting_task_of(const CompletionNode& node) noexcept {
    if (node.on_done != &on_node_done) return nullptr;
    return static_cast<const Node&>(node).owner->task_;
}
namespace {
const bool gather_waiters_known = register_waiting_task_of(&GatherWaiter::waiting_task_of);
}

GatherWaiter::GatherWaiter(std::size_t capacity, bool return_exceptions)
    : children_(new TaskCore*[capacity]), return_exceptions_(return_exceptions) {}

GatherWaiter::~GatherWaiter() {
    for (std::size_t i = 0; i < count_; ++i) {
        TaskCore* task = children_[i];
        if (task->owner() == this && !task->done()) task->set_owner(nullptr);
        if (nodes_) task->remove_completion_node(nodes_[i]);
        // As in Python, the gather accounts for its children's failures: one it did not
        // hand on is not reported as never retrieved.
        task->mark_retrieved();
        task->release();
    }
}

bool GatherWaiter::await_suspend(std::coroutine_handle<> self) {
    task_ = &TaskCore::current_or_throw("co_await gather()");
    for (std::size_t i = 0; i < count_; ++i) {
        TaskCore& child = *children_[i];
        if (!child.done()) {
            watch(i);
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

void GatherWaiter::watch_through_node(std::size_t i) {
    if (!nodes_) {
        nodes_.reset(new Node[count_]);
        for (std::size_t j = 0; j < count_; ++j) {
            nodes_[j].on_done = &on_node_done;
            nodes_[j].owner = this;
            nodes_[j].task = children_[j];
        }
    }
    children_[i]->add_completion_node(nodes_[i]);
}

void GatherWaiter::on_node_done(CompletionNode& node) noexcept {
    auto& child = static_cast<Node&>(node);
    child.owner->on_task_done(*child.task);
}

void GatherWaiter::on_task_done(TaskCore& child) noexcept {
    --remaining_;
    if (woken_) return;
    if (!return_exceptions_ && child.has_exception()) {
        first_failure_ = &child;
        settle();
    } else if (remaining_ == 0) {
        settle();
    }
}

void GatherWaiter::settle() noexcept {
    woken_ = true;
    task_->wake();
}

bool GatherWaiter::cancel(TaskCore& task) noexcept {
    bool any = false;
    for (std::size_t i = 0; i < count_; ++i) {
        if (children_[i]->cancel(task.cancel_message())) any = true;
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
