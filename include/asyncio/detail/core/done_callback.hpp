// `add_done_callback` for futures and tasks: the callback runs on the loop's next turn after
// completion (as Python schedules it with call_soon), or on the next turn if already done.
#pragma once

#include <functional>

#include "asyncio/detail/core/task_core.hpp"

namespace asyncio::detail {

// Registers `fn` to be called with `future` once it completes. The future is kept alive
// from its completion until the callback has run.
void add_done_callback(FutureCore& future, std::function<void(FutureCore&)> fn);

// Frees the callbacks of a future that is destroyed without ever completing.
void discard_done_callbacks(CompletionList& waiters) noexcept;

}  // namespace asyncio::detail
