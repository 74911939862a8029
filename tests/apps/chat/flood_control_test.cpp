// apps/chat/flood_control.hpp: the token bucket, on a clock the test drives.
#include "flood_control.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace {

using namespace std::chrono_literals;
using chat::TokenBucket;

int takes(TokenBucket& bucket, TokenBucket::Clock::time_point at, int tries) {
    int taken = 0;
    for (int i = 0; i < tries; ++i) taken += bucket.take(at) ? 1 : 0;
    return taken;
}

TEST(TokenBucket, StartsFullWithTheBurst) {
    const auto t0 = TokenBucket::Clock::time_point{};
    TokenBucket bucket(10, 20, t0);
    EXPECT_EQ(takes(bucket, t0, 25), 20);
    EXPECT_FALSE(bucket.take(t0));
}

TEST(TokenBucket, RefillsAtTheRate) {
    const auto t0 = TokenBucket::Clock::time_point{};
    TokenBucket bucket(10, 20, t0);
    EXPECT_EQ(takes(bucket, t0, 20), 20);
    EXPECT_EQ(takes(bucket, t0 + 100ms, 5), 1);  // 10 a second: one in 100 ms
    EXPECT_EQ(takes(bucket, t0 + 600ms, 10), 5);
    EXPECT_EQ(takes(bucket, t0 + 650ms, 10), 0);  // half a token is not a token
    EXPECT_EQ(takes(bucket, t0 + 700ms, 10), 1);
}

TEST(TokenBucket, NeverHoldsMoreThanTheBurst) {
    const auto t0 = TokenBucket::Clock::time_point{};
    TokenBucket bucket(10, 20, t0);
    EXPECT_EQ(takes(bucket, t0 + 1h, 100), 20);
}

TEST(TokenBucket, RateZeroIsNoLimit) {
    const auto t0 = TokenBucket::Clock::time_point{};
    TokenBucket bucket(0, 20, t0);
    EXPECT_EQ(takes(bucket, t0, 1000), 1000);
}

TEST(TokenBucket, ClockGoingBackDoesNotRefill) {
    const auto t0 = TokenBucket::Clock::time_point{} + 1h;
    TokenBucket bucket(10, 2, t0);
    EXPECT_EQ(takes(bucket, t0, 2), 2);
    EXPECT_EQ(takes(bucket, t0 - 30min, 2), 0);
}

}  // namespace
