// `wait(tasks, return_when, timeout)`: wait until some or all of the tasks are done.
//
//   auto [done, pending] = co_await asyncio::wait(tasks, asyncio::FIRST_COMPLETED, 5s);
//
// As in Python: returns when the condition holds (FIRST_COMPLETED: any task is done;
// FIRST_EXCEPTION: any task raised, not counting cancellations, or else all are done;
// ALL_COMPLETED: all are done) or when the timeout passes, whichever is first; a timeout is
// not an error. `done` and `pending` keep the order of `tasks`; a task given twice is listed
// once (Python takes a set). The waiting task resumes one loop turn after the condition is
// met, as in Python, so tasks that finish in that turn are in `done`. Nothing is cancelled: not
// the tasks on timeout, nor when the waiting task is cancelled (its co_await then raises
// CancelledError and leaves no trace). An empty list is a ValueError.
#pragma once

#include <chrono>
#include <coroutine>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "asyncio/core/task.hpp"
#include "asyncio/detail/loop/timer_queue.hpp"
#include "asyncio/loop/event_loop.hpp"

namespace asyncio {

enum class ReturnWhen : std::uint8_t { FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED };
inline constexpr ReturnWhen FIRST_COMPLETED = ReturnWhen::FIRST_COMPLETED;
inline constexpr ReturnWhen FIRST_EXCEPTION = ReturnWhen::FIRST_EXCEPTION;
inline constexpr ReturnWhen ALL_COMPLETED = ReturnWhen::ALL_COMPLETED;

template <class T>
struct WaitResult {
    std::vector<Task<T>> done;
    std::vector<Task<T>> pending;
};

namespace detail {

// Waits on a set of tasks until a condition or a deadline; wakes the waiting task once.
class WaitAwaiter : private CancelHook, private TimerNode {
  public:
    WaitAwaiter(std::vector<TaskCore*> tasks, ReturnWhen when,
                std::optional<Clock::duration> timeout);
    ~WaitAwaiter();
    WaitAwaiter(const WaitAwaiter&) = delete;
    WaitAwaiter& operator=(const WaitAwaiter&) = delete;

    bool await_ready() const noexcept { return satisfied_; }
    void await_suspend(std::coroutine_handle<> self);
    void await_resume();

    // For the call graph (detail/core/awaited_by.hpp).
    static TaskCore* waiting_task_of(const CompletionNode& node) noexcept;

  private:
    using Node = ChildNode<WaitAwaiter>;

    bool cancel(TaskCore& task) noexcept override;
    static void on_task_done(CompletionNode& node) noexcept;
    static void on_timeout(TimerNode& node) noexcept;
    bool settles(const TaskCore& task) const noexcept;
    void settle() noexcept;
    void detach() noexcept;

    std::unique_ptr<Node[]> nodes_;
    std::size_t count_;
    std::size_t remaining_ = 0;
    std::optional<Clock::duration> timeout_;
    TaskCore* waiter_ = nullptr;
    ReturnWhen when_;
    bool satisfied_ = false;
};

}  // namespace detail

template <class T>
Coro<WaitResult<T>> wait(std::vector<Task<T>> tasks, ReturnWhen return_when = ALL_COMPLETED,
                         std::optional<Clock::duration> timeout = std::nullopt) {
    if (tasks.empty()) throw ValueError("wait(): the set of tasks is empty");
    detail::drop_duplicate_tasks(tasks, "wait");
    std::vector<detail::TaskCore*> cores;
    cores.reserve(tasks.size());
    for (const Task<T>& task : tasks) cores.push_back(&detail::TaskAccess::checked(task, "wait"));
    co_await detail::WaitAwaiter(std::move(cores), return_when, timeout);
    WaitResult<T> result;
    for (Task<T>& task : tasks)
        (task.done() ? result.done : result.pending).push_back(std::move(task));
    co_return result;
}

}  // namespace asyncio
