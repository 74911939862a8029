// asyncio-fetch's retries (apps/fetch/retry.hpp): what is retried, Retry-After read as seconds
// or an HTTP date, and the back-off's bounds.
#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <system_error>

#include "asyncio/http/errors.hpp"
#include "retry.hpp"

namespace {
using namespace std::chrono_literals;
using fetch::Milliseconds;
using fetch::parse_retry_after;
namespace http = asyncio::http;

// 1994-11-06 08:49:37 UTC, the RFC's example date.
const auto kRfcDate = std::chrono::system_clock::from_time_t(784111777);

TEST(FetchRetry, StatusesRetried) {
    EXPECT_TRUE(fetch::retryable_status(429));
    EXPECT_TRUE(fetch::retryable_status(500));
    EXPECT_TRUE(fetch::retryable_status(503));
    EXPECT_TRUE(fetch::retryable_status(599));
    EXPECT_FALSE(fetch::retryable_status(200));
    EXPECT_FALSE(fetch::retryable_status(404));
    EXPECT_FALSE(fetch::retryable_status(301));
}

TEST(FetchRetry, ErrorsRetried) {
    auto retried = [](auto error) {
        return fetch::retryable_error(std::make_exception_ptr(error));
    };
    const auto code = std::make_error_code(std::errc::connection_refused);
    EXPECT_TRUE(retried(http::ConnectionRefusedError("refused", code)));
    EXPECT_TRUE(retried(http::NameResolutionError("no such host", code)));
    EXPECT_TRUE(retried(http::ServerDisconnectedError("reset")));
    EXPECT_TRUE(retried(http::IncompleteBodyError("short", 10, 20)));
    EXPECT_TRUE(retried(http::TimeoutError("slow", http::TimeoutError::Phase::headers)));
    EXPECT_FALSE(retried(http::TLSVerificationError("bad cert", "self-signed", "h")));
    EXPECT_FALSE(retried(http::TLSError("handshake", code)));
    EXPECT_FALSE(retried(http::ProtocolError("garbage", 3)));
    EXPECT_FALSE(retried(http::TooManyRedirects("loop", {})));
    EXPECT_FALSE(retried(std::runtime_error("disk full")));
}

TEST(FetchRetry, RetryAfterSeconds) {
    EXPECT_EQ(parse_retry_after("120", kRfcDate), Milliseconds(120000));
    EXPECT_EQ(parse_retry_after(" 0 ", kRfcDate), Milliseconds(0));
    // Absurdly many digits: very long (the caller caps it), not an error.
    EXPECT_GE(parse_retry_after("99999999999999999999999", kRfcDate), Milliseconds(1'000'000'000));
    EXPECT_EQ(parse_retry_after("", kRfcDate), std::nullopt);
    EXPECT_EQ(parse_retry_after("-5", kRfcDate), std::nullopt);
    EXPECT_EQ(parse_retry_after("1.5", kRfcDate), std::nullopt);
    EXPECT_EQ(parse_retry_after("soon", kRfcDate), std::nullopt);
}

TEST(FetchRetry, RetryAfterDates) {
    const auto before = kRfcDate - 30s;
    EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", before), Milliseconds(30000));
    EXPECT_EQ(parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", before), Milliseconds(30000));
    EXPECT_EQ(parse_retry_after("Sun Nov  6 08:49:37 1994", before), Milliseconds(30000));
    EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", kRfcDate + 1h), Milliseconds(0));
    EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT trailing", before), std::nullopt);
    EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994", before), std::nullopt);
}

TEST(FetchRetry, BackoffCeilingDoublesUpToTheCap) {
    const fetch::Backoff backoff{Milliseconds(100), Milliseconds(1000)};
    EXPECT_EQ(fetch::backoff_ceiling(backoff, 1), Milliseconds(100));
    EXPECT_EQ(fetch::backoff_ceiling(backoff, 2), Milliseconds(200));
    EXPECT_EQ(fetch::backoff_ceiling(backoff, 4), Milliseconds(800));
    EXPECT_EQ(fetch::backoff_ceiling(backoff, 5), Milliseconds(1000));
    EXPECT_EQ(fetch::backoff_ceiling(backoff, 1000), Milliseconds(1000));  // no overflow
}

TEST(FetchRetry, DelayIsFullJitterWithinTheCeiling) {
    const fetch::Backoff backoff{Milliseconds(100), Milliseconds(1000)};
    std::mt19937_64 random(42);
    Milliseconds lowest = Milliseconds::max(), highest{0};
    for (int i = 0; i < 2000; ++i) {
        const Milliseconds delay = fetch::retry_delay(backoff, 3, std::nullopt, random);
        lowest = std::min(lowest, delay);
        highest = std::max(highest, delay);
    }
    EXPECT_GE(lowest, Milliseconds(0));
    EXPECT_LE(highest, Milliseconds(400));
    // Spread over the whole range, not bunched at its top (plain exponential back-off).
    EXPECT_LT(lowest, Milliseconds(40));
    EXPECT_GT(highest, Milliseconds(360));
}

TEST(FetchRetry, RetryAfterIsAFloorButCapped) {
    const fetch::Backoff backoff{Milliseconds(100), Milliseconds(1000)};
    std::mt19937_64 random(7);
    for (int i = 0; i < 100; ++i) {
        EXPECT_GE(fetch::retry_delay(backoff, 1, Milliseconds(500), random), Milliseconds(500));
        EXPECT_EQ(fetch::retry_delay(backoff, 1, Milliseconds(86400000), random),
                  Milliseconds(1000));
    }
}

}  // namespace
