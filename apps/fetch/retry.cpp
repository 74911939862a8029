#include "retry.hpp"

#include <time.h>

#include <algorithm>
#include <charconv>
#include <string>

#include "asyncio/http/errors.hpp"

namespace fetch {

bool retryable_status(int status) noexcept {
    return status == 429 || (status >= 500 && status <= 599);
}

bool retryable_error(const std::exception_ptr& error) noexcept {
    try {
        std::rethrow_exception(error);
    } catch (const asyncio::http::TLSError&) {
        return false;  // a handshake or certificate refused: the same next time
    } catch (const asyncio::http::ConnectError&) {
        return true;
    } catch (const asyncio::http::ServerDisconnectedError&) {
        return true;
    } catch (const asyncio::http::IncompleteBodyError&) {
        return true;
    } catch (const asyncio::http::TimeoutError&) {
        return true;
    } catch (...) {
        return false;
    }
}

namespace {
std::optional<std::chrono::system_clock::time_point> parse_http_date(const std::string& text) {
    // RFC 9110 §5.6.7: IMF-fixdate, then the two obsolete forms a recipient must accept.
    for (const char* format :
         {"%a, %d %b %Y %H:%M:%S GMT", "%A, %d-%b-%y %H:%M:%S GMT", "%a %b %e %H:%M:%S %Y"}) {
        struct tm fields {};
        const char* end = ::strptime(text.c_str(), format, &fields);
        if (end != nullptr && *end == '\0') {
            return std::chrono::system_clock::from_time_t(::timegm(&fields));
        }
    }
    return std::nullopt;
}
}  // namespace

std::optional<Milliseconds> parse_retry_after(std::string_view value,
                                              std::chrono::system_clock::time_point now) {
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
        value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    if (value.empty()) return std::nullopt;
    if (value.find_first_not_of("0123456789") == std::string_view::npos) {
        unsigned long long seconds = 0;
        const auto [end, error] =
            std::from_chars(value.data(), value.data() + value.size(), seconds);
        // Too many digits for the type: a very long time, which the cap will bound.
        if (error == std::errc::result_out_of_range || seconds > 1'000'000'000ull) {
            seconds = 1'000'000'000ull;
        }
        (void)end;
        return std::chrono::duration_cast<Milliseconds>(std::chrono::seconds(seconds));
    }
    const auto when = parse_http_date(std::string(value));
    if (!when) return std::nullopt;
    if (*when <= now) return Milliseconds(0);
    return std::chrono::duration_cast<Milliseconds>(*when - now);
}

Milliseconds backoff_ceiling(const Backoff& backoff, int attempt) noexcept {
    Milliseconds ceiling = backoff.base;
    for (int i = 1; i < attempt && ceiling < backoff.cap; ++i) ceiling *= 2;
    return std::min(ceiling, backoff.cap);
}

Milliseconds retry_delay(const Backoff& backoff, int attempt,
                         std::optional<Milliseconds> retry_after, std::mt19937_64& random) {
    const Milliseconds ceiling = backoff_ceiling(backoff, attempt);
    std::uniform_int_distribution<Milliseconds::rep> draw(0, ceiling.count());
    Milliseconds delay(draw(random));
    if (retry_after) delay = std::max(delay, std::min(*retry_after, backoff.cap));
    return delay;
}

}  // namespace fetch
