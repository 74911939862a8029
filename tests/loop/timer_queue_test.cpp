#include "asyncio/detail/loop/timer_queue.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <optional>
#include <random>
#include <vector>

namespace {

using asyncio::Clock;
using asyncio::detail::TimerNode;
using asyncio::detail::TimerQueue;
using std::chrono::milliseconds;

// A timer that records its id in a log when it fires.
struct TestTimer : TimerNode {
    int id = 0;
    std::vector<int>* log = nullptr;

    TestTimer(int id_, std::vector<int>* log_) : id(id_), log(log_) {
        fire = [](TimerNode& node) noexcept {
            auto& self = static_cast<TestTimer&>(node);
            self.log->push_back(self.id);
        };
    }
};

const Clock::time_point t0 = Clock::now();

Clock::time_point at(int ms) { return t0 + milliseconds(ms); }

// Fires everything, however far in the future.
std::vector<int> drain(TimerQueue& queue, std::vector<int>& log) {
    log.clear();
    queue.fire_due(Clock::time_point::max());
    return log;
}

TEST(TimerQueue, StartsEmpty) {
    TimerQueue queue;
    EXPECT_TRUE(queue.empty());
    EXPECT_EQ(queue.size(), 0u);
    std::vector<int> log;
    queue.fire_due(Clock::time_point::max());  // nothing to fire, nothing breaks
    EXPECT_TRUE(log.empty());
}

TEST(TimerQueue, FiresInDeadlineOrder) {
    std::vector<int> log;
    std::deque<TestTimer> timers;
    TimerQueue queue;
    const int deadlines[] = {50, 10, 40, 30, 20, 60, 5};
    for (int ms : deadlines) {
        timers.emplace_back(ms, &log);
        queue.push(timers.back(), at(ms));
    }
    EXPECT_EQ(queue.size(), 7u);
    EXPECT_EQ(queue.next_deadline(), at(5));
    EXPECT_EQ(drain(queue, log), (std::vector<int>{5, 10, 20, 30, 40, 50, 60}));
    EXPECT_TRUE(queue.empty());
    for (const TestTimer& t : timers) EXPECT_FALSE(t.armed());
}

TEST(TimerQueue, EqualDeadlinesFireInArmingOrder) {
    std::vector<int> log;
    std::deque<TestTimer> timers;
    TimerQueue queue;
    // Interleave two deadlines so the heap must reorder; ties keep arming order.
    for (int i = 0; i < 20; ++i) {
        timers.emplace_back(i, &log);
        queue.push(timers.back(), at(i % 2 == 0 ? 20 : 10));
    }
    std::vector<int> expected;
    for (int i = 1; i < 20; i += 2) expected.push_back(i);
    for (int i = 0; i < 20; i += 2) expected.push_back(i);
    EXPECT_EQ(drain(queue, log), expected);
}

TEST(TimerQueue, RearmingMovesATimerBehindItsEquals) {
    std::vector<int> log;
    TestTimer a(1, &log), b(2, &log), c(3, &log);
    TimerQueue queue;
    queue.push(a, at(10));
    queue.push(b, at(10));
    queue.push(c, at(10));
    queue.remove(a);
    queue.push(a, at(10));  // armed again: now the latest of the three
    EXPECT_EQ(drain(queue, log), (std::vector<int>{2, 3, 1}));
}

TEST(TimerQueue, FireDueFiresOnlyWhatIsDue) {
    std::vector<int> log;
    TestTimer a(10, &log), b(20, &log), c(30, &log);
    TimerQueue queue;
    queue.push(c, at(30));
    queue.push(a, at(10));
    queue.push(b, at(20));

    queue.fire_due(at(5));
    EXPECT_TRUE(log.empty());
    EXPECT_EQ(queue.size(), 3u);

    queue.fire_due(at(20));  // a deadline equal to `now` is due
    EXPECT_EQ(log, (std::vector<int>{10, 20}));
    EXPECT_FALSE(a.armed());
    EXPECT_FALSE(b.armed());
    EXPECT_TRUE(c.armed());
    EXPECT_EQ(queue.size(), 1u);
    EXPECT_EQ(queue.next_deadline(), at(30));

    queue.fire_due(at(29));
    EXPECT_EQ(log.size(), 2u);
    queue.fire_due(at(31));
    EXPECT_EQ(log, (std::vector<int>{10, 20, 30}));
    EXPECT_TRUE(queue.empty());
}

TEST(TimerQueue, RemoveTopKeepsOrder) {
    std::vector<int> log;
    std::deque<TestTimer> timers;
    TimerQueue queue;
    for (int ms : {30, 10, 50, 20, 40}) {
        timers.emplace_back(ms, &log);
        queue.push(timers.back(), at(ms));
    }
    TestTimer& top = timers[1];  // deadline 10
    ASSERT_EQ(queue.next_deadline(), at(10));
    queue.remove(top);
    EXPECT_FALSE(top.armed());
    EXPECT_EQ(queue.size(), 4u);
    EXPECT_EQ(queue.next_deadline(), at(20));
    EXPECT_EQ(drain(queue, log), (std::vector<int>{20, 30, 40, 50}));
}

TEST(TimerQueue, RemoveMiddleKeepsOrderWhenTheReplacementMustRise) {
    // Pushed in this order the heap array is [1, 10, 2, 11, 12, 3, 4]. Removing 11 (index 3)
    // puts the last node (4) under 10: it must move up, not down.
    std::vector<int> log;
    std::deque<TestTimer> timers;
    TimerQueue queue;
    for (int ms : {1, 10, 2, 11, 12, 3, 4}) {
        timers.emplace_back(ms, &log);
        queue.push(timers.back(), at(ms));
    }
    queue.remove(timers[3]);  // deadline 11
    EXPECT_FALSE(timers[3].armed());
    EXPECT_EQ(drain(queue, log), (std::vector<int>{1, 2, 3, 4, 10, 12}));
}

TEST(TimerQueue, RemoveMiddleKeepsOrderWhenTheReplacementMustSink) {
    std::vector<int> log;
    std::deque<TestTimer> timers;
    TimerQueue queue;
    for (int ms : {1, 2, 3, 4, 5, 6, 7, 8, 9}) {
        timers.emplace_back(ms, &log);
        queue.push(timers.back(), at(ms));
    }
    queue.remove(timers[1]);  // deadline 2, index 1: the last node (9) must sink
    EXPECT_EQ(drain(queue, log), (std::vector<int>{1, 3, 4, 5, 6, 7, 8, 9}));
}

TEST(TimerQueue, RemoveLastKeepsOrder) {
    std::vector<int> log;
    std::deque<TestTimer> timers;
    TimerQueue queue;
    for (int ms : {10, 20, 30, 40, 50}) {
        timers.emplace_back(ms, &log);
        queue.push(timers.back(), at(ms));
    }
    queue.remove(timers.back());  // pushed last with the latest deadline: last in the heap
    EXPECT_FALSE(timers.back().armed());
    EXPECT_EQ(queue.size(), 4u);
    EXPECT_EQ(drain(queue, log), (std::vector<int>{10, 20, 30, 40}));
}

TEST(TimerQueue, RemoveOnlyNodeEmptiesTheQueue) {
    std::vector<int> log;
    TestTimer a(1, &log);
    TimerQueue queue;
    queue.push(a, at(1));
    queue.remove(a);
    EXPECT_TRUE(queue.empty());
    EXPECT_FALSE(a.armed());
    queue.fire_due(Clock::time_point::max());
    EXPECT_TRUE(log.empty());
}

TEST(TimerQueue, RemoveOfAnUnarmedNodeIsANoOp) {
    std::vector<int> log;
    TestTimer a(1, &log), b(2, &log), never(3, &log);
    TimerQueue queue;
    queue.push(a, at(10));
    queue.push(b, at(20));

    queue.remove(never);  // never armed
    EXPECT_EQ(queue.size(), 2u);

    queue.remove(a);
    queue.remove(a);  // already removed
    EXPECT_EQ(queue.size(), 1u);

    queue.fire_due(at(20));
    EXPECT_EQ(log, (std::vector<int>{2}));
    queue.remove(b);  // already fired
    EXPECT_TRUE(queue.empty());
    EXPECT_EQ(log, (std::vector<int>{2}));
}

TEST(TimerQueue, AFiringTimerMayRemoveAnotherDueTimer) {
    struct Remover : TimerNode {
        TimerQueue* queue;
        TimerNode* victim;
        std::vector<int>* log;
    };
    std::vector<int> log;
    TimerQueue queue;
    TestTimer victim(2, &log), later(3, &log);
    Remover remover;
    remover.queue = &queue;
    remover.victim = &victim;
    remover.log = &log;
    remover.fire = [](TimerNode& node) noexcept {
        auto& self = static_cast<Remover&>(node);
        self.log->push_back(1);
        self.queue->remove(*self.victim);
    };
    queue.push(remover, at(10));
    queue.push(victim, at(10));
    queue.push(later, at(20));
    queue.fire_due(at(30));
    EXPECT_EQ(log, (std::vector<int>{1, 3}));
    EXPECT_TRUE(queue.empty());
}

TEST(TimerQueue, ClearHandsEveryTimerToTheDiscarder) {
    std::vector<int> log;
    std::deque<TestTimer> timers;
    TimerQueue queue;
    for (int ms : {3, 1, 2}) {
        timers.emplace_back(ms, &log);
        queue.push(timers.back(), at(ms));
    }
    std::vector<int> discarded;
    queue.clear([&](TimerNode& node) {
        EXPECT_FALSE(node.armed());
        discarded.push_back(static_cast<TestTimer&>(node).id);
    });
    std::sort(discarded.begin(), discarded.end());
    EXPECT_EQ(discarded, (std::vector<int>{1, 2, 3}));
    EXPECT_TRUE(queue.empty());
    EXPECT_TRUE(log.empty());  // discarded, not fired
}

// Thousands of random pushes, removes and partial firings, checked against a multimap
// (which keeps equal keys in insertion order: the queue's tie rule).
TEST(TimerQueue, RandomizedAgainstAMultimapModel) {
    constexpr int kTimers = 200;
    constexpr int kOps = 5000;
    std::mt19937 rng(20240611);  // fixed seed: a failure reproduces
    std::vector<int> log;
    std::deque<TestTimer> timers;
    for (int i = 0; i < kTimers; ++i) timers.emplace_back(i, &log);

    using Model = std::multimap<Clock::time_point, int>;
    Model model;
    std::vector<std::optional<Model::iterator>> where(kTimers);
    TimerQueue queue;
    int now_ms = 0;

    auto check_front = [&] {
        ASSERT_EQ(queue.size(), model.size());
        ASSERT_EQ(queue.empty(), model.empty());
        if (!model.empty()) {
            ASSERT_EQ(queue.next_deadline(), model.begin()->first);
        }
    };

    for (int op = 0; op < kOps; ++op) {
        const int id = static_cast<int>(rng() % kTimers);
        const unsigned kind = rng() % 10;
        if (kind < 5) {  // arm an idle timer; a narrow range of deadlines makes many ties
            if (timers[id].armed()) continue;
            const auto when = at(now_ms + static_cast<int>(rng() % 50));
            queue.push(timers[id], when);
            where[id] = model.emplace(when, id);
        } else if (kind < 8) {  // remove, armed or not
            queue.remove(timers[id]);
            if (where[id]) {
                model.erase(*where[id]);
                where[id].reset();
            }
        } else {  // let time pass and fire what is due
            now_ms += static_cast<int>(rng() % 20);
            log.clear();
            queue.fire_due(at(now_ms));
            std::vector<int> expected;
            while (!model.empty() && model.begin()->first <= at(now_ms)) {
                expected.push_back(model.begin()->second);
                where[model.begin()->second].reset();
                model.erase(model.begin());
            }
            ASSERT_EQ(log, expected) << "at op " << op;
        }
        ASSERT_EQ(timers[id].armed(), where[id].has_value()) << "at op " << op;
        check_front();
        if (HasFatalFailure()) return;
    }

    std::vector<int> expected;
    for (const auto& [when, id] : model) expected.push_back(id);
    EXPECT_EQ(drain(queue, log), expected);
    for (const TestTimer& t : timers) EXPECT_FALSE(t.armed());
}

}  // namespace
