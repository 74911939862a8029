// `Response`: what `Client::request` returns once the response's head has arrived (aiohttp's
// ClientResponse). The status, reason, headers, final URL and redirect history are there at
// once; the body is read on demand:
//
//   http::Response response = co_await client.get(url);
//   response.raise_for_status();                       // HTTPStatusError for 4xx and 5xx
//   std::string page = co_await response.text();       // the whole body
//
//   auto pieces = response.iter_chunked(64 * 1024);    // or piece by piece, in bounded memory
//   for (auto it = co_await pieces.begin(); it != pieces.end(); co_await ++it) {
//       co_await file.write(std::move(*it));
//   }
//
// The body comes decoded (gzip, deflate, br) and without its transfer coding. Reading it to
// the end gives the connection back to the client's pool for the next request; a response
// dropped (or closed, or whose read was cancelled) before its end closes its connection, so a
// half-read response never leaks into another request. A body read that fails raises the
// http::Error saying why (IncompleteBodyError, ContentDecodingError, LimitError,
// TimeoutError...).
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>
#include "asyncio/core/async_generator.hpp"
#include "asyncio/core/coro.hpp"
#include "asyncio/http/headers.hpp"
#include "asyncio/http/url.hpp"

namespace asyncio::http {
namespace detail {
struct Exchange;
struct ResponseAccess;
}  // namespace detail

// A response that redirected: its status and the URL that gave it.
struct Redirect {
    int status;
    URL url;
};

class Response {
  public:
    static constexpr std::size_t kDefaultChunk = 64 * 1024;

    Response(Response&&) noexcept;
    Response& operator=(Response&&) noexcept;
    ~Response();

    int status() const noexcept;
    const std::string& reason() const noexcept;
    // "1.1", "1.0".
    std::string version() const;
    const Headers& headers() const noexcept;
    const std::string& method() const noexcept;
    // The URL that gave this response (after redirects).
    const URL& url() const noexcept;
    // The redirects followed to get here, first to last.
    const std::vector<Redirect>& history() const noexcept;
    // The Content-Length the server announced (of the body as sent, before decoding).
    std::optional<std::uint64_t> content_length() const noexcept;
    // Status below 400 (aiohttp's `ok`).
    bool ok() const noexcept { return status() < 400; }
    // HTTPStatusError for a 4xx or 5xx status.
    void raise_for_status() const;

    // The next piece of the body, at most `max` bytes; empty at the end of the body.
    Coro<std::string> read(std::size_t max = kDefaultChunk);
    // aiohttp's `async for piece in response.content.iter_chunked(max)`: the pieces read()
    // gives, until the end of the body. The response must stay where it is meanwhile.
    AsyncGenerator<std::string> iter_chunked(std::size_t max = kDefaultChunk);
    // The rest of the body (aiohttp's read()).
    Coro<std::string> bytes();
    // The rest of the body as text: its bytes as sent (no charset conversion).
    Coro<std::string> text();
    // Whether the whole body has been read.
    bool at_eof() const noexcept;
    // Body bytes received so far, as sent on the wire (compressed, if it was).
    std::uint64_t bytes_received() const noexcept;
    // Closes the connection now, unless the body has been read to its end (then it is back
    // in the pool already).
    void close() noexcept;

  private:
    friend struct detail::ResponseAccess;
    explicit Response(std::unique_ptr<detail::Exchange> exchange) noexcept;
    std::unique_ptr<detail::Exchange> exchange_;
};

}  // namespace asyncio::http
