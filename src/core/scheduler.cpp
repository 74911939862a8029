#include "asyncio/detail/core/scheduler.hpp"

#include <algorithm>

#include "asyncio/detail/core/task_core.hpp"

namespace asyncio::detail {

thread_local Scheduler* Scheduler::running_ = nullptr;

Scheduler::Scheduler() : ring_(new Entry[64]), capacity_(64) {}
Scheduler::~Scheduler() = default;

void Scheduler::grow() {
    std::unique_ptr<Entry[]> bigger(new Entry[capacity_ * 2]);
    for (std::size_t i = 0; i < size_; ++i) bigger[i] = ring_[(head_ + i) & (capacity_ - 1)];
    ring_ = std::move(bigger);
    capacity_ *= 2;
    head_ = 0;
}

void Scheduler::run_ready() noexcept {
    // Entries scheduled by these runs wait for the next turn, tasks started by them too.
    starting_tail_ = nullptr;
    if (instrumented_) return run_ready_instrumented();
    for (std::size_t n = size_; n > 0; --n) {
        const Entry entry = pop();
        entry.run(entry.arg, Action::run);
    }
}

void Scheduler::discard_ready() noexcept {
    starting_tail_ = nullptr;
    while (size_ > 0) {
        const Entry entry = pop();
        entry.run(entry.arg, Action::discard);
    }
}

std::vector<TaskCore*> Scheduler::pending_tasks() {
    std::vector<TaskCore*> tasks;
    tasks.reserve(task_count_);
    tasks_.for_each_list(
        [&](TaskList& list) { list.for_each([&](TaskCore& task) { tasks.push_back(&task); }); });
    // Oldest first across the lists (serials grow with each task: wrapping takes 2^32 tasks).
    std::sort(tasks.begin(), tasks.end(),
              [](const TaskCore* a, const TaskCore* b) { return a->serial_ < b->serial_; });
    return tasks;
}

}  // namespace asyncio::detail
