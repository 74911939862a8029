#include "asyncio/combinators/task_group.hpp"

#include "asyncio/core/frame_allocator.hpp"

namespace asyncio::detail {

// A child: a waiter on the child task, and a link in the group's list of children not done.
struct TaskGroupState::Child : Waiter {
    TaskGroupState* group;
    TaskCore* task;
    Child* prev;
    Child* next_live;

    // From the frame recycler: a group adds and drops many of these.
    static void* operator new(std::size_t size) { return allocate_frame(size); }
    static void operator delete(void* p, std::size_t size) noexcept { deallocate_frame(p, size); }
};

TaskGroupState::~TaskGroupState() {
    // Only reached with children left if the task_group() coroutine was destroyed while
    // suspended (its loop was torn down): let go of them.
    while (Child* child = children_) {
        children_ = child->next_live;
        child->task->remove_waiter(*child);
        child->task->release();
        delete child;
    }
}

void TaskGroupState::check_can_add() const {
    if (exiting_ && live_ == 0) throw RuntimeError("TaskGroup is finished");
    if (aborting_) throw RuntimeError("TaskGroup is shutting down");
}

void TaskGroupState::adopt(TaskCore& task) {
    auto* child = new Child;
    child->on_done = &on_child_done;
    child->group = this;
    child->task = &task;
    child->prev = nullptr;
    child->next_live = children_;
    if (children_) children_->prev = child;
    children_ = child;
    ++live_;
    task.add_waiter(*child);
}

void TaskGroupState::on_child_done(Waiter& node) noexcept {
    auto* child = static_cast<Child*>(&node);
    TaskGroupState& group = *child->group;
    TaskCore& task = *child->task;
    (child->prev ? child->prev->next_live : group.children_) = child->next_live;
    if (child->next_live) child->next_live->prev = child->prev;
    delete child;
    --group.live_;

    if (!task.cancelled() && task.failed()) {
        group.errors_.push_back(task.exception());
        // The first failure aborts the group: the other children, and whatever the body is
        // awaiting (unless the parent is already being cancelled, from outside or by us).
        if (!group.aborting_ && !group.parent_cancel_requested_) {
            group.abort();
            group.parent_cancel_requested_ = true;
            group.parent_cancel_pending_ = true;
            group.parent_.cancel();
        }
    }
    task.release();
    if (group.live_ == 0 && group.waiting_) {
        group.waiting_ = false;
        group.parent_.wake();
    }
}

void TaskGroupState::abort() noexcept {
    aborting_ = true;
    for (Child* child = children_; child; child = child->next_live) child->task->cancel();
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

void TaskGroupState::finish_exit() {
    if (parent_cancel_pending_) {
        // A child failed while the body was already waiting here: take our request back.
        parent_cancel_pending_ = false;
        parent_.uncancel();
    }
    if (propagate_cancellation_ && errors_.empty()) std::rethrow_exception(propagate_cancellation_);
    if (body_error_) errors_.push_back(body_error_);
    if (!errors_.empty()) {
        throw ExceptionGroup("unhandled errors in a TaskGroup", std::move(errors_));
    }
}

}  // namespace asyncio::detail
