#include "asyncio/core/task.hpp"

#include <cstdio>

namespace asyncio {

std::vector<AnyTask> all_tasks() {
    std::vector<AnyTask> tasks;
    for (detail::TaskCore* core : detail::running_scheduler("all_tasks()").pending_tasks()) {
        tasks.emplace_back(*core);
    }
    return tasks;
}

namespace detail {

void report_never_awaited() noexcept {
    std::fputs("asyncio: a coroutine was destroyed without ever being awaited\n", stderr);
}

}  // namespace detail
}  // namespace asyncio
