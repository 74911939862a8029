#include "asyncio/core/generator.hpp"

#include <gtest/gtest.h>

#include <iterator>
#include <memory>
#include <optional>
#include <ranges>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace {

using asyncio::Generator;

static_assert(std::input_iterator<Generator<int>::iterator>);
static_assert(std::ranges::input_range<Generator<int>>);
static_assert(!std::is_copy_constructible_v<Generator<int>>);
static_assert(std::is_nothrow_move_constructible_v<Generator<int>>);

Generator<int> count_to(int n) {
    for (int i = 1; i <= n; ++i) co_yield i;
}

TEST(Generator, RangeForYieldsValuesInOrder) {
    std::vector<int> seen;
    for (int v : count_to(5)) seen.push_back(v);
    EXPECT_EQ(seen, (std::vector<int>{1, 2, 3, 4, 5}));
}

TEST(Generator, NextYieldsValuesInOrder) {
    auto gen = count_to(3);
    EXPECT_EQ(gen.next(), 1);
    EXPECT_EQ(gen.next(), 2);
    EXPECT_EQ(gen.next(), 3);
    EXPECT_EQ(gen.next(), std::nullopt);
}

TEST(Generator, YieldsLvaluesAndTemporaries) {
    auto gen = []() -> Generator<std::string> {
        std::string kept = "kept";
        co_yield kept;  // copied: the body still owns `kept` after resuming
        EXPECT_EQ(kept, "kept");
        co_yield std::string("temporary");
        co_yield "converted";
    }();
    EXPECT_EQ(gen.next(), "kept");
    EXPECT_EQ(gen.next(), "temporary");
    EXPECT_EQ(gen.next(), "converted");
    EXPECT_EQ(gen.next(), std::nullopt);
}

TEST(Generator, BodyDoesNotRunUntilFirstNext) {
    int runs = 0;
    auto gen = [](int& runs) -> Generator<int> {
        ++runs;
        co_yield 42;
    }(runs);
    EXPECT_EQ(runs, 0);
    EXPECT_EQ(gen.next(), 42);
    EXPECT_EQ(runs, 1);
}

TEST(Generator, BodyDoesNotRunUntilBegin) {
    int runs = 0;
    auto gen = [](int& runs) -> Generator<int> {
        ++runs;
        co_yield 7;
    }(runs);
    EXPECT_EQ(runs, 0);
    auto it = gen.begin();
    EXPECT_EQ(runs, 1);
    ASSERT_FALSE(it == gen.end());
    EXPECT_EQ(*it, 7);
}

TEST(Generator, BodyRunsOnlyUpToTheNextYield) {
    std::vector<std::string> log;
    auto gen = [](std::vector<std::string>& log) -> Generator<int> {
        log.push_back("a");
        co_yield 1;
        log.push_back("b");
        co_yield 2;
        log.push_back("end");
    }(log);
    gen.next();
    EXPECT_EQ(log, (std::vector<std::string>{"a"}));
    gen.next();
    EXPECT_EQ(log, (std::vector<std::string>{"a", "b"}));
    gen.next();
    EXPECT_EQ(log, (std::vector<std::string>{"a", "b", "end"}));
}

TEST(Generator, ExhaustedGeneratorKeepsReturningNullopt) {
    auto gen = count_to(1);
    EXPECT_EQ(gen.next(), 1);
    for (int i = 0; i < 3; ++i) EXPECT_EQ(gen.next(), std::nullopt);
    EXPECT_TRUE(gen.begin() == gen.end());
}

TEST(Generator, EmptyBodyYieldsNothing) {
    auto gen = []() -> Generator<int> { co_return; }();
    EXPECT_EQ(gen.next(), std::nullopt);
    EXPECT_EQ(gen.next(), std::nullopt);
}

TEST(Generator, DefaultConstructedIsEmpty) {
    Generator<int> gen;
    EXPECT_EQ(gen.next(), std::nullopt);
    EXPECT_TRUE(gen.begin() == gen.end());
}

Generator<int> throws_after(int n) {
    for (int i = 0; i < n; ++i) co_yield i;
    throw std::runtime_error("boom after " + std::to_string(n));
}

TEST(Generator, ExceptionPropagatesFromNext) {
    auto gen = throws_after(1);
    EXPECT_EQ(gen.next(), 0);
    try {
        gen.next();
        FAIL() << "expected std::runtime_error";
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "boom after 1");
    }
    // Like Python, a generator that raised is finished.
    EXPECT_EQ(gen.next(), std::nullopt);
}

TEST(Generator, ExceptionPropagatesFromBegin) {
    auto gen = throws_after(0);
    EXPECT_THROW(
        {
            try {
                gen.begin();
            } catch (const std::runtime_error& e) {
                EXPECT_STREQ(e.what(), "boom after 0");
                throw;
            }
        },
        std::runtime_error);
}

TEST(Generator, ExceptionPropagatesFromRangeForIncrement) {
    std::vector<int> seen;
    try {
        for (int v : throws_after(2)) seen.push_back(v);
        FAIL() << "expected std::runtime_error";
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "boom after 2");
    }
    EXPECT_EQ(seen, (std::vector<int>{0, 1}));
}

Generator<std::unique_ptr<int>> boxes(int n) {
    for (int i = 0; i < n; ++i) co_yield std::make_unique<int>(i);
}

TEST(Generator, MoveOnlyValuesThroughNext) {
    auto gen = boxes(2);
    std::optional<std::unique_ptr<int>> first = gen.next();
    ASSERT_TRUE(first.has_value());
    ASSERT_NE(*first, nullptr);
    EXPECT_EQ(**first, 0);
    auto second = gen.next();
    ASSERT_TRUE(second && *second);
    EXPECT_EQ(**second, 1);
    EXPECT_EQ(gen.next(), std::nullopt);
}

TEST(Generator, MoveOnlyValuesThroughRangeFor) {
    std::vector<std::unique_ptr<int>> kept;
    for (auto box : boxes(3)) kept.push_back(std::move(box));
    ASSERT_EQ(kept.size(), 3u);
    for (int i = 0; i < 3; ++i) {
        ASSERT_NE(kept[i], nullptr);
        EXPECT_EQ(*kept[i], i);
    }
}

struct Counted {
    explicit Counted(int& live) : live(live) { ++live; }
    Counted(const Counted&) = delete;
    Counted& operator=(const Counted&) = delete;
    ~Counted() { --live; }
    int& live;
};

TEST(Generator, DestroyingHalfRunGeneratorRunsLocalDestructors) {
    int live = 0;
    bool reached_end = false;
    {
        auto gen = [](int& live, bool& reached_end) -> Generator<int> {
            Counted outer(live);
            for (int i = 0;; ++i) {
                Counted inner(live);
                co_yield i;
            }
            reached_end = true;
        }(live, reached_end);
        EXPECT_EQ(live, 0);
        EXPECT_EQ(gen.next(), 0);
        EXPECT_EQ(gen.next(), 1);
        EXPECT_EQ(live, 2);  // `outer` and the current iteration's `inner`
    }
    EXPECT_EQ(live, 0);
    EXPECT_FALSE(reached_end);
}

TEST(Generator, DestroyingUnstartedGeneratorIsFine) {
    int live = 0;
    {
        auto gen = [](int& live) -> Generator<int> {
            Counted c(live);
            co_yield 1;
        }(live);
    }
    EXPECT_EQ(live, 0);
}

TEST(Generator, MoveConstructionTransfersProgress) {
    auto a = count_to(3);
    EXPECT_EQ(a.next(), 1);
    Generator<int> b = std::move(a);
    EXPECT_EQ(a.next(), std::nullopt);  // NOLINT(bugprone-use-after-move): moved-from is empty
    EXPECT_EQ(b.next(), 2);
    EXPECT_EQ(b.next(), 3);
    EXPECT_EQ(b.next(), std::nullopt);
}

TEST(Generator, MoveAssignmentDestroysOldFrameAndTransfersNew) {
    int live = 0;
    auto holder = [](int& live) -> Generator<int> {
        Counted c(live);
        co_yield 100;
        co_yield 101;
    };
    auto a = holder(live);
    EXPECT_EQ(a.next(), 100);
    EXPECT_EQ(live, 1);

    auto b = count_to(2);
    EXPECT_EQ(b.next(), 1);
    a = std::move(b);
    EXPECT_EQ(live, 0);  // the half-run frame `a` held is gone
    EXPECT_EQ(a.next(), 2);
    EXPECT_EQ(a.next(), std::nullopt);
    EXPECT_EQ(b.next(), std::nullopt);  // NOLINT(bugprone-use-after-move)
}

TEST(Generator, GeneratorsInAVectorRoundRobin) {
    std::vector<Generator<int>> gens;
    gens.push_back(count_to(2));
    gens.push_back(count_to(1));
    std::vector<int> seen;
    while (!gens.empty()) {
        for (auto it = gens.begin(); it != gens.end();) {
            if (auto v = it->next()) {
                seen.push_back(*v);
                ++it;
            } else {
                it = gens.erase(it);
            }
        }
    }
    EXPECT_EQ(seen, (std::vector<int>{1, 1, 2}));
}

}  // namespace
