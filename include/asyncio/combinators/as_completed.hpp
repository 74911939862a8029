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
//
// Python 3.13's `async for task in as_completed(aws)`, which gives the tasks themselves, is
// the library's asynchronous loop (see core/async_generator.hpp):
//
//   auto done = asyncio::as_completed(std::move(tasks));
//   for (auto it = co_await done.begin(); it != done.end(); co_await ++it) {
//       asyncio::Task<int> task = *it;  // finished
//       int value = co_await task;      // its result, or its exception
//   }
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

    // Waits until a task has finished (or the timeout has passed): what both loops await.
    class WaitNext {
      public:
        explicit WaitNext(detail::CompletionQueue& queue) noexcept : queue_(&queue) {}
        bool await_ready() const noexcept { return queue_->has_next() || queue_->timed_out(); }
        void await_suspend(std::coroutine_handle<> self) { queue_->wait(self); }

      protected:
        detail::CompletionQueue* queue_;
    };

    // One of the `co_await`s: the result of the next task to finish.
    class Next : public WaitNext {
      public:
        using WaitNext::WaitNext;
        T await_resume() {
            auto& promise = static_cast<detail::CoroPromise<T>&>(this->queue_->take());
            if constexpr (std::is_void_v<T>) {
                promise.result();
            } else {
                return promise.result();
            }
        }
    };

    class task_iterator;

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

        // `co_await done.begin()`: the asynchronous loop's first task (see task_iterator).
        auto operator co_await() const noexcept {
            return typename task_iterator::Begin(task_iterator(queue_, index_));
        }

      private:
        detail::CompletionQueue* queue_;
        std::size_t index_;
    };

    // Python 3.13's `async for task in as_completed(aws)`: the tasks themselves, in the order
    // they finish (TimeoutError at the await that would end after the timeout):
    //   for (auto it = co_await done.begin(); it != done.end(); co_await ++it) {
    //       int value = co_await *it;  // done: gives its result (or raises) at once
    //   }
    class task_iterator {
      public:
        Task<T>& operator*() noexcept { return task_; }
        Task<T>* operator->() noexcept { return &task_; }

        // `co_await ++it`: the next task to finish, or the end once every task was handed out.
        class [[nodiscard]] Increment : public WaitNext {
          public:
            explicit Increment(task_iterator& it) noexcept : WaitNext(*it.queue_), it_(&it) {}
            bool await_ready() const noexcept { return it_->at_last() || WaitNext::await_ready(); }
            void await_resume() { it_->advance(); }

          private:
            task_iterator* it_;
        };
        Increment operator++() noexcept { return Increment(*this); }

        // `co_await done.begin()`: the first task to finish (or the end, for no tasks).
        class [[nodiscard]] Begin : public WaitNext {
          public:
            explicit Begin(task_iterator it) noexcept : WaitNext(*it.queue_), it_(std::move(it)) {}
            bool await_ready() const noexcept { return it_.at_last() || WaitNext::await_ready(); }
            task_iterator await_resume() {
                it_.advance();
                return std::move(it_);
            }

          private:
            task_iterator it_;
        };

        friend bool operator==(const task_iterator& it, const iterator&) noexcept {
            return it.at_end_;
        }

      private:
        friend class iterator;
        task_iterator(detail::CompletionQueue* queue, std::size_t handed) noexcept
            : queue_(queue), handed_(handed) {}

        bool at_last() const noexcept { return handed_ == queue_->size(); }
        // Takes the next finished task (raises TimeoutError, CancelledError), or ends.
        void advance() {
            if (at_last()) {
                task_ = Task<T>();
                at_end_ = true;
                return;
            }
            task_ = detail::TaskAccess::handle<Task<T>>(queue_->take());
            ++handed_;
        }

        detail::CompletionQueue* queue_;
        std::size_t handed_;
        Task<T> task_;
        bool at_end_ = false;
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
