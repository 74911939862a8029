#include "asyncio/http/response.hpp"

#include <algorithm>

#include "asyncio/detail/http/exchange.hpp"

namespace asyncio::http {

Response::Response(std::unique_ptr<detail::Exchange> exchange) noexcept
    : exchange_(std::move(exchange)) {}
Response::Response(Response&&) noexcept = default;
Response& Response::operator=(Response&&) noexcept = default;
Response::~Response() = default;

int Response::status() const noexcept { return exchange_->head.status; }
const std::string& Response::reason() const noexcept { return exchange_->head.reason; }
std::string Response::version() const {
    return std::to_string(exchange_->head.version_major) + "." +
           std::to_string(exchange_->head.version_minor);
}
const Headers& Response::headers() const noexcept { return exchange_->head.headers; }
const std::string& Response::method() const noexcept { return exchange_->method; }
const URL& Response::url() const noexcept { return exchange_->url; }
const std::vector<Redirect>& Response::history() const noexcept { return exchange_->history; }
std::optional<std::uint64_t> Response::content_length() const noexcept {
    return exchange_->content_length;
}
std::uint64_t Response::bytes_received() const noexcept { return exchange_->received; }

void Response::raise_for_status() const {
    if (status() >= 400) throw HTTPStatusError(status(), reason(), url().without_credentials());
}

bool Response::at_eof() const noexcept {
    return exchange_->done && exchange_->pending_at == exchange_->pending.size();
}

Coro<std::string> Response::read(std::size_t max) {
    detail::Exchange& e = *exchange_;
    while (e.pending_at == e.pending.size() && !e.done) {
        e.pending.clear();
        e.pending_at = 0;
        co_await e.read_more(max);  // an identity body then comes in pieces of at most `max`
    }
    const std::size_t available = e.pending.size() - e.pending_at;
    if (e.pending_at == 0 && available <= max) co_return std::exchange(e.pending, {});
    const std::size_t n = std::min(max, available);
    std::string piece = e.pending.substr(e.pending_at, n);
    e.pending_at += n;
    co_return piece;
}

AsyncGenerator<std::string> Response::iter_chunked(std::size_t max) {
    for (;;) {
        std::string piece = co_await read(max);
        if (piece.empty()) co_return;
        co_yield std::move(piece);
    }
}

Coro<std::string> Response::bytes() {
    detail::Exchange& e = *exchange_;
    if (e.pending_at > 0) {
        e.pending.erase(0, e.pending_at);
        e.pending_at = 0;
    }
    // The whole body in one string: room for what was announced (within reason) at once.
    constexpr std::uint64_t kMostReserved = 256 * 1024 * 1024;
    if (!e.decoder && e.content_length)
        e.pending.reserve(std::min(*e.content_length, kMostReserved));
    while (!e.done) co_await e.read_more();
    co_return std::exchange(e.pending, {});
}

Coro<std::string> Response::text() { return bytes(); }

void Response::close() noexcept {
    if (!exchange_ || exchange_->done) return;
    exchange_->lease = {};
    exchange_->disarm();
    exchange_->failure = std::make_exception_ptr(
        InvalidStateError("the response to " + exchange_->context + " was closed"));
}

}  // namespace asyncio::http
