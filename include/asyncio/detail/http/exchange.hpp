// One request and its response, from the moment its connection is leased until the body's
// end: what a Response holds.
//
// The body is parsed into `pending` (decoded, if it was encoded) a buffer at a time, and
// handed out from there. At the end of the body a connection that may carry another request
// goes back to the pool; on any failure, cancellation or early drop it is closed instead.
// The timeouts of the phases are one timer (the watchdog): when it fires it aborts the
// connection, and the read that then fails raises http::TimeoutError for that phase.
#pragma once
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>
#include "asyncio/core/coro.hpp"
#include "asyncio/detail/http/connection_pool.hpp"
#include "asyncio/detail/http/content_decoder.hpp"
#include "asyncio/detail/http/response_parser.hpp"
#include "asyncio/http/errors.hpp"
#include "asyncio/http/request.hpp"
#include "asyncio/http/response.hpp"
#include "asyncio/http/url.hpp"
#include "asyncio/loop/clock.hpp"
#include "asyncio/loop/handle.hpp"

namespace asyncio::http::detail {

class ClientState;

// What the exchanges of one request (its redirects and retries) share: its timeouts, when
// it started, and the deadline of the whole.
struct RequestTimes {
    Timeouts timeouts;
    Clock::time_point started_at;
    std::optional<Clock::time_point> deadline;
};

struct Exchange final : ResponseParser::BodySink {
    Exchange(std::shared_ptr<ClientState> client, std::string method, URL url);
    ~Exchange();

    Connection& connection() noexcept { return *lease.connection; }

    // Parses what comes next, turning a failure into the http::Error that says what happened
    // (TimeoutError if the watchdog fired).
    Coro<ResponseParser::Parsed> parse(std::size_t limit = std::string_view::npos);
    // Parses more of the body into `pending` (at most `limit` bytes of the response).
    Coro<> read_more(std::size_t limit = std::string_view::npos);
    // The message ended: the connection goes back to the pool if it can be reused.
    void end_of_body();
    // Raises the error a failure means for this exchange, and drops the connection.
    [[noreturn]] void fail(std::exception_ptr failure);

    // The watchdog: a deadline for `phase`, or for the whole request if that comes first.
    void arm(std::optional<Clock::duration> phase_timeout, TimeoutError::Phase phase);
    void disarm() noexcept;

    void body(std::string_view bytes) override;

    std::shared_ptr<ClientState> client;
    ConnectionPool::Lease lease;
    std::string method;
    URL url;
    std::string context;  // "GET http://...", for error messages
    std::vector<Redirect> history;
    ResponseHead head;
    std::optional<std::uint64_t> content_length;
    std::unique_ptr<ContentDecoder> decoder;
    std::string pending;  // body bytes parsed and not handed out yet, from `pending_at`
    std::size_t pending_at = 0;
    bool done = false;
    std::exception_ptr failure;  // a body read that failed fails every later one the same way
    std::uint64_t received = 0;
    RequestTimes times{};
    bool cross_origin = false;                    // credentials are not sent
    bool reusable = true;                         // false once the request was not sent whole
    bool response_started = false;                // a failure came after some of the response
    std::optional<ResponseParser::Parsed> early;  // a final answer that came before the body went

  private:
    std::optional<TimerHandle> watchdog_;
    TimeoutError::Phase armed_phase_ = TimeoutError::Phase::total;
    Clock::duration armed_limit_{};
    std::optional<TimeoutError::Phase> fired_;
    Clock::duration fired_after_{};
};

// "GET http://... timed out: waiting for the response head took longer than 5.0 s".
TimeoutError timed_out(const std::string& context, TimeoutError::Phase phase,
                       Clock::duration limit);

struct ResponseAccess {
    static Response make(std::unique_ptr<Exchange> exchange) noexcept {
        return Response(std::move(exchange));
    }
};

}  // namespace asyncio::http::detail
