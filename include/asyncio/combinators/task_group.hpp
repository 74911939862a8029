// Task groups: structured concurrency, Python's `async with asyncio.TaskGroup() as tg:`.
//
//   co_await asyncio::task_group([&](asyncio::TaskGroup tg) {
//       tg.create_task(fetch(a));
//       tg.create_task(fetch(b));
//   });  // here every child has finished
//
//   int n = co_await asyncio::task_group([&](asyncio::TaskGroup tg) -> asyncio::Coro<int> {
//       tg.create_task(fetch(a));
//       co_return co_await count();                  // a body that awaits is a coroutine
//   });
//
// The body is a plain function (returning void or a value) when it only starts tasks, or a
// coroutine (returning Coro<T>) when it awaits: a lambda returning Coro<> without any
// co_await in it is not a coroutine and would fall off its end (see detail/core/scope_body.hpp).
// With g++ 12, a lambda that captures by value something owning memory must be named before the
// co_await (a compile error says so). The body runs inline; `task_group` returns when the body and
// every child are done, so no child outlives the block. The rules are Python's (3.12):
// - the first child that fails cancels the other children and the body (its current
//   co_await raises CancelledError);
// - every failure, the body's included but not the cancellations, comes out together as one
//   `ExceptionGroup` ("unhandled errors in a TaskGroup"), each exception with its own type;
// - a cancellation of the task running the group from outside cancels the children, waits
//   for them, and propagates as CancelledError;
// - adding a task to a group that is shutting down (or finished) is a RuntimeError.
//
// Why a scope function rather than an object with `co_await tg.join()`: C++ has no
// asynchronous destructor, so an object cannot wait for its children when the block is left
// by an exception, nor turn the body's CancelledError into the group's ExceptionGroup. A
// scope that awaits its body can do both, and forgetting to join becomes impossible.
//
// `TaskGroup` is a handle to the group, valid inside the body and in the children (which
// may add tasks to their own group); keep it no longer than that.
#pragma once

#include <cstddef>
#include <exception>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "asyncio/core/coro.hpp"
#include "asyncio/core/exception_group.hpp"
#include "asyncio/core/task.hpp"
#include "asyncio/detail/core/scope_body.hpp"

namespace asyncio {

namespace detail {

// The group's state, in the frame of the task_group() coroutine. It owns its children (see
// TaskOwner): a child tells it when it finishes; the group holds no reference to them. Its
// pending children are on its own task list, so aborting costs O(children).
class TaskGroupState : private CancelHook, private TaskOwner {
  public:
    explicit TaskGroupState(TaskCore& parent) noexcept
        : parent_(parent), children_(parent.scheduler().tasks()) {}
    TaskGroupState(const TaskGroupState&) = delete;
    TaskGroupState& operator=(const TaskGroupState&) = delete;
    ~TaskGroupState();

    // Starts `coro` as a child.
    template <class T>
    Task<T> spawn(Coro<T> coro, std::string_view name) {
        if (exiting_ && live_ == 0) [[unlikely]]
            throw RuntimeError("TaskGroup is finished");
        if (aborting_) [[unlikely]]
            throw RuntimeError("TaskGroup is shutting down");
        Task<T> task = detail::spawn(parent_.scheduler(), std::move(coro), name);
        detail::TaskAccess::core(task).set_owner(this);
        children_.adopt(detail::TaskAccess::core(task));
        ++live_;
        return task;
    }

    // Python's __aexit__: waits for every child, then raises what the group raises.
    class Exit;
    Exit exit(std::exception_ptr body_error) noexcept;

    // For the call graph: the task running the group awaits its children (as in Python).
    TaskCore* awaiting_task() const noexcept override { return &parent_; }

  private:
    bool cancel(TaskCore& task) noexcept override;
    void on_task_done(TaskCore& child) noexcept override;
    static void look_at_child(void* child, Action action) noexcept;
    void abort() noexcept;
    void finish_exit();
    // A cancellation requested after the parent was woken here still counts (Python's await
    // in __aexit__ would raise it).
    void take_pending_cancellation();

    TaskCore& parent_;
    TaskList children_;     // those not done yet
    std::size_t live_ = 0;  // those the group has not looked at yet
    std::vector<std::exception_ptr> errors_;
    std::exception_ptr body_error_;
    std::exception_ptr propagate_cancellation_;
    bool exiting_ = false;
    bool parent_suspended_ = false;  // the parent is suspended in exit()
    bool aborting_ = false;
    bool parent_cancel_requested_ = false;  // we cancelled the parent, once and for all
    bool parent_cancel_pending_ = false;    // ... and have not taken it back yet
};

class TaskGroupState::Exit {
  public:
    explicit Exit(TaskGroupState& state) noexcept : state_(state) {}
    bool await_ready() const noexcept { return state_.live_ == 0; }
    void await_suspend(std::coroutine_handle<> self) noexcept {
        state_.parent_suspended_ = true;
        state_.parent_.suspend(self, &state_);
    }
    void await_resume() {
        state_.take_pending_cancellation();
        state_.finish_exit();
    }

  private:
    TaskGroupState& state_;
};

}  // namespace detail

class TaskGroup {
  public:
    // Starts `coro` as a task of the group (on the loop's next turn).
    template <class T>
    Task<T> create_task(Coro<T> coro, std::string_view name = {}) {
        return state_->spawn(std::move(coro), name);
    }

  private:
    friend struct detail::ScopeAccess;
    explicit TaskGroup(detail::TaskGroupState& state) noexcept : state_(&state) {}

    detail::TaskGroupState* state_;
};

namespace detail {

template <class F>
Coro<BodyValue<F, TaskGroup>> task_group(F body) {
    using R = BodyValue<F, TaskGroup>;
    TaskGroupState state(TaskCore::current_or_throw("task_group()"));
    std::exception_ptr body_error;
    std::conditional_t<std::is_void_v<R>, bool, std::optional<R>> result{};
    try {
        if constexpr (std::is_void_v<R>) {
            co_await call_body(body, ScopeAccess::make<TaskGroup>(state));
        } else {
            result.emplace(co_await call_body(body, ScopeAccess::make<TaskGroup>(state)));
        }
    } catch (...) {
        body_error = std::current_exception();
    }
    co_await state.exit(std::move(body_error));
    if constexpr (!std::is_void_v<R>) co_return std::move(*result);
}

}  // namespace detail

// Runs `body(tg)` inline, then waits for every task added to `tg`; returns the body's value.
template <class F>
requires std::is_invocable_v < std::decay_t<F>
&, TaskGroup > Coro<detail::BodyValue<std::decay_t<F>, TaskGroup>> task_group(F&& body) {
    detail::check_callable_temporary<F>();
    return detail::named_frame(detail::task_group(std::decay_t<F>(std::forward<F>(body))),
                               "asyncio::task_group");
}

}  // namespace asyncio
