#include "asyncio/detail/core/task_core.hpp"

#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

#include "asyncio/core/errors.hpp"

namespace asyncio::detail {

// Names and cancel messages are rare, so instead of a pointer in every coroutine frame they
// live in one table, keyed by task; a task's entry goes with its frame. One table for all
// threads (a lock, taken only by tasks that have an entry): a task may be named on one loop's
// thread and end on another's.
struct TaskCore::Extras {
    std::string name;
    std::string cancel_message;
};

struct TaskCore::ExtrasTable {
    std::mutex mutex;
    std::unordered_map<const TaskCore*, Extras> entries;
};

TaskCore::ExtrasTable& TaskCore::extras_table() {
    static auto* table = new ExtrasTable;  // never destroyed: tasks may outlive static destruction
    return *table;
}

TaskCore::Extras& TaskCore::extras() {
    ExtrasTable& table = extras_table();
    std::lock_guard lock(table.mutex);
    has_extras_ = true;
    return table.entries[this];  // entries do not move: the reference outlives the lock
}

const TaskCore::Extras* TaskCore::find_extras() const noexcept {
    if (!has_extras_) return nullptr;
    ExtrasTable& table = extras_table();
    std::lock_guard lock(table.mutex);
    return &table.entries.at(this);
}

void TaskCore::forget_extras() noexcept {
    ExtrasTable& table = extras_table();
    std::lock_guard lock(table.mutex);
    table.entries.erase(this);
}

bool TaskCore::cancel(std::string_view message) {
    if (done()) return false;
    if (scheduler_->tracer()) [[unlikely]]
        scheduler_->trace_cancel(*this, message);
    if (cancels_requested_ < UINT16_MAX) ++cancels_requested_;
    // As in Python, a request that interrupted a wait is raised with its own message (there,
    // the awaited future's CancelledError carries it): requests that come before the task
    // runs again only add to the count. A task not waiting raises the last message.
    const bool pinned = must_cancel_ && wait_interrupted_;
    if (!pinned && (!message.empty() || has_extras_)) extras().cancel_message = message;
    if (started_ && cancel_hook_) {
        if (cancel_hook_->cancel(*this)) return true;
        wait_interrupted_ = true;
    } else if (!pinned) {
        wait_interrupted_ = false;
    }
    must_cancel_ = true;
    return true;
}

std::string TaskCore::name() const {
    const Extras* extras = find_extras();
    if (extras && !extras->name.empty()) return extras->name;
    return "Task-" + std::to_string(serial_);
}

void TaskCore::set_name(std::string_view name) {
    extras().name = name;
    // A done task's loop may be gone (and its trace has its name already).
    if (!done() && scheduler_->tracer()) [[unlikely]]
        scheduler_->trace_named(*this, name);
}

const std::string& TaskCore::cancel_message() const noexcept {
    static const std::string none;
    const Extras* extras = find_extras();
    return extras ? extras->cancel_message : none;
}

TaskCore& TaskCore::current_or_throw(const char* what) {
    TaskCore* task = current();
    if (!task) throw RuntimeError(std::string(what) + " outside of a task (is the loop running?)");
    return *task;
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
    if (scheduler_->tracer()) [[unlikely]]
        scheduler_->trace_task_done(*this);
    scheduler_->detach(*this);
    if (owner_) owner_->on_task_done(*this);
    notify_completion();
    release();  // the scheduler's reference
}

void TaskCore::report_if_unretrieved() const noexcept {
    if (status_ == Status::failed && !retrieved_) report_unretrieved("Task", name());
}

}  // namespace asyncio::detail
