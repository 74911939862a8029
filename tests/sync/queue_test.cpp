// Queue, LifoQueue, PriorityQueue: the three orders, back-pressure, the _nowait errors, FIFO
// wake-ups, cancelled waiters that lose nothing, task_done/join, shutdown, move-only items.
// Python's rules (test_queues.py), with the hand-off this library guarantees on top.
// (g++ 12 rejects a braced list whose temporary array lives across a co_await, "array used as
// initializer": expected lists are named vectors here.)
#include "asyncio/sync/queue.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "asyncio/core/task.hpp"
#include "asyncio/loop/run.hpp"
#include "asyncio/loop/sleep.hpp"
#include "support/test_support.hpp"

namespace {

using namespace std::chrono_literals;
using asyncio::CancelledError;
using asyncio::Coro;
using asyncio::LifoQueue;
using asyncio::PriorityQueue;
using asyncio::Queue;
using asyncio::QueueEmpty;
using asyncio::QueueFull;
using asyncio::QueueShutDown;
using asyncio::Task;
using namespace asyncio_test;

// A few loop turns, so that every task that can run has run.
Coro<> turns(int n = 3) {
    for (int i = 0; i < n; ++i) co_await asyncio::sleep(0s);
}

template <class Q>
Coro<int> getter(Q* q, Log* log, std::string name) {
    int item = co_await q->get();
    log->push_back(name + " got " + std::to_string(item));
    co_return item;
}

template <class Q>
Coro<int> putter(Q* q, Log* log, int item) {
    log->push_back("put " + std::to_string(item) + " waits");
    co_await q->put(item);
    log->push_back("put " + std::to_string(item) + " done");
    co_return item;
}

template <class Q>
Coro<std::vector<int>> drain(Q* q) {
    std::vector<int> out;
    while (!q->empty()) out.push_back(co_await q->get());
    co_return out;
}

TEST(Queue, FifoOrder) {
    run_bounded([]() -> Coro<> {
        Queue<int> q;
        const std::vector<int> in{3, 1, 2};
        for (int i : in) co_await q.put(i);
        EXPECT_EQ(q.qsize(), 3u);
        const std::vector<int> want{3, 1, 2};
        EXPECT_EQ(co_await drain(&q), want);
    }());
}

TEST(Queue, LifoOrder) {
    run_bounded([]() -> Coro<> {
        LifoQueue<int> q;
        const std::vector<int> in{3, 1, 2};
        for (int i : in) co_await q.put(i);
        const std::vector<int> want{2, 1, 3};
        EXPECT_EQ(co_await drain(&q), want);
    }());
}

TEST(Queue, PriorityOrderIsSmallestFirst) {
    run_bounded([]() -> Coro<> {
        PriorityQueue<int> q;
        const std::vector<int> in{5, 1, 4, 1, 3, 9, 2};
        for (int i : in) co_await q.put(i);
        const std::vector<int> want{1, 1, 2, 3, 4, 5, 9};
        EXPECT_EQ(co_await drain(&q), want);

        PriorityQueue<int, std::greater<int>> largest_first;
        for (int i : {5, 1, 4, 3}) largest_first.put_nowait(i);
        const std::vector<int> want_largest_first{5, 4, 3, 1};
        EXPECT_EQ(co_await drain(&largest_first), want_largest_first);

        // (priority, payload) pairs, the usual Python idiom.
        PriorityQueue<std::pair<int, std::string>> jobs;
        jobs.put_nowait({2, "write"});
        jobs.put_nowait({1, "read"});
        jobs.put_nowait({3, "close"});
        EXPECT_EQ((co_await jobs.get()).second, "read");
        EXPECT_EQ((co_await jobs.get()).second, "write");
        EXPECT_EQ((co_await jobs.get()).second, "close");
    }());
}

// The _nowait calls and the observers need no loop.
TEST(Queue, NowaitErrorsAndObservers) {
    Queue<int> q(2);
    EXPECT_EQ(q.maxsize(), 2u);
    EXPECT_TRUE(q.empty());
    EXPECT_FALSE(q.full());
    EXPECT_THROW(q.get_nowait(), QueueEmpty);
    q.put_nowait(1);
    q.put_nowait(2);
    EXPECT_EQ(q.qsize(), 2u);
    EXPECT_TRUE(q.full());
    EXPECT_THROW(q.put_nowait(3), QueueFull);
    EXPECT_EQ(q.get_nowait(), 1);
    EXPECT_FALSE(q.full());
    EXPECT_EQ(q.get_nowait(), 2);
    EXPECT_THROW(q.get_nowait(), QueueEmpty);

    Queue<int> unbounded;
    for (int i = 0; i < 1000; ++i) unbounded.put_nowait(i);
    EXPECT_FALSE(unbounded.full());
    EXPECT_EQ(unbounded.qsize(), 1000u);

    // All are asyncio::Error, which a catch of std::exception sees.
    EXPECT_THROW(q.get_nowait(), asyncio::Error);
    q.shutdown();
    EXPECT_THROW(q.put_nowait(1), asyncio::Error);
}

TEST(Queue, PutterWaitsUntilAGetMakesRoom) {
    run_bounded([]() -> Coro<> {
        Queue<int> q(1);
        Log log;
        co_await q.put(1);
        Task<int> p = asyncio::create_task(putter(&q, &log, 2));
        co_await turns();
        EXPECT_EQ(log, (Log{"put 2 waits"}));
        EXPECT_TRUE(q.full());
        log.push_back("get " + std::to_string(co_await q.get()));
        co_await turns();
        EXPECT_EQ(log, (Log{"put 2 waits", "get 1", "put 2 done"}));
        EXPECT_EQ(co_await p, 2);
        EXPECT_EQ(q.get_nowait(), 2);
    }());
}

TEST(Queue, GetterWaitsUntilAPut) {
    run_bounded([]() -> Coro<> {
        Queue<int> q;
        Log log;
        Task<int> g = asyncio::create_task(getter(&q, &log, "g"));
        co_await turns();
        EXPECT_TRUE(log.empty());
        co_await q.put(7);
        // Handed to the waiting getter at once: nobody else can take it.
        EXPECT_EQ(q.qsize(), 0u);
        EXPECT_THROW(q.get_nowait(), QueueEmpty);
        EXPECT_EQ(co_await g, 7);
        EXPECT_EQ(log, (Log{"g got 7"}));
    }());
}

TEST(Queue, GettersWakeInFifoOrder) {
    run_bounded([]() -> Coro<> {
        Queue<int> q;
        Log log;
        Tasks getters;
        for (std::string name : std::vector<std::string>{"a", "b", "c"}) {
            getters.push_back(asyncio::create_task(getter(&q, &log, name)));
            co_await asyncio::sleep(0s);  // each waits before the next starts
        }
        for (int i : {1, 2, 3}) q.put_nowait(i);
        for (Task<int>& g : getters) co_await g;
        EXPECT_EQ(log, (Log{"a got 1", "b got 2", "c got 3"}));
    }());
}

TEST(Queue, PuttersWakeInFifoOrder) {
    run_bounded([]() -> Coro<> {
        Queue<int> q(1);
        Log log;
        q.put_nowait(0);
        Tasks putters;
        for (int i : std::vector<int>{1, 2, 3}) {
            putters.push_back(asyncio::create_task(putter(&q, &log, i)));
            co_await asyncio::sleep(0s);
        }
        std::vector<int> got;
        for (int i = 0; i < 4; ++i) got.push_back(co_await q.get());
        EXPECT_EQ(got, (std::vector<int>{0, 1, 2, 3}));
        for (Task<int>& p : putters) co_await p;
    }());
}

TEST(Queue, CancelledGetterLosesNoItem) {
    run_bounded([]() -> Coro<> {
        Queue<int> q;
        Log log;
        Task<int> a = asyncio::create_task(getter(&q, &log, "a"));
        Task<int> b = asyncio::create_task(getter(&q, &log, "b"));
        co_await turns();
        a.cancel();
        q.put_nowait(1);  // a left the line at once: the item goes to b
        EXPECT_THROW(co_await a, CancelledError);
        EXPECT_EQ(co_await b, 1);
        EXPECT_EQ(log, (Log{"b got 1"}));
        EXPECT_TRUE(q.empty());
    }());
}

// Handed an item, then cancelled before it ran: the get still returns the item, and the
// cancellation is met at the next suspension point.
TEST(Queue, GetterCancelledAfterTheHandOffKeepsTheItem) {
    run_bounded([]() -> Coro<> {
        Queue<int> q;
        Log log;
        auto body = [](Queue<int>* q, Log* log) -> Coro<int> {
            int item = co_await q->get();
            log->push_back("got " + std::to_string(item));
            try {
                co_await asyncio::sleep(0s);
            } catch (const CancelledError&) {
                log->push_back("cancelled after");
                throw;
            }
            co_return item;
        };
        Task<int> a = asyncio::create_task(body(&q, &log));
        Task<int> b = asyncio::create_task(getter(&q, &log, "b"));
        co_await turns();
        q.put_nowait(1);  // handed to a
        a.cancel();
        q.put_nowait(2);  // handed to b
        EXPECT_THROW(co_await a, CancelledError);
        EXPECT_EQ(co_await b, 2);
        EXPECT_EQ(log, (Log{"got 1", "b got 2", "cancelled after"}));
        EXPECT_TRUE(q.empty());
    }());
}

TEST(Queue, CancelledPutterTakesNoSlot) {
    run_bounded([]() -> Coro<> {
        Queue<int> q(1);
        Log log;
        q.put_nowait(1);
        Task<int> p2 = asyncio::create_task(putter(&q, &log, 2));
        Task<int> p3 = asyncio::create_task(putter(&q, &log, 3));
        co_await turns();
        p2.cancel();
        EXPECT_EQ(co_await q.get(), 1);  // the slot goes to p3
        EXPECT_THROW(co_await p2, CancelledError);
        EXPECT_EQ(co_await p3, 3);
        EXPECT_EQ(q.qsize(), 1u);
        EXPECT_EQ(co_await q.get(), 3);
        EXPECT_TRUE(q.empty());
        EXPECT_EQ(log, (Log{"put 2 waits", "put 3 waits", "put 3 done"}));
    }());
}

// A put that raises leaves the item with the caller: nothing is lost, even move-only.
TEST(Queue, CancelledPutLeavesTheItemWithTheCaller) {
    run_bounded([]() -> Coro<> {
        Queue<std::unique_ptr<int>> q(1);
        q.put_nowait(std::make_unique<int>(1));
        auto blocked = [](Queue<std::unique_ptr<int>>* q) -> Coro<int> {
            auto item = std::make_unique<int>(2);
            try {
                co_await q->put(std::move(item));
            } catch (const CancelledError&) {
                co_return item ? *item : -1;
            }
            co_return 0;
        };
        Task<int> putter_task = asyncio::create_task(blocked(&q));
        co_await asyncio::sleep(0s);
        putter_task.cancel();
        EXPECT_EQ(co_await putter_task, 2);
        EXPECT_EQ(q.qsize(), 1u);
    }());
}

TEST(Queue, PutterCancelledAfterTheHandOffKeepsTheSlot) {
    run_bounded([]() -> Coro<> {
        Queue<int> q(1);
        Log log;
        q.put_nowait(1);
        auto body = [](Queue<int>* q, Log* log) -> Coro<int> {
            co_await q->put(2);
            log->push_back("put 2 done");
            co_await asyncio::sleep(0s);  // the cancellation lands here
            co_return 2;
        };
        Task<int> p = asyncio::create_task(body(&q, &log));
        co_await turns();
        EXPECT_EQ(q.get_nowait(), 1);  // the slot is handed to p
        EXPECT_TRUE(q.full());
        EXPECT_THROW(q.put_nowait(9), QueueFull);
        p.cancel();
        EXPECT_THROW(co_await p, CancelledError);
        EXPECT_EQ(log, (Log{"put 2 done"}));
        EXPECT_EQ(q.get_nowait(), 2);
    }());
}

TEST(Queue, JoinWaitsForEveryTaskDone) {
    run_bounded([]() -> Coro<> {
        Queue<int> q;
        Log log;
        co_await q.join();  // nothing put: at once
        for (int i : {1, 2, 3}) q.put_nowait(i);
        auto joiner = [](Queue<int>* q, Log* log) -> Coro<int> {
            co_await q->join();
            log->push_back("joined");
            co_return 0;
        };
        Task<int> j = asyncio::create_task(joiner(&q, &log));
        for (int i = 0; i < 3; ++i) {
            int item = co_await q.get();
            co_await turns();
            log.push_back("done " + std::to_string(item));
            q.task_done();
        }
        co_await j;
        EXPECT_EQ(log, (Log{"done 1", "done 2", "done 3", "joined"}));
        EXPECT_THROW(q.task_done(), asyncio::ValueError);
    }());
}

TEST(Queue, TaskDoneWithNothingPutIsValueError) {
    Queue<int> q;
    EXPECT_THROW(q.task_done(), asyncio::ValueError);
    q.put_nowait(1);
    (void)q.get_nowait();
    q.task_done();
    EXPECT_THROW(q.task_done(), asyncio::ValueError);
}

TEST(Queue, ShutdownLetsGettersDrainThenRaises) {
    run_bounded([]() -> Coro<> {
        Queue<int> q;
        q.put_nowait(1);
        q.put_nowait(2);
        q.shutdown();
        EXPECT_THROW(q.put_nowait(3), QueueShutDown);
        EXPECT_THROW(co_await q.put(3), QueueShutDown);
        EXPECT_EQ(q.qsize(), 2u);
        EXPECT_EQ(co_await q.get(), 1);
        EXPECT_EQ(q.get_nowait(), 2);
        EXPECT_THROW(co_await q.get(), QueueShutDown);
        EXPECT_THROW(q.get_nowait(), QueueShutDown);
        q.task_done();  // task_done still works
        q.task_done();
        co_await q.join();
    }());
}

TEST(Queue, ShutdownWakesWaitingGettersAndPutters) {
    run_bounded([]() -> Coro<> {
        Queue<int> empty_q;
        Queue<int> full_q(1);
        full_q.put_nowait(0);
        Log log;
        Tasks tasks{asyncio::create_task(getter(&empty_q, &log, "a")),
                    asyncio::create_task(getter(&empty_q, &log, "b")),
                    asyncio::create_task(putter(&full_q, &log, 1))};
        co_await turns();
        empty_q.shutdown();
        full_q.shutdown();
        for (Task<int>& t : tasks) EXPECT_THROW(co_await t, QueueShutDown);
        EXPECT_EQ(log, (Log{"put 1 waits"}));
        EXPECT_EQ(full_q.get_nowait(), 0);  // not immediate: the item stays to be got
    }());
}

TEST(Queue, ShutdownImmediateEmptiesWakesAndReleasesJoin) {
    run_bounded([]() -> Coro<> {
        Queue<int> q(2);
        Log log;
        q.put_nowait(1);
        q.put_nowait(2);
        auto joiner = [](Queue<int>* q, Log* log) -> Coro<int> {
            co_await q->join();
            log->push_back("joined");
            co_return 0;
        };
        Task<int> p = asyncio::create_task(putter(&q, &log, 3));
        Task<int> j = asyncio::create_task(joiner(&q, &log));
        co_await turns();
        q.shutdown(true);
        EXPECT_EQ(q.qsize(), 0u);
        EXPECT_TRUE(q.empty());
        EXPECT_THROW(co_await p, QueueShutDown);
        co_await j;
        EXPECT_EQ(log, (Log{"put 3 waits", "joined"}));
        EXPECT_THROW(co_await q.get(), QueueShutDown);
        EXPECT_THROW(co_await q.put(4), QueueShutDown);
        EXPECT_THROW(q.task_done(), asyncio::ValueError);  // dropped items counted as done
        co_await q.join();
    }());
}

TEST(Queue, ShutdownImmediateWakesWaitingGetters) {
    run_bounded([]() -> Coro<> {
        Queue<int> q;
        Log log;
        Task<int> g = asyncio::create_task(getter(&q, &log, "g"));
        co_await turns();
        q.shutdown(true);
        EXPECT_THROW(co_await g, QueueShutDown);
        EXPECT_TRUE(log.empty());
    }());
}

// An item already handed to a woken getter is that getter's, even if the queue is then shut
// down immediately.
TEST(Queue, ShutdownImmediateKeepsAnItemAlreadyHandedOver) {
    run_bounded([]() -> Coro<> {
        Queue<int> q;
        Log log;
        Task<int> a = asyncio::create_task(getter(&q, &log, "a"));
        Task<int> b = asyncio::create_task(getter(&q, &log, "b"));
        co_await turns();
        q.put_nowait(1);  // handed to a
        q.shutdown(true);
        EXPECT_EQ(co_await a, 1);
        EXPECT_THROW(co_await b, QueueShutDown);
        EXPECT_EQ(log, (Log{"a got 1"}));
    }());
}

TEST(Queue, MoveOnlyItems) {
    run_bounded([]() -> Coro<> {
        using Ptr = std::unique_ptr<int>;
        Queue<Ptr> q(1);
        co_await q.put(std::make_unique<int>(1));
        Ptr waiting = std::make_unique<int>(2);
        auto put_later = [](Queue<Ptr>* q, Ptr item) -> Coro<> {
            co_await q->put(std::move(item));
        };
        Task<> p = asyncio::create_task(put_later(&q, std::move(waiting)));
        co_await turns();
        Ptr one = co_await q.get();
        co_await p;
        Ptr two = q.get_nowait();
        EXPECT_EQ(*one, 1);
        EXPECT_EQ(*two, 2);

        auto by_value = [](const Ptr& a, const Ptr& b) { return *a < *b; };
        PriorityQueue<Ptr, decltype(by_value)> pq;
        for (int i : {3, 1, 2}) pq.put_nowait(std::make_unique<int>(i));
        std::vector<int> order;
        while (!pq.empty()) order.push_back(*co_await pq.get());
        EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));

        LifoQueue<Ptr> lq;
        lq.put_nowait(std::make_unique<int>(1));
        lq.put_nowait(std::make_unique<int>(2));
        EXPECT_EQ(*lq.get_nowait(), 2);
    }());
}

TEST(Queue, ProducerAndThreeConsumersThroughABoundedQueue) {
    run_bounded([]() -> Coro<> {
        constexpr int kItems = 10'000;
        Queue<int> q(10);
        auto producer = [](Queue<int>* q) -> Coro<int> {
            for (int i = 1; i <= kItems; ++i) {
                co_await q->put(i);
                if (q->qsize() > q->maxsize()) ADD_FAILURE() << "over maxsize";
            }
            co_return 0;
        };
        // Each consumer returns the sum of what it got; it stops when the queue shuts down.
        auto consumer = [](Queue<int>* q, long long* count) -> Coro<long long> {
            long long sum = 0;
            try {
                for (;;) {
                    sum += co_await q->get();
                    ++*count;
                    if (*count % 7 == 0) co_await asyncio::sleep(0s);  // interleave
                    q->task_done();
                }
            } catch (const QueueShutDown&) {
            }
            co_return sum;
        };
        std::vector<long long> counts(3, 0);
        std::vector<Task<long long>> consumers;
        for (long long& count : counts)
            consumers.push_back(asyncio::create_task(consumer(&q, &count)));
        Task<int> p = asyncio::create_task(producer(&q));
        co_await p;
        co_await q.join();
        q.shutdown();
        long long total = 0;
        for (Task<long long>& c : consumers) total += co_await c;
        EXPECT_EQ(total, static_cast<long long>(kItems) * (kItems + 1) / 2);
        EXPECT_EQ(counts[0] + counts[1] + counts[2], kItems);
        for (long long count : counts) EXPECT_GT(count, 0);
    }());
}

// items(): the `async for` loop over a queue, until it is shut down.

Coro<std::vector<int>> drain(Queue<int>* q) {
    std::vector<int> got;
    auto items = q->items();
    for (auto it = co_await items.begin(); it != items.end(); co_await ++it) got.push_back(*it);
    co_return got;
}

TEST(QueueItems, GivesTheItemsInOrderUntilShutDown) {
    auto producer = [](Queue<int>* q) -> Coro<> {
        for (int i = 0; i < 5; ++i) co_await q->put(i);
        q->shutdown();
    };
    auto body = [](Coro<> producer, Queue<int>* q) -> Coro<std::vector<int>> {
        auto consumer = asyncio::create_task(drain(q));
        co_await producer;
        co_return co_await consumer;
    };
    Queue<int> q(2);
    EXPECT_EQ(run_bounded(body(producer(&q), &q)), (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST(QueueItems, ItemsQueuedBeforeTheShutdownStillComeOut) {
    auto body = [](Queue<int>* q) -> Coro<std::vector<int>> {
        q->put_nowait(1);
        q->put_nowait(2);
        q->shutdown();
        co_return co_await drain(q);
    };
    Queue<int> q;
    EXPECT_EQ(run_bounded(body(&q)), (std::vector<int>{1, 2}));
}

TEST(QueueItems, BreakingOutLeavesTheRestQueued) {
    auto body = [](Queue<int>* q) -> Coro<int> {
        for (int i = 1; i <= 3; ++i) q->put_nowait(i);
        {
            auto items = q->items();
            for (auto it = co_await items.begin(); it != items.end(); co_await ++it) {
                if (*it == 1) break;
            }
        }
        EXPECT_EQ(q->qsize(), 2u);
        co_return q->get_nowait();
    };
    Queue<int> q;
    EXPECT_EQ(run_bounded(body(&q)), 2);
}

TEST(QueueItems, ACancelledConsumerLeavesTheLineAndTakesNothing) {
    auto body = [](Queue<int>* q, Log* log) -> Coro<int> {
        auto consumer = [](Queue<int>* q, Log* log) -> Coro<> {
            try {
                auto items = q->items();
                for (auto it = co_await items.begin(); it != items.end(); co_await ++it) {
                    log->push_back(std::to_string(*it));
                }
            } catch (const CancelledError&) {
                log->push_back("CancelledError");
                throw;
            }
        };
        auto task = asyncio::create_task(consumer(q, log));
        co_await asyncio::sleep(0s);
        q->put_nowait(1);
        co_await asyncio::sleep(0s);
        co_await asyncio::sleep(0s);  // the consumer took 1 and waits again
        task.cancel();
        EXPECT_THROW(co_await task, CancelledError);
        q->put_nowait(2);  // nobody waits for it any more
        EXPECT_EQ(q->qsize(), 1u);
        co_return q->get_nowait();
    };
    Queue<int> q;
    Log log;
    EXPECT_EQ(run_bounded(body(&q, &log)), 2);
    EXPECT_EQ(log, (Log{"1", "CancelledError"}));
}

TEST(QueueItems, TwoConsumersShareTheItems) {
    auto body = [](Queue<int>* q) -> Coro<bool> {
        auto a = asyncio::create_task(drain(q));
        auto b = asyncio::create_task(drain(q));
        co_await asyncio::sleep(0s);  // both wait, in line
        for (int i = 0; i < 10; ++i) co_await q->put(i);
        q->shutdown();
        std::vector<int> got_a = co_await a;
        std::vector<int> got_b = co_await b;
        EXPECT_FALSE(got_a.empty());
        EXPECT_FALSE(got_b.empty());
        got_a.insert(got_a.end(), got_b.begin(), got_b.end());
        std::sort(got_a.begin(), got_a.end());
        co_return got_a == std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    };
    Queue<int> q;
    EXPECT_TRUE(run_bounded(body(&q)));  // each item once
}

}  // namespace
