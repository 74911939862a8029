#include "asyncio/detail/core/task_core.hpp"

#include <string>
#include <utility>

#include "asyncio/core/errors.hpp"

namespace asyncio::detail {
bool TaskCore::cancel(std::string_view message) {
    if (done()) return false;
    if (cancels_requested_ < UINT16_MAX) ++cancels_requested_;
    if (!message.empty() || extras_) extras().cancel_message = message;
    if (started_ && cancel_hook_ && cancel_hook_->cancel(*this)) return true;
    must_cancel_ = true;
    return true;
}

std::string TaskCore::name() const {
    if (extras_ && !extras_->name.empty()) return extras_->name;
    return "Task-" + std::to_string(serial_);
}

void TaskCore::set_name(std::string_view name) { extras().name = name; }

const std::string& TaskCore::cancel_message() const noexcept {
    static const std::string none;
    return extras_ ? extras_->cancel_message : none;
}

TaskCore& TaskCore::current_or_throw(const char* what) {
    TaskCore* task = current();
    if (!task) throw RuntimeError(std::string(what) + " outside of a task (is the loop running?)");
    return *task;
}

TaskCore::Extras& TaskCore::extras() {
    if (!extras_) extras_ = std::make_unique<Extras>();
    return *extras_;
}

void TaskCore::raise_cancelled() {
    must_cancel_ = false;
    throw CancelledError(cancel_message());
}

void TaskCore::start_batch(void* first, Action action) noexcept {
    for (auto* task = static_cast<TaskCore*>(first); task;) {
        TaskCore* next = std::exchange(task->next_to_start_, nullptr);
        step(task, action);  // may destroy the task
        task = next;
    }
}

void TaskCore::step(void* self, Action action) noexcept {
    auto& task = *static_cast<TaskCore*>(self);
    Scheduler& scheduler = *task.scheduler_;
    if (!task.started_) {
        task.started_ = true;
        task.cancel_hook_ = nullptr;  // was the link of its batch
        // Cancelled before its first step, or never to run: the body never runs.
        if (task.must_cancel_ || action == Action::discard) {
            task.set_cancelled(task.cancel_message());
            task.finish();
            return;
        }
    }
    if (action == Action::discard) return;
    task.cancel_hook_ = nullptr;
    scheduler.current_ = &task;
    task.resume_point_.resume();  // the task may be destroyed when this returns
    scheduler.current_ = nullptr;
}

void TaskCore::finish() noexcept {
    must_cancel_ = false;
    scheduler_->detach(*this);
    if (owner_) owner_->on_task_done(*this);
    notify_completion();
    release();  // the scheduler's reference
}

void TaskCore::report_if_unretrieved() const noexcept {
    if (status_ == Status::failed && !retrieved_) report_unretrieved("Task", name());
}

}  // namespace asyncio::detail
