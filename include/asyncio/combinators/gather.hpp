// `gather`: run awaitables concurrently and collect their results in argument order.
//
//   auto [a, b] = co_await asyncio::gather(fetch(x), fetch(y));    // std::tuple
//   std::vector<int> all = co_await asyncio::gather(std::move(coros)); // range form
//   auto outcomes = co_await asyncio::gather(asyncio::return_exceptions, f(), g());
//
// Coros are turned into tasks (they start on the loop's next turn); tasks are used as they
// are. As in Python: by default the first exception (a cancelled child counts as raising
// CancelledError) propagates to the awaiter at once, and the other children keep running;
// with `return_exceptions` every outcome comes back as an `Outcome<T>`. A `void` result is
// `std::monostate` in the tuple form; the range form of `void` returns nothing. Cancelling
// the task that awaits a gather cancels every child that is not done.
#pragma once

#include <array>
#include <coroutine>
#include <cstddef>
#include <memory>
#include <string>
#include <tuple>
#include <type_traits>
#include <variant>
#include <vector>

#include "asyncio/core/coro.hpp"
#include "asyncio/core/outcome.hpp"
#include "asyncio/core/task.hpp"

namespace asyncio {

struct ReturnExceptions {};
inline constexpr ReturnExceptions return_exceptions{};

namespace detail {

// The waiting part of every gather: one node on each child, woken once.
class GatherWaiter : private Waiting {
  public:
    GatherWaiter(const GatherWaiter&) = delete;
    GatherWaiter& operator=(const GatherWaiter&) = delete;

  protected:
    struct Child : Waiter {
        GatherWaiter* owner = nullptr;
        FutureCore* future = nullptr;
    };

    GatherWaiter(bool return_exceptions) noexcept : return_exceptions_(return_exceptions) {}
    ~GatherWaiter() = default;

    // Leaves the children's waiter lists; the derived destructor calls it while the children
    // are still alive.
    void detach() noexcept;
    // Points the waiter at its children (storage owned by the derived class).
    void bind(Child* children, std::size_t count) noexcept;
    bool ready() noexcept;
    void suspend(std::coroutine_handle<> self);
    // Throws what the gather as a whole raises: the first failure, or a cancellation.
    void rethrow();

  private:
    bool cancel(TaskCore& task) noexcept override;
    static void on_child_done(Waiter& node) noexcept;
    void settle() noexcept;

    Child* children_ = nullptr;
    std::size_t count_ = 0;
    std::size_t remaining_ = 0;
    FutureCore* first_failure_ = nullptr;
    TaskCore* task_ = nullptr;
    bool return_exceptions_;
    bool woken_ = false;
    bool cancel_requested_ = false;
};

template <class T>
using Gathered = std::conditional_t<std::is_void_v<T>, std::monostate, T>;

template <class T>
Task<T> as_task(Coro<T>&& coro) {
    return create_task(std::move(coro));
}
template <class T>
Task<T> as_task(Task<T> task) noexcept {
    return task;
}

template <class A>
using TaskOf = decltype(as_task(std::declval<A>()));

template <class A>
concept TaskOrCoro = requires(A&& a) {
    as_task(std::forward<A>(a));
};

template <class T>
Gathered<T> take(Task<T>& task) {
    if constexpr (std::is_void_v<T>) {
        task.take_result();
        return {};
    } else {
        return task.take_result();
    }
}

template <class T>
Outcome<T> take_outcome(Task<T>& task) {
    if (std::exception_ptr e = task.core().exception()) return Outcome<T>(e);
    if constexpr (std::is_void_v<T>) {
        return Outcome<void>();
    } else {
        return Outcome<T>(task.take_result());
    }
}

template <bool ReturnExceptions, class... Ts>
class TupleGather : GatherWaiter {
  public:
    explicit TupleGather(Task<Ts>... tasks)
        : GatherWaiter(ReturnExceptions), tasks_(std::move(tasks)...) {}
    ~TupleGather() { detach(); }

    bool await_ready() {
        bind_children();
        return ready();
    }
    void await_suspend(std::coroutine_handle<> self) { suspend(self); }
    auto await_resume() {
        rethrow();
        return std::apply(
            [](auto&... task) {
                if constexpr (ReturnExceptions) {
                    return std::tuple(take_outcome(task)...);
                } else {
                    return std::tuple<Gathered<Ts>...>(take(task)...);
                }
            },
            tasks_);
    }

  private:
    void bind_children() noexcept {
        std::size_t i = 0;
        std::apply([&](auto&... task) { ((children_[i++].future = &task.core()), ...); }, tasks_);
        bind(children_.data(), children_.size());
    }

    std::tuple<Task<Ts>...> tasks_;
    std::array<Child, sizeof...(Ts)> children_;
};

template <bool ReturnExceptions, class T>
class RangeGather : GatherWaiter {
  public:
    explicit RangeGather(std::vector<Task<T>> tasks)
        : GatherWaiter(ReturnExceptions), tasks_(std::move(tasks)), children_(tasks_.size()) {}
    ~RangeGather() { detach(); }

    bool await_ready() {
        for (std::size_t i = 0; i < tasks_.size(); ++i) children_[i].future = &tasks_[i].core();
        bind(children_.data(), children_.size());
        return ready();
    }
    void await_suspend(std::coroutine_handle<> self) { suspend(self); }
    auto await_resume() {
        rethrow();
        if constexpr (ReturnExceptions) {
            std::vector<Outcome<T>> outcomes;
            outcomes.reserve(tasks_.size());
            for (auto& task : tasks_) outcomes.push_back(take_outcome(task));
            return outcomes;
        } else if constexpr (std::is_void_v<T>) {
            for (auto& task : tasks_) task.take_result();
        } else {
            std::vector<T> results;
            results.reserve(tasks_.size());
            for (auto& task : tasks_) results.push_back(task.take_result());
            return results;
        }
    }

  private:
    std::vector<Task<T>> tasks_;
    std::vector<Child> children_;
};

template <class T>
std::vector<Task<T>> as_tasks(std::vector<Coro<T>> coros) {
    std::vector<Task<T>> tasks;
    tasks.reserve(coros.size());
    for (auto& coro : coros) tasks.push_back(create_task(std::move(coro)));
    return tasks;
}

}  // namespace detail

template <class... Aws>
requires(detail::TaskOrCoro<Aws>&&...) auto gather(Aws&&... aws) {
    return detail::TupleGather<false, typename detail::TaskOf<Aws>::value_type...>(
        detail::as_task(std::forward<Aws>(aws))...);
}

template <class... Aws>
requires(detail::TaskOrCoro<Aws>&&...) auto gather(ReturnExceptions, Aws&&... aws) {
    return detail::TupleGather<true, typename detail::TaskOf<Aws>::value_type...>(
        detail::as_task(std::forward<Aws>(aws))...);
}

template <class T>
auto gather(std::vector<Task<T>> tasks) {
    return detail::RangeGather<false, T>(std::move(tasks));
}
template <class T>
auto gather(std::vector<Coro<T>> coros) {
    return detail::RangeGather<false, T>(detail::as_tasks(std::move(coros)));
}
template <class T>
auto gather(ReturnExceptions, std::vector<Task<T>> tasks) {
    return detail::RangeGather<true, T>(std::move(tasks));
}
template <class T>
auto gather(ReturnExceptions, std::vector<Coro<T>> coros) {
    return detail::RangeGather<true, T>(detail::as_tasks(std::move(coros)));
}

}  // namespace asyncio
