// Queues between tasks, with Python 3.13's names and semantics: `Queue<T>` (first in, first
// out), `LifoQueue<T>` (last in, first out) and `PriorityQueue<T, Compare>` (smallest first,
// like heapq). `co_await q.put(item)` waits while the queue is full (`maxsize` > 0),
// `co_await q.get()` waits while it is empty; `put_nowait`/`get_nowait` raise `QueueFull`/
// `QueueEmpty` instead; `task_done()` and `co_await q.join()` count items through to the end
// of their processing; `shutdown(immediate)` ends the queue with `QueueShutDown`. Items are
// moved in and out, so move-only types work. Guarantees: getters and putters are served in
// the order they came; an item or a free slot is handed to the first waiter at once (it is
// reserved for it: `qsize()`, `full()` and the `_nowait` calls see it as taken), so a task
// that did not wait cannot overtake one that did; a waiter cancelled before it was served
// leaves and takes nothing, and one cancelled after it was served keeps what it was given
// (its `get()` returns the item; the cancellation meets it at its next suspension point), so
// no item and no slot is ever lost; a put that raises leaves the item with the caller (it is
// moved only once placed). CPython instead wakes a waiter that must look again and
// can lose the race (and its place in line) to a task that never waited.
//
// `items()` iterates a queue until it is shut down, the loop of Python 3.13's
// `while True: item = await q.get()` ending at QueueShutDown (see core/async_generator.hpp):
//   auto items = q.items();
//   for (auto it = co_await items.begin(); it != items.end(); co_await ++it) use(*it);
#pragma once

#include <algorithm>
#include <coroutine>
#include <cstddef>
#include <deque>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include "asyncio/core/async_generator.hpp"
#include "asyncio/core/errors.hpp"
#include "asyncio/detail/sync/wait_queue.hpp"

namespace asyncio {

// `put_nowait` on a full queue.
class QueueFull : public Error {
  public:
    using Error::Error;
    QueueFull() : Error("QueueFull") {}
};

// `get_nowait` on an empty queue.
class QueueEmpty : public Error {
  public:
    using Error::Error;
    QueueEmpty() : Error("QueueEmpty") {}
};

// A put on a queue that was shut down, or a get on one that was shut down and is empty.
class QueueShutDown : public Error {
  public:
    using Error::Error;
    QueueShutDown() : Error("QueueShutDown") {}
};

namespace detail {

// The three orders differ only in where an item goes and which one comes out first.

template <class T>
class FifoStore {
  public:
    std::size_t size() const noexcept { return items_.size(); }
    void push(T&& item) { items_.push_back(std::move(item)); }
    T pop() {
        T item = std::move(items_.front());
        items_.pop_front();
        return item;
    }

  private:
    std::deque<T> items_;
};

template <class T>
class LifoStore {
  public:
    std::size_t size() const noexcept { return items_.size(); }
    void push(T&& item) { items_.push_back(std::move(item)); }
    T pop() {
        T item = std::move(items_.back());
        items_.pop_back();
        return item;
    }

  private:
    std::vector<T> items_;
};

// A binary heap on a vector. The standard heap functions keep the *largest* element (by
// their comparison) on top, so they are given the comparison reversed: `Compare`'s smallest
// comes out first, as with Python's heapq and `PriorityQueue`.
template <class T, class Compare>
class HeapStore {
  public:
    std::size_t size() const noexcept { return items_.size(); }
    void push(T&& item) {
        items_.push_back(std::move(item));
        std::push_heap(items_.begin(), items_.end(), Reversed{&compare_});
    }
    T pop() {
        std::pop_heap(items_.begin(), items_.end(), Reversed{&compare_});
        T item = std::move(items_.back());
        items_.pop_back();
        return item;
    }

  private:
    struct Reversed {
        Compare* compare;
        bool operator()(const T& a, const T& b) const { return (*compare)(b, a); }
    };
    std::vector<T> items_;
    [[no_unique_address]] Compare compare_{};
};

}  // namespace detail

// The one implementation behind Queue, LifoQueue and PriorityQueue; `Store` decides the
// order. Not copyable or movable: waiting tasks hold a reference to it.
template <class T, class Store>
class BasicQueue {
  public:
    // 0: unbounded.
    explicit BasicQueue(std::size_t maxsize = 0) : maxsize_(maxsize) {}
    BasicQueue(const BasicQueue&) = delete;
    BasicQueue& operator=(const BasicQueue&) = delete;

    std::size_t maxsize() const noexcept { return maxsize_; }
    // The items a get could take now: those already handed to a woken getter are not counted.
    std::size_t qsize() const noexcept { return store_.size() - granted_gets_; }
    bool empty() const noexcept { return qsize() == 0; }
    // A slot handed to a woken putter counts as taken.
    bool full() const noexcept { return maxsize_ > 0 && qsize() + granted_puts_ >= maxsize_; }

    void put_nowait(T item) {
        if (shut_down_) throw QueueShutDown();
        if (full()) throw QueueFull();
        push(std::move(item));
    }

    T get_nowait() {
        if (empty()) {
            if (shut_down_) throw QueueShutDown();
            throw QueueEmpty();
        }
        return take();
    }

    // Python's `task_done`: one item taken by get() has been processed.
    void task_done() {
        if (unfinished_ == 0) throw ValueError("task_done() called too many times");
        if (--unfinished_ == 0) joiners_.grant_all();
    }

    // Python 3.13's `shutdown`. Puts raise QueueShutDown from now on; gets do once the queue
    // is empty. `immediate` drops the items still queued at once (each counts as done for
    // join()); an item already handed to a woken getter is that getter's and stays. Every
    // waiting putter and getter wakes, to raise QueueShutDown.
    void shutdown(bool immediate = false) {
        shut_down_ = true;
        if (immediate) {
            while (qsize() > 0) {
                (void)store_.pop();
                if (unfinished_ > 0) --unfinished_;
            }
            if (unfinished_ == 0) joiners_.grant_all();
        }
        // A putter woken for a slot raises too: the slots it held go with the queue.
        granted_puts_ = 0;
        putters_.grant_all();
        // Waiting getters imply an empty queue (see wake_getters), so none of them is owed an
        // item: they wake to find nothing reserved for them, and raise.
        getters_.grant_all();
    }

    // `co_await q.put(item)`: waits while the queue is full. Raises QueueShutDown if it is or
    // gets shut down, CancelledError if cancelled while waiting. The item is moved only once
    // it is placed: a put that raises leaves `co_await q.put(std::move(x))`'s `x` untouched.
    class [[nodiscard]] PutAwaiter {
      public:
        PutAwaiter(BasicQueue& queue, T&& item) noexcept
            : queue_(queue), item_(&item), wait_(queue.putters_) {}
        PutAwaiter(BasicQueue& queue, const T& item)
            : queue_(queue), copy_(item), item_(&*copy_), wait_(queue.putters_) {}
        // Movable until it is awaited, so that a combinator can take it (wait_for(q.put(x), 1s)).
        PutAwaiter(PutAwaiter&& idle) noexcept(std::is_nothrow_move_constructible_v<T>)
            : queue_(idle.queue_),
              copy_(std::move(idle.copy_)),
              item_(copy_ ? &*copy_ : idle.item_),
              wait_(std::move(idle.wait_)) {}
        PutAwaiter(const PutAwaiter&) = delete;
        PutAwaiter& operator=(const PutAwaiter&) = delete;

        // Never overtakes a waiting putter: while one waits the queue is full.
        bool await_ready() const noexcept { return queue_.shut_down_ || !queue_.full(); }
        void await_suspend(std::coroutine_handle<> self) {
            waited_ = true;
            wait_.await_suspend(self);
        }
        void await_resume() {
            if (!waited_) {
                queue_.put_nowait(std::move(*item_));
                return;
            }
            wait_.await_resume();  // CancelledError unless a slot (or the shutdown) came first
            queue_.put_granted(std::move(*item_));
        }

      private:
        BasicQueue& queue_;
        std::optional<T> copy_;  // for put(const T&): the caller keeps its own
        T* item_;                // the caller's object, alive for the whole co_await
        // Always constructed, used only if the awaiter suspends. On the path that does not
        // suspend its destructor finds the waiters' list empty (nobody waits while a get, a
        // put or a join can complete at once), so it costs nothing.
        detail::WaitQueue::Awaiter wait_;
        bool waited_ = false;
    };
    PutAwaiter put(T&& item) noexcept { return PutAwaiter(*this, std::move(item)); }
    PutAwaiter put(const T& item) requires std::is_copy_constructible_v<T> {
        return PutAwaiter(*this, item);
    }

    // `co_await q.get()`: waits while the queue is empty and returns the item. Raises
    // QueueShutDown if the queue is shut down and empty, CancelledError if cancelled before an
    // item was handed to it.
    class [[nodiscard]] GetAwaiter {
      public:
        explicit GetAwaiter(BasicQueue& queue) noexcept : queue_(queue), wait_(queue.getters_) {}
        // Movable until it is awaited, so that a combinator can take it (wait_for(q.get(), 1s)).
        GetAwaiter(GetAwaiter&& idle) noexcept
            : queue_(idle.queue_), wait_(std::move(idle.wait_)) {}
        GetAwaiter(const GetAwaiter&) = delete;
        GetAwaiter& operator=(const GetAwaiter&) = delete;

        // Never overtakes a waiting getter: while one waits the queue is empty.
        bool await_ready() const noexcept { return queue_.shut_down_ || !queue_.empty(); }
        void await_suspend(std::coroutine_handle<> self) {
            waited_ = true;
            wait_.await_suspend(self);
        }
        T await_resume() {
            if (!waited_) return queue_.get_nowait();
            wait_.await_resume();  // CancelledError unless an item (or the shutdown) came first
            return queue_.take_granted();
        }

      private:
        BasicQueue& queue_;
        // Always constructed, used only if the awaiter suspends. On the path that does not
        // suspend its destructor finds the waiters' list empty (nobody waits while a get, a
        // put or a join can complete at once), so it costs nothing.
        detail::WaitQueue::Awaiter wait_;
        bool waited_ = false;
    };
    GetAwaiter get() noexcept { return GetAwaiter(*this); }

    // The items get() gives, until it would raise QueueShutDown (shut down and empty): the
    // loop then ends. A consumer cancelled while it waits leaves the line and takes nothing.
    // The queue must outlive the generator.
    AsyncGenerator<T> items() {
        for (;;) {
            std::optional<T> item;
            try {
                item.emplace(co_await get());
            } catch (const QueueShutDown&) {
            }
            if (!item) co_return;
            co_yield std::move(*item);
        }
    }

    // `co_await q.join()`: waits until every item put has had its task_done().
    class [[nodiscard]] JoinAwaiter {
      public:
        explicit JoinAwaiter(BasicQueue& queue) noexcept : queue_(queue), wait_(queue.joiners_) {}
        // Movable until it is awaited, so that a combinator can take it (wait_for(q.join(), 1s)).
        JoinAwaiter(JoinAwaiter&& idle) noexcept
            : queue_(idle.queue_), wait_(std::move(idle.wait_)) {}
        JoinAwaiter(const JoinAwaiter&) = delete;
        JoinAwaiter& operator=(const JoinAwaiter&) = delete;

        bool await_ready() const noexcept { return queue_.unfinished_ == 0; }
        void await_suspend(std::coroutine_handle<> self) {
            waited_ = true;
            wait_.await_suspend(self);
        }
        void await_resume() {
            if (waited_) wait_.await_resume();
        }

      private:
        BasicQueue& queue_;
        // Always constructed, used only if the awaiter suspends. On the path that does not
        // suspend its destructor finds the waiters' list empty (nobody waits while a get, a
        // put or a join can complete at once), so it costs nothing.
        detail::WaitQueue::Awaiter wait_;
        bool waited_ = false;
    };
    JoinAwaiter join() noexcept { return JoinAwaiter(*this); }

  private:
    void push(T&& item) {
        store_.push(std::move(item));
        ++unfinished_;
        wake_getters();
    }
    T take() {
        T item = store_.pop();
        wake_putters();
        return item;
    }

    // A woken putter owns a slot (counted in granted_puts_) unless the queue was shut down
    // meanwhile: then every woken putter raises.
    void put_granted(T&& item) {
        if (shut_down_) throw QueueShutDown();
        --granted_puts_;
        push(std::move(item));
    }
    // A woken getter owns one of the granted_gets_ items. Getters run in the order they were
    // woken, so those woken for an item come before any woken only by the shutdown.
    T take_granted() {
        if (granted_gets_ == 0) throw QueueShutDown();
        --granted_gets_;
        return take();
    }

    // Hands the items a get could take to waiting getters, first come first served. Keeps the
    // invariant the awaiters rely on: while a getter waits, qsize() is 0.
    void wake_getters() noexcept {
        while (qsize() > 0 && getters_.grant_one()) ++granted_gets_;
    }
    // Hands free slots to waiting putters. Keeps: while a putter waits, full() holds.
    void wake_putters() noexcept {
        while (!full() && putters_.grant_one()) ++granted_puts_;
    }

    Store store_;
    std::size_t maxsize_;
    std::size_t granted_gets_ = 0;  // items in store_ handed to woken getters
    std::size_t granted_puts_ = 0;  // slots handed to woken putters
    std::size_t unfinished_ = 0;    // items put and not yet task_done()
    bool shut_down_ = false;
    detail::WaitQueue getters_;
    detail::WaitQueue putters_;
    detail::WaitQueue joiners_;
};

template <class T>
using Queue = BasicQueue<T, detail::FifoStore<T>>;

template <class T>
using LifoQueue = BasicQueue<T, detail::LifoStore<T>>;

template <class T, class Compare = std::less<T>>
using PriorityQueue = BasicQueue<T, detail::HeapStore<T, Compare>>;

}  // namespace asyncio
