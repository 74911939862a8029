// What a request carries besides its method and URL: `RequestOptions` (headers, query
// parameters, a body, timeouts, redirects), the `Body` kinds and the `Timeouts`.
//
//   http::RequestOptions options;
//   options.headers.add("Content-Type", "application/json");
//   options.params = {{"q", "asyncio"}, {"page", "2"}};
//   options.body = R"({"name": "value"})";                 // or Body::file(path),
//   Body::stream(...) options.timeout.total = 10s; http::Response response = co_await
//   client.post(url, std::move(options));
//
// RequestOptions has a constructor (it is not an aggregate) on purpose: g++ 12 destroys an
// aggregate temporary written inside a `co_await` expression twice, so `{.headers = ...}`
// there would free memory twice. Fill a named RequestOptions and move it in.
//
// A body is sent with a Content-Length when its size is known (text, a file) and chunked
// otherwise (a stream of unknown length). Text and files can be sent again (a 307/308
// redirect, a retry on a connection the server had closed); a stream cannot, so a redirect
// that would resend one is returned as the response instead.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>
#include "asyncio/core/coro.hpp"
#include "asyncio/http/headers.hpp"

namespace asyncio::http {
namespace detail {
struct BodyAccess;
}

// Each phase of a request may have its own limit; a missing one is no limit. `total` bounds
// the whole request: connecting, redirects, the response head and the body's reads. The
// client's timeouts apply where a request's own are not set. A timeout raises
// http::TimeoutError naming its phase.
struct Timeouts {
    std::optional<std::chrono::milliseconds> total{};
    std::optional<std::chrono::milliseconds> connect{};  // name resolution and TCP connect
    std::optional<std::chrono::milliseconds> tls{};      // the TLS handshake
    std::optional<std::chrono::milliseconds> headers{};  // request sent -> response head read
    std::optional<std::chrono::milliseconds> body{};     // the longest wait for body bytes
};
static_assert(std::is_trivially_destructible_v<Timeouts>);

class Body {
  public:
    // Gives the next piece of a streamed body; an empty piece ends it.
    using Chunks = std::function<Coro<std::string>()>;

    Body() = default;  // no body
    Body(std::string text) : source_(std::move(text)) {}
    Body(const char* text) : source_(std::string(text)) {}
    // The file's bytes, read in pieces as they are sent (its size is the Content-Length).
    static Body file(std::string path);
    // Pieces from `next`; chunked unless `length` says how many bytes will come.
    static Body stream(Chunks next, std::optional<std::uint64_t> length = std::nullopt);

    bool empty() const noexcept { return std::holds_alternative<std::monostate>(source_); }
    // Whether the body can be sent a second time.
    bool replayable() const noexcept { return !std::holds_alternative<Stream>(source_); }

  private:
    friend struct detail::BodyAccess;
    struct File {
        std::string path;
    };
    struct Stream {
        Chunks next;
        std::optional<std::uint64_t> length;
    };
    std::variant<std::monostate, std::string, File, Stream> source_;
};

class RequestOptions {
  public:
    RequestOptions() {}  // not an aggregate: see above

    Headers headers;  // added to the client's (a request's value wins)
    std::vector<std::pair<std::string, std::string>> params;  // appended to the URL's query
    Body body;
    Timeouts timeout;  // unset phases: the client's
    bool allow_redirects = true;
    std::optional<int> max_redirects;  // default: the client's (10)
    // Send `Expect: 100-continue` and wait for the server's go-ahead before the body.
    // Default: for bodies larger than the client's `expect_continue_threshold`.
    std::optional<bool> expect_continue;
};

}  // namespace asyncio::http
