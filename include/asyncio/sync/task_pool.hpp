// Task pools: bounded concurrency, a TaskGroup that runs at most `limit` children at once.
//
//   co_await asyncio::task_pool(10, [&](asyncio::TaskPool pool) -> asyncio::Coro<> {  // awaits
//       for (const Url& url : urls) co_await pool.submit(fetch(url));  // waits for a slot
//   });  // here every child has finished
//
//   std::vector<Page> pages = co_await asyncio::map_bounded(10, urls, fetch);  // input order
//
// The body is a coroutine (returning Coro<T>) when it awaits, as above, or a plain function
// (returning void or a value) when it does not (see detail/core/scope_body.hpp).
// `submit` waits while `limit` children are in flight (back-pressure: however many coroutines the
// body submits, at most `limit` child frames plus the one being submitted exist at once, unless
// you keep their handles: a handle keeps its task's frame, as always), then starts the coroutine
// as a child and returns its `Task<T>`, so each result or exception can be read from its handle.
// Joining and failing are exactly a TaskGroup's (it is one): the first failure cancels the other
// children and the body, every failure comes out in one ExceptionGroup, an outside cancellation
// cancels everything and propagates.
//
// Built on `task_group` and a `Semaphore`: submit takes a permit before it creates the child, and
// the child gives it back when it is done (on the next loop turn, once the group has looked at the
// child: so a failed child has cancelled the body before its slot is reused). The permit is tied
// to the child's completion (a node on the task's completion list, one per permit, reused), not to
// a wrapping coroutine's scope: so a child cancelled before its first step (whose body never runs)
// returns its permit too, and a child costs no extra frame. A body waiting in submit() that is
// cancelled after a permit was handed to it raises CancelledError and returns the permit, instead
// of starting a child in a group that is shutting down.
//
// Why "TaskPool": the course and DESIGN.md call it so, and `submit` reads as
// concurrent.futures' `Executor.submit`; "BoundedTaskGroup" says the same at more length.
// `TaskPool` is a handle valid inside the body and in the children; keep it no longer.
#pragma once

#include <coroutine>
#include <cstddef>
#include <deque>
#include <optional>
#include <ranges>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "asyncio/combinators/task_group.hpp"
#include "asyncio/core/coro.hpp"
#include "asyncio/core/errors.hpp"
#include "asyncio/core/task.hpp"
#include "asyncio/sync/semaphore.hpp"

namespace asyncio {

namespace detail {

// The pool's state, in the frame of the task_pool() coroutine: the semaphore, and the nodes
// that return a permit when the child holding it is done.
class TaskPoolState {
  public:
    explicit TaskPoolState(std::size_t limit) noexcept : semaphore_(limit), limit_(limit) {}
    TaskPoolState(const TaskPoolState&) = delete;
    TaskPoolState& operator=(const TaskPoolState&) = delete;
    ~TaskPoolState() {
        // Only when the frame is torn down with children pending (the loop was destroyed).
        for (Hold& hold : holds_) {
            if (hold.task) hold.task->remove_completion_node(hold);
        }
    }

    std::size_t limit() const noexcept { return limit_; }
    std::size_t in_flight() const noexcept { return in_flight_; }
    Semaphore& semaphore() noexcept { return semaphore_; }

    // A permit-returning node, reused (at most `limit` exist).
    struct Hold : CompletionNode {
        TaskPoolState* pool = nullptr;
        TaskCore* task = nullptr;
        Hold* next_free = nullptr;
    };
    Hold& take_hold() {
        if (Hold* hold = std::exchange(free_, free_ ? free_->next_free : nullptr)) return *hold;
        Hold& hold = holds_.emplace_back();
        hold.pool = this;
        hold.on_done = &on_child_done;
        return hold;
    }
    void put_back(Hold& hold) noexcept {
        hold.next_free = free_;
        free_ = &hold;
    }
    // `task` now holds the permit just taken (dismissed from its guard by the caller).
    void attach(Hold& hold, TaskCore& task) noexcept {
        hold.task = &task;
        task.add_completion_node(hold);
        ++in_flight_;
    }

  private:
    // The permit goes back on the loop turn after the child is done, just after the group
    // has looked at the child (scheduled first, at the same moment): so the group has let
    // go of the child's frame, and has cancelled the body if the child failed, before a
    // waiting submit can start another child.
    static void on_child_done(CompletionNode& node) noexcept {
        auto& hold = static_cast<Hold&>(node);
        Scheduler& scheduler = hold.task->scheduler();
        hold.task = nullptr;
        scheduler.schedule(&give_back, &hold);
    }
    // Discarded (the loop is closing), it touches nothing: the pool may be gone.
    static void give_back(void* node, Action action) noexcept {
        if (action == Action::discard) return;
        auto& hold = *static_cast<Hold*>(node);
        TaskPoolState& pool = *hold.pool;
        pool.put_back(hold);
        --pool.in_flight_;
        Semaphore::Permit(pool.semaphore_).release();  // to the first waiting submit, if any
    }

    Semaphore semaphore_;
    std::size_t limit_;
    std::size_t in_flight_ = 0;
    std::deque<Hold> holds_;  // stable addresses
    Hold* free_ = nullptr;
};

}  // namespace detail

class TaskPool {
  public:
    std::size_t limit() const noexcept { return state_->limit(); }
    // Children holding a slot (started, and not done for a full loop turn yet).
    std::size_t in_flight() const noexcept { return state_->in_flight(); }

    template <class T>
    class Submit {
      public:
        Submit(detail::TaskPoolState& state, TaskGroup group, Coro<T> coro,
               std::string_view name) noexcept
            : acquire_(state.semaphore().acquire()),
              state_(state),
              group_(group),
              coro_(std::move(coro)),
              name_(name) {}

        bool await_ready() noexcept { return acquire_.await_ready(); }
        void await_suspend(std::coroutine_handle<> self) {
            acquire_.await_suspend(self);
            suspended_ = true;
        }
        Task<T> await_resume() {
            Semaphore::Permit permit = acquire_.await_resume();
            // Granted a permit but cancelled before running (typically: a child failed and
            // the group cancels the body): give the permit back and take the cancellation.
            if (suspended_)
                detail::TaskCore::current_or_throw("submit()").throw_if_cancel_requested();
            detail::TaskPoolState::Hold& hold = state_.take_hold();
            Task<T> task;
            try {
                task = group_.create_task(std::move(coro_), name_);
            } catch (...) {
                state_.put_back(hold);
                throw;
            }
            state_.attach(hold, detail::TaskAccess::core(task));
            permit.dismiss();  // returned when the child is done
            return task;
        }

      private:
        Semaphore::Acquire acquire_;
        detail::TaskPoolState& state_;
        TaskGroup group_;
        Coro<T> coro_;
        std::string_view name_;
        bool suspended_ = false;
    };

    // `co_await pool.submit(coro)`: waits until fewer than `limit` children are in flight,
    // starts `coro` as a child, gives its handle. `name` must live until the co_await ends.
    template <class T>
    [[nodiscard]] Submit<T> submit(Coro<T> coro, std::string_view name = {}) noexcept {
        return Submit<T>(*state_, group_, std::move(coro), name);
    }

  private:
    friend struct detail::ScopeAccess;
    TaskPool(detail::TaskPoolState& state, TaskGroup group) noexcept
        : state_(&state), group_(group) {}

    detail::TaskPoolState* state_;
    TaskGroup group_;
};

namespace detail {
template <class R>
Coro<> store_result(Coro<R> work, std::optional<R>* slot) {
    slot->emplace(co_await std::move(work));
}

template <class F>
Coro<BodyValue<F, TaskPool>> task_pool(std::size_t limit, F body) {
    using R = BodyValue<F, TaskPool>;
    TaskPoolState state(limit);
    auto scope = [&state, &body](TaskGroup group) -> Coro<R> {
        if constexpr (std::is_void_v<R>) {
            co_await call_body(body, ScopeAccess::make<TaskPool>(state, group));
        } else {
            co_return co_await call_body(body, ScopeAccess::make<TaskPool>(state, group));
        }
    };
    if constexpr (std::is_void_v<R>) {
        co_await asyncio::task_group(scope);
    } else {
        co_return co_await asyncio::task_group(scope);
    }
}
}  // namespace detail

// Runs `body(pool)` inline in a task group whose children, added with `pool.submit()`, run
// at most `limit` at a time; returns the body's value once every child is done. ValueError
// if `limit` is 0.
template <class F>
requires std::is_invocable_v < std::decay_t<F>
&, TaskPool >
       Coro<detail::BodyValue<std::decay_t<F>, TaskPool>> task_pool(std::size_t limit, F&& body) {
    detail::check_callable_temporary<F>();
    if (limit == 0) throw ValueError("task_pool(): limit must be > 0");
    return detail::task_pool(limit, std::decay_t<F>(std::forward<F>(body)));
}

namespace detail {
template <class Range, class F>
using MapBoundedResult =
    typename std::invoke_result_t<F&, std::ranges::range_rvalue_reference_t<Range&>>::value_type;
}

// `fn(item)` for every item, at most `limit` at a time; the results in the order of `items`
// (taken by value: each item is moved into its call). A failure cancels the rest and comes
// out, as task_pool's, in an ExceptionGroup. `fn(item)` must give a Coro<R>; for R void the
// result is Coro<void>.
template <class Range, class F>
auto map_bounded(std::size_t limit, Range items, F fn)
    -> Coro<std::conditional_t<std::is_void_v<detail::MapBoundedResult<Range, F>>, void,
                               std::vector<detail::MapBoundedResult<Range, F>>>> {
    using R = detail::MapBoundedResult<Range, F>;
    if constexpr (std::is_void_v<R>) {
        auto body = [&items, &fn](TaskPool pool) -> Coro<> {
            for (auto&& item : items) co_await pool.submit(fn(std::move(item)));
        };
        co_await task_pool(limit, body);
    } else {
        std::deque<std::optional<R>> slots;  // stable while children write into them
        auto body = [&items, &fn, &slots](TaskPool pool) -> Coro<> {
            for (auto&& item : items) {
                std::optional<R>& slot = slots.emplace_back();
                co_await pool.submit(detail::store_result(fn(std::move(item)), &slot));
            }
        };
        co_await task_pool(limit, body);
        std::vector<R> results;
        results.reserve(slots.size());
        for (std::optional<R>& slot : slots) results.push_back(std::move(*slot));
        co_return results;
    }
}

}  // namespace asyncio
