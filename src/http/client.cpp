#include "asyncio/http/client.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>

#include "asyncio/combinators/timeout.hpp"
#include "asyncio/detail/http/client_state.hpp"
#include "asyncio/detail/http/proxy.hpp"
#include "asyncio/detail/http/receive_window.hpp"
#include "asyncio/detail/http/request_writer.hpp"
#include "asyncio/loop/event_loop.hpp"
#include "asyncio/net/connection.hpp"
#include "asyncio/net/errors.hpp"
#include "asyncio/net/streams.hpp"

namespace asyncio::http {
namespace detail {
namespace {

using Parsed = ResponseParser::Parsed;
using Phase = TimeoutError::Phase;

bool is_redirect(int status) noexcept {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// RFC 9110 9.2.2: a request that can be sent twice with the effect of once.
bool is_idempotent(std::string_view method) noexcept {
    for (std::string_view m : {"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"})
        if (method == m) return true;
    return false;
}

// Sent only to the origin they were meant for.
bool is_sensitive(std::string_view name) noexcept {
    return iequals(name, "authorization") || iequals(name, "cookie") ||
           iequals(name, "proxy-authorization");
}

// Framing is the client's to decide.
bool is_framing(std::string_view name) noexcept {
    return iequals(name, "content-length") || iequals(name, "transfer-encoding") ||
           iequals(name, "expect");
}

std::string basic_credentials(const std::string& user, const std::string& password) {
    const std::string plain = user + ":" + password;
    std::string encoded(4 * ((plain.size() + 2) / 3), '\0');
    EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                    reinterpret_cast<const unsigned char*>(plain.data()),
                    static_cast<int>(plain.size()));
    return "Basic " + encoded;
}

Timeouts merged(const Timeouts& own, const Timeouts& client) {
    return {own.total ? own.total : client.total, own.connect ? own.connect : client.connect,
            own.tls ? own.tls : client.tls, own.headers ? own.headers : client.headers,
            own.body ? own.body : client.body};
}

// How long a phase may take: its own limit or what is left of the whole request's time,
// whichever ends first, and which of the two that is.
struct PhaseLimit {
    std::optional<Clock::duration> time;
    Phase phase;
    Clock::duration full;  // the limit as configured, for the message
};

PhaseLimit phase_limit(std::optional<std::chrono::milliseconds> own, Phase phase,
                       const RequestTimes& times) {
    const Clock::time_point now = get_running_loop().time();
    if (times.deadline && (!own || *times.deadline < now + *own)) {
        return {std::max(*times.deadline - now, Clock::duration::zero()), Phase::total,
                *times.deadline - times.started_at};
    }
    if (own) return {*own, phase, *own};
    return {std::nullopt, phase, {}};
}

// Turns a failure to connect into the http::Error that says what happened, and to whom.
[[noreturn]] void raise_connect_error(std::exception_ptr failure, const URL& peer) {
    const std::string where = peer.host_header();
    try {
        std::rethrow_exception(failure);
    } catch (const GaiError& error) {
        throw NameResolutionError(
            "cannot resolve '" + std::string(peer.host()) + "': " + error.what(), error.code());
    } catch (const asyncio::ConnectionRefusedError& error) {
        throw ConnectionRefusedError("connection to " + where + " refused: " + error.what(),
                                     error.code());
    } catch (const SSLCertVerificationError& error) {
        throw TLSVerificationError(
            "TLS: the certificate of " + where + " was refused: " + error.what(), error.reason,
            std::string(peer.host()));
    } catch (const SSLError& error) {
        throw TLSError("TLS handshake with " + where + " failed: " + error.what(), error.code());
    } catch (const OSError& error) {
        throw ConnectError("cannot connect to " + where + ": " + error.what(), error.code());
    }
}

}  // namespace

ClientState::ClientState(ClientOptions options)
    : options_(std::move(options)),
      pool_(options_.limit, options_.limit_per_host, options_.keepalive_timeout) {
    // The fields every request gets unless it sets its own, checked once.
    defaults_ = options_.headers;
    defaults_.setdefault("User-Agent", options_.user_agent);
    defaults_.setdefault("Accept", "*/*");
    if (options_.auto_decompress) defaults_.setdefault("Accept-Encoding", "gzip, deflate, br");
}

Route ClientState::route_for(const URL& url) const {
    std::string proxy = options_.proxy;
    if (proxy.empty() && options_.trust_env) proxy = proxy_from_environment(url);
    if (proxy.empty()) return {Route::Via::direct, url.origin(), {}};
    URL via = proxy_url(proxy);
    if (url.scheme() == "https")
        return {Route::Via::tunnel, "tunnel " + via.origin() + " " + url.origin(), std::move(via)};
    return {Route::Via::proxy, "proxy " + via.origin(), std::move(via)};
}

const SSLContext& ClientState::tls() {
    if (tls_) return *tls_;
    if (options_.ssl) return tls_.emplace(*options_.ssl);
    SSLContext context = options_.ca_file.empty() ? SSLContext::create_default_context()
                                                  : SSLContext(SSLContext::Protocol::tls_client);
    if (!options_.ca_file.empty()) {
        context.load_verify_locations(options_.ca_file);
        context.set_verify_mode(SSLContext::VerifyMode::cert_required);
        context.set_check_hostname(true);
    }
    if (!options_.verify_ssl) {
        context.set_check_hostname(false);
        context.set_verify_mode(SSLContext::VerifyMode::cert_none);
    }
    context.set_alpn_protocols({"http/1.1"});
    return tls_.emplace(std::move(context));
}

Coro<std::unique_ptr<Connection>> ClientState::connect(const Route* route,
                                                       const Exchange* exchange) {
    const URL& url = exchange->url;
    const URL& peer = route->via == Route::Via::direct ? url : route->proxy;
    const PhaseLimit connect_limit =
        phase_limit(exchange->times.timeouts.connect, Phase::connect, exchange->times);
    std::optional<Socket> socket;
    std::exception_ptr failure;
    try {
        if (connect_limit.time) {
            socket = co_await asyncio::wait_for(
                create_connection(std::string(peer.host()), peer.port()), *connect_limit.time);
        } else {
            socket = co_await create_connection(std::string(peer.host()), peer.port());
        }
    } catch (const asyncio::TimeoutError&) {
        throw timed_out("connecting to " + peer.host_header() + " for " + exchange->context,
                        connect_limit.phase, connect_limit.full);
    } catch (const CancelledError&) {
        throw;
    } catch (...) {
        failure = std::current_exception();
    }
    if (failure) raise_connect_error(failure, peer);
    start_receive_window(*socket, options_.receive_window);

    const bool tls_to_peer = route->via == Route::Via::direct && url.scheme() == "https";
    const PhaseLimit tls_limit =
        phase_limit(exchange->times.timeouts.tls, Phase::tls, exchange->times);
    StreamOptions stream_options;
    if (tls_to_peer) {
        stream_options.ssl = tls();
        stream_options.server_hostname = url.host();
        if (tls_limit.time)
            stream_options.ssl_handshake_timeout =
                std::chrono::ceil<std::chrono::milliseconds>(*tls_limit.time);
    }
    std::optional<Streams> streams;
    try {
        streams = co_await open_connection(std::move(*socket), stream_options);
        if (route->via == Route::Via::tunnel)
            co_await open_tunnel(&streams->first, &streams->second, route, exchange);
    } catch (const asyncio::TimeoutError&) {
        throw timed_out("TLS handshake with " + url.host_header() + " for " + exchange->context,
                        tls_limit.phase, tls_limit.full);
    } catch (const CancelledError&) {
        throw;
    } catch (const http::Error&) {
        throw;
    } catch (...) {
        failure = std::current_exception();
    }
    if (failure) raise_connect_error(failure, url);
    const ResponseLimits limits{options_.max_head_size, options_.max_header_fields};
    co_return std::make_unique<Connection>(std::move(streams->first), std::move(streams->second),
                                           route->key, limits);
}

// https through a proxy: "CONNECT host:port", then TLS with the server inside the tunnel.
Coro<> ClientState::open_tunnel(StreamReader* reader, StreamWriter* writer, const Route* route,
                                const Exchange* exchange) {
    const URL& url = exchange->url;
    const std::string host(url.host());
    const std::string authority = (host.find(':') != std::string::npos ? "[" + host + "]" : host) +
                                  ":" + std::to_string(url.port());
    RequestHead connect("CONNECT", authority);
    connect.field("Host", authority);
    if (!route->proxy.user().empty())
        connect.field("Proxy-Authorization",
                      basic_credentials(route->proxy.user(), route->proxy.password()));
    writer->write(std::move(connect).finish());
    co_await writer->drain();
    Connection tunnel(std::move(*reader), std::move(*writer), route->key, {});
    const std::string context =
        "CONNECT " + authority + " (proxy " + route->proxy.host_header() + ")";
    tunnel.parser().start(true, context);
    struct Discard : ResponseParser::BodySink {
        void body(std::string_view) override {}
    } discard;
    Parsed what = Parsed::need_more;
    while (what != Parsed::done) what = co_await tunnel.parse_some(&discard);
    const ResponseHead& head = tunnel.parser().head();
    if (head.status < 200 || head.status > 299) {
        throw ConnectError("proxy " + route->proxy.host_header() + " refused the tunnel to " +
                               authority + ": " + std::to_string(head.status) + " " + head.reason,
                           std::make_error_code(std::errc::connection_refused));
    }
    *reader = std::move(tunnel.reader());
    *writer = std::move(tunnel.writer());
    const PhaseLimit tls_limit =
        phase_limit(exchange->times.timeouts.tls, Phase::tls, exchange->times);
    co_await writer->start_tls(tls(), std::string(url.host()),
                               tls_limit.time
                                   ? std::chrono::ceil<std::chrono::milliseconds>(*tls_limit.time)
                                   : std::chrono::milliseconds(std::chrono::seconds(60)));
}

// The request's head: the request line, then Host, the request's fields, the client's (those
// the request did not set), the defaults, credentials and the body's framing. Every value was
// checked when it went into its Headers, so it is written as it is.
std::string ClientState::request_head(const Exchange& exchange, const RequestOptions& options,
                                      const Route& route, const Framing& framing) const {
    const URL& url = exchange.url;
    const Headers& own = options.headers;
    const auto keep = [&](std::string_view name) {
        return !is_framing(name) && !iequals(name, "host") &&
               !(exchange.cross_origin && is_sensitive(name));
    };
    RequestHead head(exchange.method,
                     route.via == Route::Via::proxy
                         ? std::string(url.scheme()) + "://" + url.host_header() + url.target()
                         : url.target());
    if (const auto host = own.get("host"))
        head.field("Host", *host);
    else if (const auto client_host = options_.headers.get("host"))
        head.field("Host", *client_host);
    else
        head.field("Host", url.host_header());
    for (const auto& field : own)
        if (keep(field.name)) head.field(field.name, field.value);
    for (const auto& field : defaults_)
        if (keep(field.name) && !own.contains(field.name)) head.field(field.name, field.value);
    if (!url.user().empty() && !own.contains("authorization") &&
        !defaults_.contains("authorization"))
        head.field("Authorization", basic_credentials(url.user(), url.password()));
    if (route.via == Route::Via::proxy && !route.proxy.user().empty())
        head.field("Proxy-Authorization",
                   basic_credentials(route.proxy.user(), route.proxy.password()));
    if (framing.chunked) {
        head.field("Transfer-Encoding", "chunked");
    } else if (framing.length &&
               (*framing.length > 0 || !options.body.empty() || exchange.method == "POST" ||
                exchange.method == "PUT" || exchange.method == "PATCH")) {
        head.field("Content-Length", std::to_string(*framing.length));
    }
    if (framing.expect_continue) head.field("Expect", "100-continue");
    return std::move(head).finish();
}

Coro<> ClientState::send(Exchange* exchange, const RequestOptions* options, const Route* route) {
    Connection& connection = exchange->connection();
    connection.parser().start(exchange->method == "HEAD", exchange->context);
    Framing framing;
    framing.length = BodyAccess::length(options->body);
    framing.chunked = !framing.length;
    framing.expect_continue =
        !options->body.empty() &&
        options->expect_continue.value_or(!framing.length ||
                                          *framing.length > options_.expect_continue_threshold);
    exchange->arm(exchange->times.timeouts.headers, Phase::headers);
    StreamWriter& writer = connection.writer();
    writer.write(request_head(*exchange, *options, *route, framing));
    if (options->body.empty()) co_return;  // the head leaves at the end of this loop turn
    if (framing.expect_continue) {
        co_await writer.drain();
        const bool go_ahead = co_await await_continue(exchange);
        if (!go_ahead) {
            exchange->reusable = false;  // the body announced was not sent
            co_return;
        }
    }
    if (const std::string* text = BodyAccess::text(options->body); text && !framing.chunked) {
        writer.write(std::string_view(*text));
        co_await writer.drain();
    } else {
        co_await BodyAccess::send(&options->body, &writer, framing.chunked);
    }
}

// Expect: 100-continue. True when the body may go: the server said "100 Continue", or said
// nothing for `expect_continue_timeout`. False when it answered already (a final response,
// kept in `exchange.early` for read_head).
Coro<bool> ClientState::await_continue(Exchange* exchange) {
    try {
        co_return co_await asyncio::wait_for(wait_continue(exchange),
                                             options_.expect_continue_timeout);
    } catch (const asyncio::TimeoutError&) {
    }
    co_return true;
}

Coro<bool> ClientState::wait_continue(Exchange* exchange) {
    for (;;) {
        const Parsed what = co_await exchange->parse();
        if (what == Parsed::informational) {
            if (exchange->connection().parser().head().status == 100) co_return true;
        } else if (what != Parsed::need_more) {
            exchange->early = what;
            co_return false;
        }
    }
}

Coro<> ClientState::read_head(Exchange* exchange) {
    Parsed what = exchange->early.value_or(Parsed::need_more);
    while (what != Parsed::head && what != Parsed::done) what = co_await exchange->parse();
    ResponseParser& parser = exchange->connection().parser();
    exchange->head = parser.take_head();
    exchange->content_length = parser.content_length();
    if (what == Parsed::done) {
        exchange->end_of_body();
        co_return;
    }
    exchange->arm(exchange->times.timeouts.body, Phase::body);  // the total deadline stays armed
    if (!options_.auto_decompress) co_return;
    if (const auto encoding = exchange->head.headers.get("content-encoding")) {
        DecodeLimits limits;
        limits.max_ratio = options_.max_decompression_ratio;
        exchange->decoder = ContentDecoder::create(*encoding, limits);
    }
}

// A connection to use (or the right to make one). Waiting for the pool's limits counts
// against the connect phase, as in aiohttp: a saturated pool cannot hold a request forever.
Coro<ConnectionPool::Lease> ClientState::lease(std::string key, const Exchange* exchange) {
    const PhaseLimit limit =
        phase_limit(exchange->times.timeouts.connect, Phase::connect, exchange->times);
    if (!limit.time) co_return co_await pool_.acquire(std::move(key));
    try {
        co_return co_await asyncio::wait_for(pool_.acquire(std::move(key)), *limit.time);
    } catch (const asyncio::TimeoutError&) {
        throw timed_out("waiting for a free connection for " + exchange->context, limit.phase,
                        limit.full);
    }
}

Coro<std::unique_ptr<Exchange>> ClientState::exchange(std::string method, URL url,
                                                      const RequestOptions* options,
                                                      RequestTimes times, bool cross_origin) {
    const Route route = route_for(url);
    auto exchange =
        std::make_unique<Exchange>(shared_from_this(), std::move(method), std::move(url));
    exchange->times = times;
    exchange->cross_origin = cross_origin;
    const bool may_retry = is_idempotent(exchange->method) && options->body.replayable();
    for (;;) {
        exchange->lease = co_await lease(route.key, exchange.get());
        if (!exchange->lease.connection)
            exchange->lease.connection = co_await connect(&route, exchange.get());
        const bool reused = exchange->connection().reused;
        std::exception_ptr failure;
        try {
            co_await send(exchange.get(), options, &route);
            co_await read_head(exchange.get());
            co_return exchange;
        } catch (const CancelledError&) {
            throw;
        } catch (...) {
            failure = std::current_exception();
        }
        try {
            exchange->fail(failure);
        } catch (const ServerDisconnectedError&) {
            // A pooled connection the server had closed while it was idle: once more, on
            // another connection. Anything else is the answer.
            if (!reused || !may_retry || exchange->response_started) throw;
        }
        exchange->lease = {};
        exchange->early.reset();
        exchange->reusable = true;
    }
}

Coro<Response> ClientState::request(std::string method, std::string url_text,
                                    RequestOptions options) {
    if (closed) throw RuntimeError("http::Client: the client is closed");
    if (!is_token(method)) throw ValueError("invalid HTTP method '" + method + "'");
    URL url(url_text);
    if (!options.params.empty()) url = url.with_query(options.params);
    RequestTimes times{merged(options.timeout, options_.timeout), get_running_loop().time(), {}};
    if (times.timeouts.total) times.deadline = times.started_at + *times.timeouts.total;
    bool cross_origin = false;  // once a redirect left the first origin, credentials stay behind
    const int max_redirects = options.max_redirects.value_or(options_.max_redirects);
    std::vector<Redirect> history;
    for (;;) {
        std::unique_ptr<Exchange> exchange =
            co_await this->exchange(method, std::move(url), &options, times, cross_origin);
        const int status = exchange->head.status;
        const std::optional<std::string_view> location = exchange->head.headers.get("location");
        const bool resend_body = status == 307 || status == 308;
        if (!options.allow_redirects || !is_redirect(status) || !location ||
            (resend_body && !options.body.replayable())) {
            exchange->history = std::move(history);
            Response response = ResponseAccess::make(std::move(exchange));
            if (options_.raise_for_status) response.raise_for_status();
            co_return response;
        }
        const URL& here = exchange->url;
        history.push_back({status, here});
        if (static_cast<int>(history.size()) > max_redirects) {
            std::vector<std::string> visited;
            for (const Redirect& r : history) visited.push_back(r.url.without_credentials());
            throw TooManyRedirects(
                "too many redirects (more than " + std::to_string(max_redirects) + ") from " +
                    history.front().url.origin() + ", last " + here.without_credentials(),
                std::move(visited));
        }
        URL next = here.join(*location);
        if (next.origin() != here.origin()) cross_origin = true;
        co_await discard_body(std::move(exchange));
        if (!resend_body && method != "HEAD") {
            method = "GET";
            options.body = Body();
        }
        url = std::move(next);
    }
}

// A redirect's own body: read to its end when short, so that the connection can serve the
// next request; otherwise dropped with its connection.
Coro<> ClientState::discard_body(std::unique_ptr<Exchange> exchange) {
    constexpr std::uint64_t kWorthReading = 64 * 1024;
    if (exchange->done || exchange->content_length.value_or(kWorthReading + 1) > kWorthReading)
        co_return;
    while (!exchange->done) {
        exchange->pending.clear();
        co_await exchange->read_more();
    }
}

}  // namespace detail

Client::Client(ClientOptions options)
    : state_(std::make_shared<detail::ClientState>(std::move(options))) {}
Client::Client(Client&&) noexcept = default;
Client& Client::operator=(Client&&) noexcept = default;
Client::~Client() { close(); }

Coro<Response> Client::request(std::string method, std::string url, RequestOptions options) {
    return state_->request(std::move(method), std::move(url), std::move(options));
}
Coro<Response> Client::get(std::string url, RequestOptions options) {
    return request("GET", std::move(url), std::move(options));
}
Coro<Response> Client::head(std::string url, RequestOptions options) {
    return request("HEAD", std::move(url), std::move(options));
}
Coro<Response> Client::post(std::string url, RequestOptions options) {
    return request("POST", std::move(url), std::move(options));
}
Coro<Response> Client::put(std::string url, RequestOptions options) {
    return request("PUT", std::move(url), std::move(options));
}
Coro<Response> Client::patch(std::string url, RequestOptions options) {
    return request("PATCH", std::move(url), std::move(options));
}
Coro<Response> Client::delete_(std::string url, RequestOptions options) {
    return request("DELETE", std::move(url), std::move(options));
}

void Client::close() noexcept {
    if (!state_) return;
    state_->closed = true;
    state_->pool().close();
}
bool Client::closed() const noexcept { return !state_ || state_->closed; }
std::size_t Client::connections_in_use() const noexcept {
    return state_ ? state_->pool().in_use() : 0;
}
std::size_t Client::connections_idle() const noexcept { return state_ ? state_->pool().idle() : 0; }

Coro<Response> request(std::string method, std::string url, RequestOptions options) {
    Client client;
    co_return co_await client.request(std::move(method), std::move(url), std::move(options));
}

Coro<Response> get(std::string url, RequestOptions options) {
    return request("GET", std::move(url), std::move(options));
}

}  // namespace asyncio::http
