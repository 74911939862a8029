// Who waits for a task, for the call graph: found from the task itself, at no cost to the
// waiting. A task is awaited by the task behind each waiter on its completion list that knows
// its task (a `co_await task`, a gather, wait or as_completed watching it through a node), and
// by the task behind its owner (the task running its task group, a gather owning it).
//
// A waiter on a completion list is a bare node (a function and a link): each kind of node that
// stands for a waiting task registers a function that recognizes its nodes (by their `on_done`)
// and names the task. Registration happens during static initialization, from the source file
// of the combinator that makes such nodes.
#pragma once

#include <vector>

#include "asyncio/detail/core/task_core.hpp"

namespace asyncio::detail {

// The task behind `node` if the node is of the kind this function knows, else null.
using WaitingTaskOf = TaskCore* (*)(const CompletionNode& node) noexcept;

// Adds a kind of waiter; returns true (for a static initializer). Up to 16 kinds.
bool register_waiting_task_of(WaitingTaskOf fn) noexcept;

// The tasks awaiting `task` now, each once, in the order of its waiters (its owner's first).
std::vector<TaskCore*> awaiters_of(const TaskCore& task);

}  // namespace asyncio::detail
