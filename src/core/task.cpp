#include "asyncio/core/task.hpp"

#include <cstdio>
#include <cstdlib>

namespace asyncio {

std::vector<AnyTask> all_tasks() {
    std::vector<AnyTask> tasks;
    for (detail::TaskCore* core : detail::running_scheduler("all_tasks()").pending_tasks()) {
        tasks.push_back(detail::TaskAccess::handle(*core));
    }
    return tasks;
}

// Out of line, so that the check in every AnyTask method stays one branch.
void AnyTask::throw_empty(const char* what) {
    throw RuntimeError(std::string(what) +
                       "(): the task handle is empty (current_task() outside a task, or a "
                       "moved-from handle?)");
}

namespace detail {

// Defined whichever compiler builds the library: code built by g++ 12 may call it.
void report_misplaced_promise() noexcept {
    std::fputs(
        "asyncio: g++ miscompiled a coroutine: its promise is not at the start of its "
        "frame, and resuming it would trap or hang. Look for a co_await inside an if/while "
        "condition and name its result first (docs/cancellation.md, g++ 12 bugs).\n",
        stderr);
    std::abort();
}

void report_never_awaited() noexcept {
    std::fputs("asyncio: a coroutine was destroyed without ever being awaited\n", stderr);
}

}  // namespace detail
}  // namespace asyncio
