// `as_completed(tasks)`: results in the order the tasks finish.
//
//   for (auto next : asyncio::as_completed(std::move(tasks))) {
//       int value = co_await next;      // the next result to arrive (or its exception)
//   }
//
// As Python's `for f in as_completed(aws): result = await f`: the loop runs once per task;
// each `co_await next` gives the result of the next task to finish, waiting for it if need
// be, and raises its exception if it failed. With a timeout, an await that would end after
// it raises TimeoutError (the tasks are not cancelled). Coros are made tasks at once. A task
// given twice is counted once (Python takes a set).
// Cancelling the task that awaits only stops its waiting. The object returned must stay
// where it is (iterate it in place, as above).
#pragma once

#include <chrono>
#include <coroutine>
#include <cstddef>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

#include "asyncio/core/task.hpp"
#include "asyncio/detail/loop/timer_queue.hpp"
#include "asyncio/loop/event_loop.hpp"

namespace asyncio {

namespace detail {

// The bookkeeping of as_completed, independent of the result type.
class CompletionQueue : private CancelHook, private TimerNode {
  public:
    CompletionQueue(std::vector<TaskCore*> tasks, std::optional<Clock::duration> timeout);
    ~CompletionQueue();
    CompletionQueue(const CompletionQueue&) = delete;
    CompletionQueue& operator=(const CompletionQueue&) = delete;

    std::size_t size() const noexcept { return count_; }
    bool has_next() const noexcept { return !finished_.empty(); }
    bool timed_out() const noexcept { return timed_out_; }
    // Suspends the current task until a task finishes (or the timeout passes).
    void wait(std::coroutine_handle<> self);
    // The next finished task, in completion order; TimeoutError if time ran out first.
    TaskCore& take();

    // For the call graph (detail/core/awaited_by.hpp): the task waiting for the next one.
    static TaskCore* waiting_task_of(const CompletionNode& node) noexcept;

  private:
    using Node = ChildNode<CompletionQueue>;

    bool cancel(TaskCore& task) noexcept override;
    static void on_task_done(CompletionNode& node) noexcept;
    static void on_timeout(TimerNode& node) noexcept;
    void wake_waiter() noexcept;

    std::unique_ptr<Node[]> nodes_;
    std::size_t count_;
    std::deque<TaskCore*> finished_;
    EventLoop& loop_;
    TaskCore* waiter_ = nullptr;  // the task awaiting the next result
    bool suspended_ = false;      // ... and suspended until one arrives
    bool timed_out_ = false;
};

}  // namespace detail

template <class T>
class AsCompleted {
  public:
    AsCompleted(std::vector<Task<T>> tasks, std::optional<Clock::duration> timeout)
        : tasks_(unique(std::move(tasks))), queue_(cores(tasks_), timeout) {}
    AsCompleted(const AsCompleted&) = delete;
    AsCompleted& operator=(const AsCompleted&) = delete;

    // One of the `co_await`s: the result of the next task to finish.
    class Next {
      public:
        explicit Next(detail::CompletionQueue& queue) noexcept : queue_(&queue) {}
        bool await_ready() const noexcept { return queue_->has_next() || queue_->timed_out(); }
        void await_suspend(std::coroutine_handle<> self) { queue_->wait(self); }
        T await_resume() {
            auto& promise = static_cast<detail::CoroPromise<T>&>(queue_->take());
            if constexpr (std::is_void_v<T>) {
                promise.result();
            } else {
                return promise.result();
            }
        }

      private:
        detail::CompletionQueue* queue_;
    };

    class iterator {
      public:
        using difference_type = std::ptrdiff_t;
        using value_type = Next;
        iterator(detail::CompletionQueue* queue, std::size_t index)
            : queue_(queue), index_(index) {}
        Next operator*() const noexcept { return Next(*queue_); }
        iterator& operator++() noexcept {
            ++index_;
            return *this;
        }
        void operator++(int) noexcept { ++index_; }
        bool operator==(const iterator& other) const noexcept { return index_ == other.index_; }

      private:
        detail::CompletionQueue* queue_;
        std::size_t index_;
    };

    iterator begin() noexcept { return iterator(&queue_, 0); }
    iterator end() noexcept { return iterator(&queue_, queue_.size()); }
    std::size_t size() const noexcept { return queue_.size(); }

  private:
    static std::vector<Task<T>> unique(std::vector<Task<T>> tasks) {
        detail::drop_duplicate_tasks(tasks, "as_completed");
        return tasks;
    }
    static std::vector<detail::TaskCore*> cores(const std::vector<Task<T>>& tasks) {
        std::vector<detail::TaskCore*> out;
        out.reserve(tasks.size());
        for (const Task<T>& task : tasks)
            out.push_back(&detail::TaskAccess::checked(task, "as_completed"));
        return out;
    }

    std::vector<Task<T>> tasks_;  // keeps them alive while their results are handed out
    detail::CompletionQueue queue_;
};

template <class T>
AsCompleted<T> as_completed(std::vector<Task<T>> tasks,
                            std::optional<Clock::duration> timeout = std::nullopt) {
    return AsCompleted<T>(std::move(tasks), timeout);
}

template <class T>
AsCompleted<T> as_completed(std::vector<Coro<T>> coros,
                            std::optional<Clock::duration> timeout = std::nullopt) {
    std::vector<Task<T>> tasks;
    tasks.reserve(coros.size());
    for (Coro<T>& coro : coros) tasks.push_back(create_task(std::move(coro)));
    return AsCompleted<T>(std::move(tasks), timeout);
}

}  // namespace asyncio
