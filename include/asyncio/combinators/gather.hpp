// `gather`: run awaitables concurrently and collect their results in argument order.
//
//   auto [a, b] = co_await asyncio::gather(fetch(x), fetch(y));        // std::tuple
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

#include <coroutine>
#include <cstddef>
#include <memory>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "asyncio/core/coro.hpp"
#include "asyncio/core/outcome.hpp"
#include "asyncio/core/task.hpp"

namespace asyncio {

struct ReturnExceptions {};
inline constexpr ReturnExceptions return_exceptions{};

namespace detail {

// The waiting part of every gather. It holds a reference to each child and watches each
// one: as its owner when the child has neither an owner nor a waiter yet (the common case,
// which costs no node and keeps Python's wake-up order, the gather being the first to be
// told), else through a node threaded onto the child. It wakes the awaiting task once.
class GatherWaiter : private CancelHook, private TaskOwner {
  public:
    GatherWaiter(const GatherWaiter&) = delete;
    GatherWaiter& operator=(const GatherWaiter&) = delete;

    bool await_ready() const noexcept { return count_ == 0; }
    bool await_suspend(std::coroutine_handle<> self);

    // For the call graph (detail/core/awaited_by.hpp): the task awaiting the gather.
    TaskCore* awaiting_task() const noexcept override { return task_; }
    static TaskCore* waiting_task_of(const CompletionNode& node) noexcept;

  protected:
    GatherWaiter(std::size_t capacity, bool return_exceptions);
    ~GatherWaiter();

    // The next child is `task`, whose reference the gather now owns.
    void adopt(TaskCore& task) noexcept { children_[count_++] = &task; }
    template <class T>
    CoroPromise<T>& child(std::size_t i) const noexcept {
        return static_cast<CoroPromise<T>&>(*children_[i]);
    }
    std::size_t size() const noexcept { return count_; }
    // Throws what the gather as a whole raises: the first failure, or a cancellation.
    void rethrow();

  private:
    using Node = ChildNode<GatherWaiter>;

    bool cancel(TaskCore& task) noexcept override;
    void on_task_done(TaskCore& child) noexcept override;
    static void on_node_done(CompletionNode& node) noexcept;
    void watch(std::size_t i) {
        TaskCore& child = *children_[i];
        if (!child.owner() && !child.has_waiters()) return child.set_owner(this);
        watch_through_node(i);
    }
    void watch_through_node(std::size_t i);
    void settle() noexcept;

    std::unique_ptr<TaskCore*[]> children_;
    std::unique_ptr<Node[]> nodes_;  // made for the first child that is already watched
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

// A child's value, moved out when the gather holds the only reference.
template <class T>
Gathered<T> take_value(CoroPromise<T>& child) {
    if constexpr (std::is_void_v<T>) {
        child.result();
        return {};
    } else {
        T& value = child.result();
        if constexpr (std::is_copy_constructible_v<T>) {
            if (child.refs() != 1) return value;  // others may still read it
        }
        return std::move(value);
    }
}

template <class T>
Outcome<T> take_outcome(CoroPromise<T>& child) {
    if (std::exception_ptr e = child.exception()) return Outcome<T>(std::move(e));
    if constexpr (std::is_void_v<T>) {
        return Outcome<void>();
    } else {
        return Outcome<T>(take_value(child));
    }
}

template <class T>
Task<T> as_task(Coro<T>&& coro) {
    return create_task(std::move(coro));
}
template <class T>
Task<T> as_task(Task<T> task) noexcept {
    return task;
}

template <class A>
concept TaskOrCoro = requires(A&& a) {
    as_task(std::forward<A>(a));
};

template <class A>
using ValueOf = typename decltype(as_task(std::declval<A>()))::value_type;

template <bool ReturnExceptions, class... Ts>
class TupleGather : public GatherWaiter {
  public:
    explicit TupleGather(Task<Ts>... tasks) : GatherWaiter(sizeof...(Ts), ReturnExceptions) {
        (adopt(detail::TaskAccess::checked(tasks, "gather").add_ref_and_get()), ...);
    }

    auto await_resume() {
        rethrow();
        return collect(std::index_sequence_for<Ts...>{});
    }

  private:
    template <std::size_t... I>
    auto collect(std::index_sequence<I...>) {
        if constexpr (ReturnExceptions) {
            return std::tuple<Outcome<Ts>...>(take_outcome(child<Ts>(I))...);
        } else {
            return std::tuple<Gathered<Ts>...>(take_value(child<Ts>(I))...);
        }
    }
};

template <bool ReturnExceptions, class T>
class RangeGather : public GatherWaiter {
  public:
    explicit RangeGather(std::vector<Task<T>> tasks)
        : GatherWaiter(tasks.size(), ReturnExceptions) {
        for (Task<T>& task : tasks)
            adopt(detail::TaskAccess::checked(task, "gather").add_ref_and_get());
    }
    explicit RangeGather(std::vector<Coro<T>> coros)
        : GatherWaiter(coros.size(), ReturnExceptions) {
        Scheduler& scheduler = running_scheduler("gather()");
        for (std::size_t i = 0; i < coros.size(); ++i) {
            auto frame = coros[i].release();
            if (!frame) throw RuntimeError("gather() of a Coro that was moved from");
            frame.promise().start_task(scheduler, frame, {});
            adopt(frame.promise());  // the reference create_task would have handed out
        }
    }

    auto await_resume() {
        rethrow();
        if constexpr (ReturnExceptions) {
            std::vector<Outcome<T>> outcomes;
            outcomes.reserve(size());
            for (std::size_t i = 0; i < size(); ++i) outcomes.push_back(take_outcome(child<T>(i)));
            return outcomes;
        } else if constexpr (std::is_void_v<T>) {
            for (std::size_t i = 0; i < size(); ++i) child<T>(i).result();
        } else {
            std::vector<T> results;
            results.reserve(size());
            for (std::size_t i = 0; i < size(); ++i) results.push_back(take_value(child<T>(i)));
            return results;
        }
    }
};

}  // namespace detail

template <class... Aws>
requires(detail::TaskOrCoro<Aws>&&...) auto gather(Aws&&... aws) {
    // Braces: the children start in argument order, as in Python.
    return detail::TupleGather<false, detail::ValueOf<Aws>...>{
        detail::as_task(std::forward<Aws>(aws))...};
}

template <class... Aws>
requires(detail::TaskOrCoro<Aws>&&...) auto gather(ReturnExceptions, Aws&&... aws) {
    return detail::TupleGather<true, detail::ValueOf<Aws>...>{
        detail::as_task(std::forward<Aws>(aws))...};
}

template <class T>
auto gather(std::vector<Task<T>> tasks) {
    return detail::RangeGather<false, T>(std::move(tasks));
}
template <class T>
auto gather(std::vector<Coro<T>> coros) {
    return detail::RangeGather<false, T>(std::move(coros));
}
template <class T>
auto gather(ReturnExceptions, std::vector<Task<T>> tasks) {
    return detail::RangeGather<true, T>(std::move(tasks));
}
template <class T>
auto gather(ReturnExceptions, std::vector<Coro<T>> coros) {
    return detail::RangeGather<true, T>(std::move(coros));
}

}  // namespace asyncio
