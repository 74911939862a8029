// HttpTestServer (namespace asyncio_test::http_test): our own scripted HTTP/1.1 server for the
// HTTP client's tests, on the streams layer, inside the test's event loop, on 127.0.0.1 and a
// port the kernel picks.
//
//   HttpTestServer server = co_await HttpTestServer::start();
//   ... the client fetches server.url("/bytes/1000") ...
//   EXPECT_EQ(server.requests().at(0).header("Accept-Encoding"), "gzip, deflate, br");
//   co_await server.close();
//
// It parses requests itself: the request line, the headers (in order, as sent), a body by
// Content-Length or chunked (trailers kept apart), and `Expect: 100-continue` (answered with
// "HTTP/1.1 100 Continue\r\n\r\n" before the body is read, unless the route says otherwise).
// Then it records the request (with the number of its connection, from 1 in accept order) and
// hands it to the route of its path: the route of the longest matching path, where a path
// ending in "/" matches everything under it; routes added with `route()` go before the built-in
// ones of the same path. A route is a coroutine given the request, the reader (for routes that
// misbehave mid-request) and the writer: it writes whatever bytes it likes and says whether the
// connection goes on (After::keep_alive) or ends (After::close). The connection also ends after a
// request that said "Connection: close" (or an HTTP/1.0 one without "Connection: keep-alive").
// A malformed request gets "400 Bad Request", a head line over 64 KiB "431", both with close.
//
// The server never hangs a test: each route (with the drain of what it wrote) runs under a time
// limit (Options::route_limit; past it the connection is aborted), the endless route stops by
// itself, and `close()` aborts every connection and cancels every route.
//
// Built-in routes. "Plain" answers are `response()`: "HTTP/1.1 <code> <reason>\r\n", the
// headers given, "Content-Length: <n>\r\n" (not for 1xx, 204, 304), "Connection: close\r\n" when
// the request asked for it, "\r\n", then the body (none for HEAD). P(n) is pattern(n)
// (net_support.hpp), T(n) is text_pattern(n) (encodings.hpp).
//   /echo                  plain 200, Content-Type: text/plain, a body describing the request
//                          (format_echo(): "method GET\n", "target /echo?x=1\n", "version
//                          HTTP/1.1\n", "connection 1\n", "header Name: value\n" per header in
//                          order, "trailer Name: value\n" per trailer, "body <n>\n", then the
//                          body's n bytes); parse_echo() reads it back into a Request.
//   /bytes/N               plain 200, Content-Type: application/octet-stream, body P(N).
//   /chunked/N?chunk=K     200, Content-Type: application/octet-stream, "Transfer-Encoding:
//                          chunked", "Trailer: X-Trailer", body P(N) in chunks of K bytes
//                          (default: N/4, at least 1; sizes in lower-case hex), then
//                          "0\r\nX-Trailer: done\r\n\r\n" (see chunked_body()).
//   /close-delimited/N     "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n",
//                          P(N), then the connection closes (no length, no Connection header).
//   /http10/N              "HTTP/1.0 200 OK\r\nContent-Type: application/octet-stream\r\n
//                          Content-Length: N\r\n\r\n", P(N), then the connection closes.
//   /status/CODE           plain CODE with body "status CODE\n" (none for 204 and 304); for a
//                          1xx CODE (not 101): "HTTP/1.1 CODE <reason>\r\n\r\n" first, then
//                          plain 200 with body "status 200\n".
//   /informational         "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
//                          then plain 200 with body "informational\n".
//   /redirect/N?status=S   N > 0: plain S (default 302) with "Location: /redirect/<N-1>" (the
//                          query kept) and body "redirect to <location>\n"; /redirect/0 answers
//                          as /echo. So N redirects, then 200.
//   /redirect-to?url=U&status=S   plain S (default 302), Location: U (percent-decoded).
//   /redirect-loop         plain 302, Location: /redirect-loop.
//   /relative-redirect     plain 302, Location: echo?from=relative (a relative reference:
//                          /echo?from=relative once resolved).
//   /gzip/N, /deflate/N, /br/N   plain 200, Content-Type: text/plain, Content-Encoding: gzip,
//                          deflate (raw deflate) or br, body T(N) compressed with gzip(),
//                          deflate_raw() or brotli().
//   /gzip-bomb             plain 200, Content-Type: text/plain, Content-Encoding: gzip, body
//                          gzip_bomb() (about 1 MiB, 1 GiB of zeros decoded).
// Misbehaving routes:
//   /truncated             "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", the first 10 bytes
//                          of P(1000), then close.
//   /bad-chunk             "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n
//                          zz\r\nhello\r\n0\r\n\r\n", then close.
//   /slow-headers?delay=ms the head of a plain 200 with body "ok", one byte every `delay` ms
//                          (default 100), then the body at once.
//   /huge-header?size=n    "HTTP/1.1 200 OK\r\nX-Huge: " + n (default 1 MiB) 'h's + "\r\n
//                          Content-Length: 2\r\n\r\nok".
//   /endless-headers?limit_ms=ms   "HTTP/1.1 200 OK\r\n", then "X-Endless-<i>: " + 64 'e's +
//                          "\r\n" for i = 0, 1, ... until the client goes away or `limit_ms`
//                          (default 3000) has passed; then the connection is aborted.
//   /reset-mid-body        "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n", the first 1000
//                          bytes of P(100000), a pause of 20 ms, then a reset (SO_LINGER 0).
//   /close-after-response  plain 200 with body "connection <its number>\n" and no Connection
//                          header, then the connection closes (a keep-alive server that drops
//                          connections).
//   /no-response           reads the request and closes without a byte.
//   /slow-body?delay=ms&n=N   plain head for a body of N bytes (default 10), then the bytes of
//                          P(N) one every `delay` ms (default 100).
// Anything else: plain 404 with body "no route for <path>\n".
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "asyncio/core/coro.hpp"
#include "asyncio/net/server.hpp"
#include "asyncio/net/ssl_context.hpp"
#include "asyncio/net/stream_reader.hpp"
#include "asyncio/net/stream_writer.hpp"

namespace asyncio_test::http_test {

using Header = std::pair<std::string, std::string>;
using Headers = std::vector<Header>;

// One request as it arrived.
struct Request {
    std::string method;
    std::string target;   // as sent: "/echo?x=1"
    std::string version;  // "HTTP/1.1"
    Headers headers;      // in order, names as sent, values without surrounding blanks
    Headers trailers;     // of a chunked body
    std::string body;
    bool body_read = true;  // false when a route took the body over (Expect without 100)
    int connection = 0;     // the connection's number, from 1 in accept order

    std::string path() const;  // the target without its query
    // The first header of that name (case-insensitive), if any.
    std::optional<std::string> header(std::string_view name) const;
    // How many headers have that name.
    std::size_t header_count(std::string_view name) const;
    // The query parameter `name`, percent-decoded, if any.
    std::optional<std::string> query(std::string_view name) const;
};

// What follows a route's answer.
enum class After { keep_alive, close };

using Route =
    std::function<asyncio::Coro<After>(Request, asyncio::StreamReader*, asyncio::StreamWriter*)>;

struct RouteOptions {
    // With "Expect: 100-continue": false leaves the body unread (Request::body_read false) and
    // sends no 100; the route answers as it likes (and closes, unless it read the body).
    bool continue_100 = true;
};

// The reason phrase of a status code ("OK", "Not Found"; "Status" for one it does not know).
std::string_view reason_phrase(int status);
// A plain answer (see above). `head_only`: the headers as for `body`, no body.
std::string response(int status, const Headers& headers, std::string_view body, bool close = false,
                     bool head_only = false);
// `data` as a chunked body of `chunk`-byte chunks, with `trailers`.
std::string chunked_body(std::string_view data, std::size_t chunk, const Headers& trailers);
// /echo's body for `request`, and back.
std::string format_echo(const Request& request);
Request parse_echo(std::string_view body);
// Closes the connection with a reset (SO_LINGER 0) instead of the end of the stream.
void reset_connection(asyncio::StreamWriter& writer);

// The reading side, for routes that read for themselves and for the servers' own tests (never
// a client: no limits, no decoding, no checks beyond the framing).
// Header lines up to the empty one ("Name: value", without the end of line).
asyncio::Coro<Headers> read_header_fields(asyncio::StreamReader* reader);
// A chunked body (after the head), its trailers into `trailers`.
asyncio::Coro<std::string> read_chunked(asyncio::StreamReader* reader, Headers* trailers);

// One response as it arrived.
struct RawResponse {
    std::string status_line;  // "HTTP/1.1 200 OK", without its end of line
    Headers headers;
    std::string body;  // as sent (still compressed), without the chunk framing
    Headers trailers;
    std::optional<std::string> header(std::string_view name) const;
};
// Reads one response: its body by chunked, Content-Length or to the end of the stream (none
// for `head`, 1xx, 204, 304). Interim 1xx answers are returned like any other.
asyncio::Coro<RawResponse> read_response(asyncio::StreamReader* reader, bool head = false);

class HttpTestServer {
  public:
    struct Options {
        std::chrono::milliseconds route_limit = std::chrono::seconds(10);
        // A server context: the server speaks TLS and url() says "https".
        std::optional<asyncio::SSLContext> tls;
    };

    static asyncio::Coro<HttpTestServer> start(Options options);
    static asyncio::Coro<HttpTestServer> start();

    // Aborts every connection and cancels every route; returns once they have ended.
    asyncio::Coro<> close();

    // Adds (or replaces) the route of `path` (ending in "/": everything under it).
    void route(std::string path, Route handler, RouteOptions options = {});

    std::uint16_t port() const noexcept;
    std::string authority() const;                           // "127.0.0.1:PORT"
    std::string url(std::string_view path_and_query) const;  // "http://127.0.0.1:PORT/path"

    // Every request received so far, in order.
    const std::vector<Request>& requests() const noexcept;
    // Connections accepted so far, and those open now.
    int connections() const noexcept;
    std::size_t open_connections() const noexcept;

    struct State;

  private:
    explicit HttpTestServer(std::shared_ptr<State> state);
    std::shared_ptr<State> state_;
};

}  // namespace asyncio_test::http_test
