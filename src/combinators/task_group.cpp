#include "asyncio/combinators/task_group.hpp"

namespace asyncio::detail {

TaskGroupState::~TaskGroupState() {
    // Only reached with children left if the task_group() coroutine was destroyed while
    // suspended (its loop was torn down): they must not report to a group that is gone.
    children_.for_each([](TaskCore& task) { task.set_owner(nullptr); });
}

// As Python's done callback, the group looks at a finished child on the loop's next turn:
// children already scheduled for this turn still run their step first (two children that
// fail in the same turn both make it into the ExceptionGroup).
void TaskGroupState::on_task_done(TaskCore& child) noexcept {
    child.add_ref();  // until the group has looked at it
    parent_.scheduler().schedule(&look_at_child, &child);
}

void TaskGroupState::look_at_child(void* arg, Action action) noexcept {
    TaskCore& child = *static_cast<TaskCore*>(arg);
    if (action == Action::discard) return child.release();  // the group may be gone
    TaskGroupState& group = static_cast<TaskGroupState&>(*child.owner());
    --group.live_;
    if (child.failed()) {
        group.errors_.push_back(child.exception());
        // The first failure aborts the group: the other children, and whatever the body is
        // awaiting (unless the parent is already being cancelled, from outside or by us).
        if (!group.aborting_ && !group.parent_cancel_requested_) {
            group.abort();
            group.parent_cancel_requested_ = true;
            group.parent_cancel_pending_ = true;
            group.parent_.cancel();
        }
    }
    if (group.live_ == 0 && group.parent_suspended_) {
        group.parent_suspended_ = false;
        group.parent_.wake();
    }
    child.release();
}

void TaskGroupState::abort() noexcept {
    aborting_ = true;
    children_.for_each([](TaskCore& task) { task.cancel(); });
}

TaskGroupState::Exit TaskGroupState::exit(std::exception_ptr body_error) noexcept {
    exiting_ = true;
    bool body_cancelled = false;
    if (body_error) {
        try {
            std::rethrow_exception(body_error);
        } catch (const CancelledError&) {
            body_cancelled = true;
        } catch (...) {
        }
    }
    if (body_cancelled) propagate_cancellation_ = body_error;
    // Our own cancellation of the parent (for a failed child) is not one to propagate.
    if (parent_cancel_pending_) {
        parent_cancel_pending_ = false;
        if (parent_.uncancel() == 0) propagate_cancellation_ = nullptr;
    }
    if (body_error && !body_cancelled) body_error_ = std::move(body_error);
    if (body_error_ || body_cancelled) {
        if (!aborting_) abort();
    }
    return Exit(*this);
}

// The parent is cancelled while it waits for the children: cancel them, keep waiting, and
// propagate the cancellation afterwards (unless children failed: their group wins).
bool TaskGroupState::cancel(TaskCore& task) noexcept {
    if (!aborting_) {
        propagate_cancellation_ = std::make_exception_ptr(CancelledError(task.cancel_message()));
        abort();
    }
    return true;  // the wait goes on; finish_exit() raises
}

void TaskGroupState::take_pending_cancellation() {
    try {
        parent_.throw_if_cancel_requested();
    } catch (const CancelledError&) {
        if (!aborting_) propagate_cancellation_ = std::current_exception();
    }
}

void TaskGroupState::finish_exit() {
    if (parent_cancel_pending_) {
        // A child failed while the body was already waiting here: take our request back.
        parent_cancel_pending_ = false;
        parent_.uncancel();
    }
    if (propagate_cancellation_ && errors_.empty()) std::rethrow_exception(propagate_cancellation_);
    if (body_error_) errors_.push_back(body_error_);
    if (!errors_.empty()) {
        // A cancellation from outside that arrived while the group was failing is not lost
        // under the ExceptionGroup: re-armed, it is delivered at the task's next await
        // (Python 3.13).
        if (parent_.cancelling() > 0) {
            parent_.uncancel();
            parent_.cancel();
        }
        throw ExceptionGroup("unhandled errors in a TaskGroup", std::move(errors_));
    }
}

}  // namespace asyncio::detail
