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

#include "asyncio/core/coro.hpp"
#include "asyncio/core/task.hpp"
#include "asyncio/detail/core/completion_awaiter.hpp"

namespace asyncio {

namespace detail {
// Holds the shielded task. A base listed before the awaiter, so that the task is released
// after the awaiter has left the task's waiter list.
template <class T>
struct ShieldedTask {
    Task<T> task;
};
}  // namespace detail

template <class T>
class ShieldAwaiter : private detail::ShieldedTask<T>, public detail::CompletionAwaiter {
  public:
    explicit ShieldAwaiter(Task<T> task)
        : detail::ShieldedTask<T>{std::move(task)},
          CompletionAwaiter(detail::TaskAccess::checked(this->task, "shield"), /*shielded=*/true) {}

    T await_resume() {
        resume();
        return this->task.take_result();
    }
};

template <class T>
ShieldAwaiter<T> shield(Task<T> task) {
    return ShieldAwaiter<T>(std::move(task));
}

template <class T>
ShieldAwaiter<T> shield(Coro<T> coro) {
    return ShieldAwaiter<T>(create_task(std::move(coro)));
}

}  // namespace asyncio
