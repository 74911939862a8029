#include "asyncio/detail/http/exchange.hpp"

#include <cstdio>

#include "asyncio/detail/http/client_state.hpp"
#include "asyncio/loop/event_loop.hpp"
#include "asyncio/net/errors.hpp"

namespace asyncio::http::detail {
namespace {

const char* describe(TimeoutError::Phase phase) noexcept {
    switch (phase) {
        case TimeoutError::Phase::connect:
            return "connecting";
        case TimeoutError::Phase::tls:
            return "the TLS handshake";
        case TimeoutError::Phase::headers:
            return "waiting for the response head";
        case TimeoutError::Phase::body:
            return "waiting for the next bytes of the body";
        case TimeoutError::Phase::total:
            return "the whole request";
    }
    return "";
}

std::string seconds(Clock::duration d) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f s", std::chrono::duration<double>(d).count());
    return text;
}

}  // namespace

TimeoutError timed_out(const std::string& context, TimeoutError::Phase phase,
                       Clock::duration limit) {
    return TimeoutError(
        context + " timed out: " + describe(phase) + " took longer than " + seconds(limit), phase);
}

Exchange::Exchange(std::shared_ptr<ClientState> client_state, std::string method_name, URL target)
    : client(std::move(client_state)), method(std::move(method_name)), url(std::move(target)) {
    context.reserve(method.size() + 1 + url.str().size());
    context.append(method).append(" ");
    if (url.user().empty() && url.password().empty())
        context.append(url.str());
    else
        context.append(url.without_credentials());
}

Exchange::~Exchange() { disarm(); }

Coro<ResponseParser::Parsed> Exchange::parse(std::size_t limit) {
    std::exception_ptr failure;
    try {
        const ResponseParser::Parsed what = co_await connection().parse_some(this, limit);
        if (!fired_) co_return what;
    } catch (const CancelledError&) {
        throw;
    } catch (...) {
        failure = std::current_exception();
    }
    fail(failure);
}

Coro<> Exchange::read_more(std::size_t limit) {
    if (failure) std::rethrow_exception(failure);
    arm(times.timeouts.body, TimeoutError::Phase::body);
    try {
        const ResponseParser::Parsed what = co_await parse(limit);
        if (what == ResponseParser::Parsed::done) end_of_body();
    } catch (const CancelledError&) {
        lease = {};  // in the middle of a message: never reused
        failure =
            std::make_exception_ptr(InvalidStateError("a read of the body of " + context +
                                                      " was cancelled: the rest of "
                                                      "the body is lost with its connection"));
        throw;
    } catch (...) {
        lease = {};
        failure = std::current_exception();
        throw;
    }
}

void Exchange::end_of_body() {
    done = true;
    disarm();
    Connection& c = connection();
    if (reusable && c.parser().keep_alive() && c.reader().buffered() == 0) {
        client->pool().put_back(std::move(lease.connection));
    }
    lease = {};
    if (decoder) decoder->finish(pending);
}

void Exchange::fail(std::exception_ptr error) {
    response_started = lease.connection && lease.connection->parser().started();
    lease = {};  // the connection is in an unknown state: closed
    disarm();
    if (fired_) throw timed_out(context, *fired_, fired_after_);
    try {
        std::rethrow_exception(error);
    } catch (const http::Error&) {
        throw;
    } catch (const OSError& lost) {  // reset, broken pipe, a TLS failure mid-stream
        throw ServerDisconnectedError("connection lost during " + context + ": " + lost.what());
    }
}

void Exchange::arm(std::optional<Clock::duration> phase_timeout, TimeoutError::Phase phase) {
    EventLoop& loop = get_running_loop();
    std::optional<Clock::time_point> when = times.deadline;
    TimeoutError::Phase which = TimeoutError::Phase::total;
    Clock::duration limit = when ? *when - times.started_at : Clock::duration{};
    if (phase_timeout && (!when || loop.time() + *phase_timeout < *when)) {
        when = loop.time() + *phase_timeout;
        which = phase;
        limit = *phase_timeout;
    }
    if (!when) {
        disarm();
        return;
    }
    if (watchdog_ && watchdog_->when() == *when) return;  // the total deadline, armed already
    disarm();
    armed_phase_ = which;
    armed_limit_ = limit;
    // Captures `this` alone: the callback fits in std::function without an allocation.
    watchdog_ = loop.call_at(*when, [this] {
        watchdog_.reset();
        fired_ = armed_phase_;
        fired_after_ = armed_limit_;
        if (lease.connection) lease.connection->writer().abort();  // the pending read ends
    });
}

void Exchange::disarm() noexcept {
    if (watchdog_) watchdog_->cancel();
    watchdog_.reset();
}

void Exchange::body(std::string_view bytes) {
    received += bytes.size();
    if (decoder)
        decoder->decode(bytes, pending);
    else
        pending.append(bytes);
}

}  // namespace asyncio::http::detail
