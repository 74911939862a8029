// HttpTestServer: the request parser, the connection loop and the built-in routes (see the
// header for what each route sends).
#include "http/support/http_test_server.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <stdexcept>

#include "asyncio/combinators/timeout.hpp"
#include "asyncio/loop/sleep.hpp"
#include "asyncio/net/errors.hpp"
#include "asyncio/net/streams.hpp"
#include "http/support/encodings.hpp"
#include "net/net_support.hpp"

namespace asyncio_test::http_test {

using asyncio::Coro;
using asyncio::StreamReader;
using asyncio::StreamWriter;
using namespace std::chrono_literals;

namespace {

bool iequals(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) ==
               std::tolower(static_cast<unsigned char>(y));
    });
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

std::string_view strip_eol(std::string_view line) {
    if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
}

std::optional<std::uint64_t> parse_number(std::string_view text, int base = 10) {
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, base);
    if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
        return std::nullopt;
    }
    return value;
}

std::string percent_decode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const std::optional<std::uint64_t> byte = text[i] == '%' && i + 2 < text.size()
                                                      ? parse_number(text.substr(i + 1, 2), 16)
                                                      : std::nullopt;
        if (byte) {
            out.push_back(static_cast<char>(*byte));
            i += 2;
        } else {
            out.push_back(text[i] == '+' ? ' ' : text[i]);
        }
    }
    return out;
}

// The first field of that name (case-insensitive).
std::optional<std::string> find_header(const Headers& fields, std::string_view name) {
    for (const auto& [key, value] : fields) {
        if (iequals(key, name)) return value;
    }
    return std::nullopt;
}

// A request the server cannot parse: answered with `status`, then the connection closes.
struct BadRequest : std::runtime_error {
    int status;
    BadRequest(int code, const std::string& what) : std::runtime_error(what), status(code) {}
};

Header parse_header_line(std::string_view line) {
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) throw BadRequest(400, "bad header line");
    return {std::string(line.substr(0, colon)), std::string(trim(line.substr(colon + 1)))};
}

// One line as readline() gives it; a line past the reader's limit becomes a 431.
Coro<std::string> readline_limited(StreamReader* reader) {
    try {
        co_return co_await reader->readline();
    } catch (const asyncio::LimitOverrunError&) {
        throw BadRequest(431, "head line too long");
    }
}

// One head line, without its end of line; the end of the stream is a failure here.
Coro<std::string> read_line(StreamReader* reader) {
    const std::string line = co_await readline_limited(reader);
    if (line.empty()) throw std::runtime_error("the connection ended in a request's head");
    co_return std::string(strip_eol(line));
}

// The request line and headers; nullopt at the end of the stream before a request.
Coro<std::optional<Request>> read_head(StreamReader* reader) {
    std::string first = co_await readline_limited(reader);
    while (first == "\r\n" || first == "\n") first = co_await readline_limited(reader);
    if (first.empty()) co_return std::nullopt;
    if (first.back() != '\n') throw BadRequest(400, "request line cut short");
    const std::string_view line = strip_eol(first);
    const std::size_t space1 = line.find(' ');
    const std::size_t space2 = line.rfind(' ');
    if (space1 == std::string_view::npos || space1 == space2) {
        throw BadRequest(400, "bad request line");
    }
    Request request;
    request.method = std::string(line.substr(0, space1));
    request.target = std::string(line.substr(space1 + 1, space2 - space1 - 1));
    request.version = std::string(line.substr(space2 + 1));
    if (request.version != "HTTP/1.1" && request.version != "HTTP/1.0") {
        throw BadRequest(400, "bad version");
    }
    request.headers = co_await read_header_fields(reader);
    co_return request;
}

Coro<> read_body(StreamReader* reader, Request* request) {
    const std::optional<std::string> coding = request->header("Transfer-Encoding");
    if (coding && coding->find("chunked") != std::string::npos) {
        request->body = co_await read_chunked(reader, &request->trailers);
    } else if (const std::optional<std::string> length = request->header("Content-Length")) {
        const std::optional<std::uint64_t> n = parse_number(*length);
        if (!n) throw BadRequest(400, "bad Content-Length");
        request->body = co_await reader->readexactly(*n);
    }
}

bool wants_close(const Request& request) {
    const std::optional<std::string> connection = request.header("Connection");
    if (request.version == "HTTP/1.0") return !connection || !iequals(*connection, "keep-alive");
    return connection && iequals(*connection, "close");
}

bool is_head(const Request& request) { return request.method == "HEAD"; }

std::uint64_t query_number(const Request& request, std::string_view name, std::uint64_t fallback) {
    const std::optional<std::string> text = request.query(name);
    const std::optional<std::uint64_t> value = text ? parse_number(*text) : std::nullopt;
    return value.value_or(fallback);
}

// The number after `prefix` in the path ("/bytes/100" -> 100).
std::optional<std::uint64_t> path_number(const Request& request, std::string_view prefix) {
    const std::string path = request.path();
    return parse_number(std::string_view(path).substr(std::min(prefix.size(), path.size())));
}

Coro<After> done(After after) { co_return after; }

// A plain answer to `request`, written at once (not a coroutine: it keeps no reference).
Coro<After> answer(const Request& request, StreamWriter* writer, int status, const Headers& headers,
                   std::string_view body) {
    writer->write(response(status, headers, body, wants_close(request), is_head(request)));
    return done(After::keep_alive);
}

Coro<After> not_found(const Request& request, StreamWriter* writer) {
    return answer(request, writer, 404, {{"Content-Type", "text/plain"}},
                  "no route for " + request.path() + "\n");
}

Coro<After> unknown(Request request, StreamReader*, StreamWriter* writer) {
    return not_found(request, writer);
}

// A route of one number in its path (/bytes/N): 404 without a number.
Route with_number(std::string prefix,
                  std::function<Coro<After>(Request, std::uint64_t, StreamWriter*)> body) {
    return [prefix = std::move(prefix), body = std::move(body)](
               Request request, StreamReader*, StreamWriter* writer) -> Coro<After> {
        const std::optional<std::uint64_t> n = path_number(request, prefix);
        if (!n) return not_found(request, writer);
        return body(std::move(request), *n, writer);
    };
}

// -- the built-in routes --

const Headers kBinary{{"Content-Type", "application/octet-stream"}};
const Headers kText{{"Content-Type", "text/plain"}};

Coro<After> echo(Request request, StreamReader*, StreamWriter* writer) {
    return answer(request, writer, 200, kText, format_echo(request));
}

Coro<After> bytes(Request request, std::uint64_t n, StreamWriter* writer) {
    return answer(request, writer, 200, kBinary, pattern(n));
}

Coro<After> chunked(Request request, std::uint64_t n, StreamWriter* writer) {
    const std::size_t chunk = std::max<std::uint64_t>(1, query_number(request, "chunk", n / 4));
    Headers headers = kBinary;
    headers.emplace_back("Transfer-Encoding", "chunked");
    headers.emplace_back("Trailer", "X-Trailer");
    std::string head = "HTTP/1.1 200 OK\r\n";
    for (const auto& [name, value] : headers) head += name + ": " + value + "\r\n";
    if (wants_close(request)) head += "Connection: close\r\n";
    writer->write(head + "\r\n");
    if (!is_head(request)) writer->write(chunked_body(pattern(n), chunk, {{"X-Trailer", "done"}}));
    co_return After::keep_alive;
}

Coro<After> close_delimited(Request, std::uint64_t n, StreamWriter* writer) {
    writer->write("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n" + pattern(n));
    co_return After::close;
}

Coro<After> http10(Request, std::uint64_t n, StreamWriter* writer) {
    writer->write("HTTP/1.0 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " +
                  std::to_string(n) + "\r\n\r\n" + pattern(n));
    co_return After::close;
}

std::string interim(int status, const Headers& headers) {
    std::string head = "HTTP/1.1 " + std::to_string(status) + " ";
    head += reason_phrase(status);
    head += "\r\n";
    for (const auto& [name, value] : headers) head += name + ": " + value + "\r\n";
    return head + "\r\n";
}

Coro<After> status_code(Request request, std::uint64_t code, StreamWriter* writer) {
    if (code < 100 || code > 999) return not_found(request, writer);
    const int status = static_cast<int>(code);
    if (status >= 100 && status < 200 && status != 101) {
        writer->write(interim(status, {}));
        return answer(request, writer, 200, kText, "status 200\n");
    }
    return answer(request, writer, status, kText, "status " + std::to_string(status) + "\n");
}

Coro<After> informational(Request request, StreamReader*, StreamWriter* writer) {
    writer->write(interim(103, {{"Link", "</style.css>; rel=preload"}}));
    return answer(request, writer, 200, kText, "informational\n");
}

Coro<After> redirect(const Request& request, StreamWriter* writer, int status,
                     const std::string& location) {
    Headers headers = kText;
    headers.emplace_back("Location", location);
    return answer(request, writer, status, headers, "redirect to " + location + "\n");
}

int redirect_status(const Request& request) {
    return static_cast<int>(query_number(request, "status", 302));
}

Coro<After> redirect_n(Request request, std::uint64_t n, StreamWriter* writer) {
    if (n == 0) return echo(std::move(request), nullptr, writer);
    const std::size_t query = request.target.find('?');
    const std::string rest = query == std::string::npos ? "" : request.target.substr(query);
    return redirect(request, writer, redirect_status(request),
                    "/redirect/" + std::to_string(n - 1) + rest);
}

Coro<After> redirect_to(Request request, StreamReader*, StreamWriter* writer) {
    return redirect(request, writer, redirect_status(request), request.query("url").value_or("/"));
}

Coro<After> redirect_loop(Request request, StreamReader*, StreamWriter* writer) {
    return redirect(request, writer, 302, "/redirect-loop");
}

Coro<After> relative_redirect(Request request, StreamReader*, StreamWriter* writer) {
    return redirect(request, writer, 302, "echo?from=relative");
}

Route encoded(std::string prefix, std::string coding, std::string (*encode)(std::string_view)) {
    return with_number(std::move(prefix),
                       [coding = std::move(coding), encode](Request request, std::uint64_t n,
                                                            StreamWriter* writer) -> Coro<After> {
                           return answer(
                               request, writer, 200,
                               {{"Content-Type", "text/plain"}, {"Content-Encoding", coding}},
                               encode(text_pattern(n)));
                       });
}

Coro<After> gzip_bomb_route(Request request, StreamReader*, StreamWriter* writer) {
    return answer(request, writer, 200,
                  {{"Content-Type", "text/plain"}, {"Content-Encoding", "gzip"}}, gzip_bomb());
}

Coro<After> truncated(Request, StreamReader*, StreamWriter* writer) {
    writer->write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + pattern(1000).substr(0, 10));
    co_return After::close;
}

Coro<After> bad_chunk(Request, StreamReader*, StreamWriter* writer) {
    writer->write(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\nhello\r\n0\r\n"
        "\r\n");
    co_return After::close;
}

// Writes `data` one byte every `delay`.
Coro<> trickle(StreamWriter* writer, std::string data, std::chrono::milliseconds delay) {
    for (const char byte : data) {
        writer->write(std::string_view(&byte, 1));
        co_await writer->drain();
        co_await asyncio::sleep(delay);
    }
}

Coro<After> slow_headers(Request request, StreamReader*, StreamWriter* writer) {
    const std::chrono::milliseconds delay(query_number(request, "delay", 100));
    const std::string whole = response(200, {}, "ok", wants_close(request));
    co_await trickle(writer, whole.substr(0, whole.size() - 2), delay);
    writer->write("ok");
    co_return After::keep_alive;
}

Coro<After> huge_header(Request request, StreamReader*, StreamWriter* writer) {
    const std::size_t size = query_number(request, "size", 1 << 20);
    writer->write("HTTP/1.1 200 OK\r\nX-Huge: " + std::string(size, 'h') +
                  "\r\nContent-Length: 2\r\n\r\nok");
    co_return After::close;
}

Coro<> flood_headers(StreamWriter* writer) {
    writer->write("HTTP/1.1 200 OK\r\n");
    const std::string value(64, 'e');
    for (std::uint64_t i = 0;; ++i) {
        std::string line = numbered("X-Endless-", static_cast<int>(i));
        line += ": " + value + "\r\n";
        writer->write(line);
        if (i % 64 == 63) co_await writer->drain();
        if (i % 4096 == 4095) co_await asyncio::sleep(0ms);  // a reading client: let others run
    }
}

Coro<After> endless_headers(Request request, StreamReader*, StreamWriter* writer) {
    const std::chrono::milliseconds limit(query_number(request, "limit_ms", 3000));
    Coro<> flood = flood_headers(writer);
    try {
        co_await asyncio::wait_for(std::move(flood), limit);
    } catch (const asyncio::TimeoutError&) {
    }
    writer->abort();
    co_return After::close;
}

Coro<After> reset_mid_body(Request, StreamReader*, StreamWriter* writer) {
    writer->write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" +
                  pattern(100000).substr(0, 1000));
    co_await writer->drain();
    co_await asyncio::sleep(20ms);  // the part leaves before the reset (it usually arrives too)
    reset_connection(*writer);
    co_return After::close;
}

Coro<After> close_after_response(Request request, StreamReader*, StreamWriter* writer) {
    writer->write(response(200, kText, "connection " + std::to_string(request.connection) + "\n",
                           false, is_head(request)));
    co_return After::close;
}

Coro<After> no_response(Request, StreamReader*, StreamWriter*) { co_return After::close; }

Coro<After> slow_body(Request request, StreamReader*, StreamWriter* writer) {
    const std::chrono::milliseconds delay(query_number(request, "delay", 100));
    const std::uint64_t n = query_number(request, "n", 10);
    const std::string body = pattern(n);
    const std::string whole = response(200, kBinary, body, wants_close(request));
    writer->write(std::string_view(whole).substr(0, whole.size() - body.size()));
    if (!is_head(request)) co_await trickle(writer, body, delay);
    co_return After::keep_alive;
}

}  // namespace

// -- Request --

std::string Request::path() const { return target.substr(0, target.find('?')); }

std::optional<std::string> Request::header(std::string_view name) const {
    return find_header(headers, name);
}

std::size_t Request::header_count(std::string_view name) const {
    return static_cast<std::size_t>(std::count_if(
        headers.begin(), headers.end(), [&](const Header& h) { return iequals(h.first, name); }));
}

std::optional<std::string> Request::query(std::string_view name) const {
    const std::size_t mark = target.find('?');
    if (mark == std::string::npos) return std::nullopt;
    std::string_view rest = std::string_view(target).substr(mark + 1);
    while (!rest.empty()) {
        const std::string_view item = rest.substr(0, rest.find('&'));
        rest.remove_prefix(std::min(rest.size(), item.size() + 1));
        const std::string_view key = item.substr(0, item.find('='));
        if (percent_decode(key) != name) continue;
        return percent_decode(item.size() > key.size() ? item.substr(key.size() + 1) : "");
    }
    return std::nullopt;
}

// -- the free functions --

Coro<Headers> read_header_fields(StreamReader* reader) {
    Headers fields;
    for (;;) {
        const std::string line = co_await read_line(reader);
        if (line.empty()) break;
        fields.push_back(parse_header_line(line));
    }
    co_return fields;
}

Coro<std::string> read_chunked(StreamReader* reader, Headers* trailers) {
    std::string body;
    for (;;) {
        const std::string line = co_await read_line(reader);
        const std::string_view size_text = trim(std::string_view(line).substr(0, line.find(';')));
        const std::optional<std::uint64_t> size = parse_number(size_text, 16);
        if (!size) throw BadRequest(400, "bad chunk size");
        if (*size == 0) break;
        body += co_await reader->readexactly(*size);
        const std::string end = co_await read_line(reader);
        if (!end.empty()) throw BadRequest(400, "chunk without its CRLF");
    }
    *trailers = co_await read_header_fields(reader);
    co_return body;
}

std::optional<std::string> RawResponse::header(std::string_view name) const {
    return find_header(headers, name);
}

Coro<RawResponse> read_response(StreamReader* reader, bool head) {
    RawResponse response;
    response.status_line = co_await read_line(reader);
    response.headers = co_await read_header_fields(reader);
    const std::string_view line = response.status_line;
    const std::optional<std::uint64_t> status =
        line.size() >= 12 ? parse_number(line.substr(9, 3)) : std::nullopt;
    const bool bodiless = head || !status || *status < 200 || *status == 204 || *status == 304;
    const std::optional<std::string> coding = response.header("Transfer-Encoding");
    const std::optional<std::string> length = response.header("Content-Length");
    if (bodiless) {
    } else if (coding && coding->find("chunked") != std::string::npos) {
        response.body = co_await read_chunked(reader, &response.trailers);
    } else if (length) {
        response.body = co_await reader->readexactly(parse_number(*length).value_or(0));
    } else {
        response.body = co_await reader->read();
    }
    co_return response;
}

std::string_view reason_phrase(int status) {
    static const std::map<int, std::string_view> reasons{
        {100, "Continue"},
        {101, "Switching Protocols"},
        {102, "Processing"},
        {103, "Early Hints"},
        {200, "OK"},
        {201, "Created"},
        {202, "Accepted"},
        {204, "No Content"},
        {206, "Partial Content"},
        {301, "Moved Permanently"},
        {302, "Found"},
        {303, "See Other"},
        {304, "Not Modified"},
        {307, "Temporary Redirect"},
        {308, "Permanent Redirect"},
        {400, "Bad Request"},
        {401, "Unauthorized"},
        {403, "Forbidden"},
        {404, "Not Found"},
        {405, "Method Not Allowed"},
        {408, "Request Timeout"},
        {413, "Content Too Large"},
        {417, "Expectation Failed"},
        {429, "Too Many Requests"},
        {431, "Request Header Fields Too Large"},
        {500, "Internal Server Error"},
        {502, "Bad Gateway"},
        {503, "Service Unavailable"},
        {504, "Gateway Timeout"},
    };
    const auto it = reasons.find(status);
    return it == reasons.end() ? std::string_view("Status") : it->second;
}

std::string response(int status, const Headers& headers, std::string_view body, bool close,
                     bool head_only) {
    const bool bodiless = (status >= 100 && status < 200) || status == 204 || status == 304;
    std::string out = "HTTP/1.1 " + std::to_string(status) + " ";
    out += reason_phrase(status);
    out += "\r\n";
    for (const auto& [name, value] : headers) out += name + ": " + value + "\r\n";
    if (!bodiless) out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    if (close) out += "Connection: close\r\n";
    out += "\r\n";
    if (!bodiless && !head_only) out += body;
    return out;
}

std::string chunked_body(std::string_view data, std::size_t chunk, const Headers& trailers) {
    std::string out;
    char size[32];
    for (std::size_t at = 0; at < data.size(); at += chunk) {
        const std::string_view piece = data.substr(at, chunk);
        const auto end = std::to_chars(size, size + sizeof size, piece.size(), 16).ptr;
        out.append(size, end);
        out += "\r\n";
        out += piece;
        out += "\r\n";
    }
    out += "0\r\n";
    for (const auto& [name, value] : trailers) out += name + ": " + value + "\r\n";
    return out + "\r\n";
}

std::string format_echo(const Request& request) {
    std::string out = "method " + request.method + "\ntarget " + request.target + "\nversion " +
                      request.version + "\nconnection " + std::to_string(request.connection) + "\n";
    for (const auto& [name, value] : request.headers) out += "header " + name + ": " + value + "\n";
    for (const auto& [name, value] : request.trailers) {
        out += "trailer " + name + ": " + value + "\n";
    }
    out += "body " + std::to_string(request.body.size()) + "\n";
    return out + request.body;
}

Request parse_echo(std::string_view body) {
    Request request;
    for (;;) {
        const std::size_t end = body.find('\n');
        if (end == std::string_view::npos) throw std::runtime_error("not an /echo body");
        const std::string_view line = body.substr(0, end);
        body.remove_prefix(end + 1);
        const std::size_t space = line.find(' ');
        const std::string_view key = line.substr(0, space);
        const std::string value(space == std::string_view::npos ? "" : line.substr(space + 1));
        if (key == "method") request.method = value;
        if (key == "target") request.target = value;
        if (key == "version") request.version = value;
        if (key == "connection") request.connection = std::stoi(value);
        if (key == "header") request.headers.push_back(parse_header_line(value));
        if (key == "trailer") request.trailers.push_back(parse_header_line(value));
        if (key == "body") {
            request.body = std::string(body.substr(0, std::stoull(value)));
            return request;
        }
    }
}

void reset_connection(StreamWriter& writer) {
    if (const std::optional<int> fd = writer.get_extra_info<int>("socket")) {
        const linger abortive{1, 0};
        ::setsockopt(*fd, SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
    }
    writer.abort();
}

// -- the server --

struct HttpTestServer::State {
    struct Entry {
        Route handler;
        RouteOptions options;
    };
    Options options;
    std::map<std::string, Entry> routes;  // custom and built-in, by path
    std::vector<Request> requests;
    int connections = 0;
    std::optional<asyncio::Server> server;
    std::uint16_t port = 0;

    const Entry* find(const std::string& path) const {
        if (const auto it = routes.find(path); it != routes.end()) return &it->second;
        const Entry* best = nullptr;
        std::size_t best_length = 0;
        for (const auto& [prefix, entry] : routes) {
            if (prefix.back() == '/' && path.compare(0, prefix.size(), prefix) == 0 &&
                prefix.size() > best_length) {
                best = &entry;
                best_length = prefix.size();
            }
        }
        return best;
    }
};

namespace {

using State = HttpTestServer::State;

void add_built_in_routes(State& state) {
    const auto add = [&state](std::string path, Route handler) {
        state.routes[std::move(path)] = State::Entry{std::move(handler), RouteOptions{}};
    };
    add("/echo", echo);
    add("/bytes/", with_number("/bytes/", bytes));
    add("/chunked/", with_number("/chunked/", chunked));
    add("/close-delimited/", with_number("/close-delimited/", close_delimited));
    add("/http10/", with_number("/http10/", http10));
    add("/status/", with_number("/status/", status_code));
    add("/informational", informational);
    add("/redirect/", with_number("/redirect/", redirect_n));
    add("/redirect-to", redirect_to);
    add("/redirect-loop", redirect_loop);
    add("/relative-redirect", relative_redirect);
    add("/gzip/", encoded("/gzip/", "gzip", gzip));
    add("/deflate/", encoded("/deflate/", "deflate", deflate_raw));
    add("/br/", encoded("/br/", "br", brotli));
    add("/gzip-bomb", gzip_bomb_route);
    add("/truncated", truncated);
    add("/bad-chunk", bad_chunk);
    add("/slow-headers", slow_headers);
    add("/huge-header", huge_header);
    add("/endless-headers", endless_headers);
    add("/reset-mid-body", reset_mid_body);
    add("/close-after-response", close_after_response);
    add("/no-response", no_response);
    add("/slow-body", slow_body);
}

// The route, then the drain of what it wrote: the part under the time limit.
Coro<After> run_route(Route handler, Request request, StreamReader* reader, StreamWriter* writer) {
    const After after = co_await handler(std::move(request), reader, writer);
    co_await writer->drain();
    co_return after;
}

// One request: read, recorded, answered. False when the connection ends.
Coro<bool> serve_request(std::shared_ptr<State> state, int connection, StreamReader* reader,
                         StreamWriter* writer) {
    std::optional<Request> request = co_await read_head(reader);
    if (!request) co_return false;
    request->connection = connection;
    const State::Entry* entry = state->find(request->path());
    const RouteOptions options = entry ? entry->options : RouteOptions{};
    const std::optional<std::string> expect = request->header("Expect");
    const bool expects = expect && iequals(*expect, "100-continue");
    if (expects && !options.continue_100) {
        request->body_read = false;
    } else {
        if (expects && request->version == "HTTP/1.1") {
            writer->write("HTTP/1.1 100 Continue\r\n\r\n");
        }
        co_await read_body(reader, &*request);
    }
    state->requests.push_back(*request);
    const bool close = wants_close(*request) || !request->body_read;
    // A copy: a route added meanwhile must not pull this one from under it.
    Route handler = entry ? entry->handler : Route(unknown);
    Coro<After> answered = run_route(std::move(handler), std::move(*request), reader, writer);
    const After after = co_await asyncio::wait_for(std::move(answered), state->options.route_limit);
    co_return after == After::keep_alive && !close;
}

// A connection: requests until one ends it. The failures of a peer that goes away, or of a
// route past its time, end the connection quietly (a test checks what its client saw).
Coro<> serve_connection(std::shared_ptr<State> state, StreamReader reader, StreamWriter writer) {
    const int connection = ++state->connections;
    try {
        for (;;) {
            const bool more = co_await serve_request(state, connection, &reader, &writer);
            if (!more) break;
        }
    } catch (const BadRequest& e) {
        writer.write(response(e.status, kText, std::string(e.what()) + "\n", true));
    } catch (const std::exception&) {
        writer.abort();
    }
}

// (The server's handler holds the state weakly: the state holds the server.)
Coro<> serve_if_alive(std::weak_ptr<State> weak, StreamReader reader, StreamWriter writer) {
    std::shared_ptr<State> state = weak.lock();
    if (state) co_await serve_connection(std::move(state), std::move(reader), std::move(writer));
}

}  // namespace

HttpTestServer::HttpTestServer(std::shared_ptr<State> state) : state_(std::move(state)) {}

Coro<HttpTestServer> HttpTestServer::start(Options options) {
    auto state = std::make_shared<State>();
    state->options = std::move(options);
    add_built_in_routes(*state);
    asyncio::ServerOptions server_options;
    if (state->options.tls) server_options.ssl = *state->options.tls;
    server_options.ssl_handshake_timeout = 5s;
    const std::weak_ptr<State> weak = state;
    asyncio::ClientConnected handler = [weak](StreamReader reader, StreamWriter writer) {
        return serve_if_alive(weak, std::move(reader), std::move(writer));
    };
    asyncio::Server server =
        co_await asyncio::start_server(std::move(handler), "127.0.0.1", 0, server_options);
    state->port = port_of(server.sockets().at(0));
    state->server = std::move(server);
    co_return HttpTestServer(std::move(state));
}

Coro<HttpTestServer> HttpTestServer::start() { return start(Options{}); }

Coro<> HttpTestServer::close() {
    std::shared_ptr<State> state = state_;
    if (!state->server) co_return;
    asyncio::Server server = *state->server;
    state->server.reset();
    co_await server.shutdown(0ms);
}

void HttpTestServer::route(std::string path, Route handler, RouteOptions options) {
    state_->routes[std::move(path)] = State::Entry{std::move(handler), options};
}

std::uint16_t HttpTestServer::port() const noexcept { return state_->port; }

std::string HttpTestServer::authority() const {
    return "127.0.0.1:" + std::to_string(state_->port);
}

std::string HttpTestServer::url(std::string_view path_and_query) const {
    return (state_->options.tls ? "https://" : "http://") + authority() +
           std::string(path_and_query);
}

const std::vector<Request>& HttpTestServer::requests() const noexcept { return state_->requests; }

int HttpTestServer::connections() const noexcept { return state_->connections; }

std::size_t HttpTestServer::open_connections() const noexcept {
    return state_->server ? state_->server->active_connections() : 0;
}

}  // namespace asyncio_test::http_test
