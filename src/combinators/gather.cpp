#include "asyncio/combinators/gather.hpp"

namespace asyncio::detail {

void GatherWaiter::detach() noexcept {
    for (std::size_t i = 0; i < count_; ++i) {
        children_[i].future->remove_waiter(children_[i]);
        // As in Python, the gather accounts for its children's failures: one it did not
        // hand on is not reported as never retrieved.
        children_[i].future->mark_retrieved();
    }
}

void GatherWaiter::bind(Child* children, std::size_t count) noexcept {
    children_ = children;
    count_ = count;
    for (std::size_t i = 0; i < count; ++i) {
        children[i].owner = this;
        children[i].on_done = &on_child_done;
    }
}

bool GatherWaiter::ready() noexcept {
    remaining_ = 0;
    for (std::size_t i = 0; i < count_; ++i) {
        FutureCore& future = *children_[i].future;
        if (!future.done()) {
            ++remaining_;
        } else if (!return_exceptions_ && !first_failure_ && future.exception()) {
            first_failure_ = &future;
        }
    }
    return remaining_ == 0 || first_failure_;
}

void GatherWaiter::suspend(std::coroutine_handle<> self) {
    task_ = &TaskCore::current_or_throw("co_await gather()");
    for (std::size_t i = 0; i < count_; ++i) {
        if (!children_[i].future->done()) children_[i].future->add_waiter(children_[i]);
    }
    task_->suspend(self, this);
}

void GatherWaiter::on_child_done(Waiter& node) noexcept {
    auto& child = static_cast<Child&>(node);
    GatherWaiter& self = *child.owner;
    --self.remaining_;
    if (self.woken_) return;
    if (!self.return_exceptions_ && child.future->exception()) {
        self.first_failure_ = child.future;
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
        if (children_[i].future->cancel(task.cancel_message())) any = true;
    }
    if (any) cancel_requested_ = true;
    return any;
}

void GatherWaiter::rethrow() {
    if (task_) task_->throw_if_cancel_requested();
    if (first_failure_) first_failure_->rethrow_if_failed();
    if (cancel_requested_) throw CancelledError(task_->cancel_message());
}

}  // namespace asyncio::detail
