// When `asyncio-fetch --retries N` tries a URL again, and how long it waits first.
//
// Retried: connection errors and timeouts (the network's transient failures), a body cut
// short by the server, and the statuses that ask for it: 429 (Too Many Requests) and 5xx.
// Not retried: a TLS certificate refused, a malformed response, too many redirects, other
// statuses: trying again would give the same answer.
//
// The wait is exponential back-off with full jitter (AWS's "Exponential Backoff and Jitter"):
// a uniform draw in [0, min(cap, base * 2^(attempt-1))], so that many clients failing at once
// do not come back at once. A server's `Retry-After` (seconds, or an HTTP date) is a lower
// bound on that, itself capped, so a server cannot park the client for a day.
#pragma once
#include <chrono>
#include <exception>
#include <optional>
#include <random>
#include <string_view>

namespace fetch {

using Milliseconds = std::chrono::milliseconds;

// 429 and 5xx.
bool retryable_status(int status) noexcept;
// Whether a failed attempt (an exception from the client or the body's read) is worth
// another one.
bool retryable_error(const std::exception_ptr& error) noexcept;

// A Retry-After value: delay-seconds ("120") or an HTTP date (IMF-fixdate, RFC 850 or
// asctime's format) taken relative to `now` (a date in the past: 0). nullopt if it is
// neither.
std::optional<Milliseconds> parse_retry_after(std::string_view value,
                                              std::chrono::system_clock::time_point now);

struct Backoff {
    Milliseconds base{1000};
    Milliseconds cap{30000};
};

// The upper bound of the wait before attempt `attempt` + 1 (`attempt` >= 1 failed so far):
// min(cap, base * 2^(attempt-1)).
Milliseconds backoff_ceiling(const Backoff& backoff, int attempt) noexcept;
// The wait: a uniform draw in [0, ceiling], raised to `retry_after` (capped at the cap) when
// the server gave one.
Milliseconds retry_delay(const Backoff& backoff, int attempt,
                         std::optional<Milliseconds> retry_after, std::mt19937_64& random);

}  // namespace fetch
