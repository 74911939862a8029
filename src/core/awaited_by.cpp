#include "asyncio/detail/core/awaited_by.hpp"

#include <algorithm>
#include <array>
#include <cstddef>

#include "asyncio/detail/core/completion_awaiter.hpp"

namespace asyncio::detail {
namespace {

// Filled during static initialization (one thread), read afterwards: no lock.
constinit std::array<WaitingTaskOf, 16> kinds{};
constinit std::size_t kind_count = 0;

}  // namespace

bool register_waiting_task_of(WaitingTaskOf fn) noexcept {
    if (kind_count < kinds.size()) kinds[kind_count++] = fn;
    return true;
}

std::vector<TaskCore*> awaiters_of(const TaskCore& task) {
    std::vector<TaskCore*> out;
    auto add = [&](TaskCore* waiter) {
        if (waiter && std::find(out.begin(), out.end(), waiter) == out.end()) out.push_back(waiter);
    };
    if (TaskOwner* owner = task.owner()) add(owner->awaiting_task());
    task.completion_nodes().for_each([&](const CompletionNode& node) {
        TaskCore* waiter = CompletionAwaiter::waiting_task_of(node);
        for (std::size_t i = 0; !waiter && i < kind_count; ++i) waiter = kinds[i](node);
        add(waiter);
    });
    return out;
}

}  // namespace asyncio::detail
