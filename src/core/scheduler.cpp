#include "asyncio/detail/core/scheduler.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

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
    if (debug_) return run_ready_timed();
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

// In debug mode tasks start one entry each (see schedule_start), so each step is timed.
void Scheduler::run_ready_timed() noexcept {
    using Clock = std::chrono::steady_clock;
    for (std::size_t n = size_; n > 0; --n) {
        const Entry entry = pop();
        // Name the task before it runs: it may be gone when the step returns.
        std::string name;
        if (entry.run == &TaskCore::step) name = static_cast<TaskCore*>(entry.arg)->name();
        const auto start = Clock::now();
        entry.run(entry.arg, Action::run);
        const auto took = Clock::now() - start;
        if (took >= slow_step_threshold) {
            std::fprintf(stderr, "asyncio: %s%s%s held the loop for %.3f seconds\n",
                         name.empty() ? "a callback" : "task '", name.c_str(),
                         name.empty() ? "" : "'", std::chrono::duration<double>(took).count());
        }
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
