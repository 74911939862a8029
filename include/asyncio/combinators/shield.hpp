// `shield(aw)`: await a task without letting a cancellation of the awaiting task reach it.
//
//   int v = co_await asyncio::shield(save_to_disk());
//
// If the task awaiting the shield is cancelled, its `co_await` raises CancelledError at once
// and the shielded task goes on running (the loop keeps it to its end; keep a handle to its
// Task to collect its result later). If the shielded task itself is cancelled, the awaiter
// gets CancelledError, as with a plain await. A Coro is made a task first, so that it can
// outlive the await.
#pragma once

#include <utility>

#include "asyncio/core/completion_awaiter.hpp"
#include "asyncio/core/coro.hpp"
#include "asyncio/core/task.hpp"

namespace asyncio {

template <class T>
class ShieldAwaiter : public detail::CompletionAwaiter {
  public:
    explicit ShieldAwaiter(Task<T> task) noexcept
        : CompletionAwaiter(task.core(), /*shielded=*/true), task_(std::move(task)) {}

    T await_resume() {
        resume();
        return task_.take_result();
    }

  private:
    Task<T> task_;
};

template <class T>
ShieldAwaiter<T> shield(Task<T> task) noexcept {
    return ShieldAwaiter<T>(std::move(task));
}

template <class T>
ShieldAwaiter<T> shield(Coro<T> coro) {
    return ShieldAwaiter<T>(create_task(std::move(coro)));
}

}  // namespace asyncio
