// Chapter 8 of the course, "Retrieving URLs": many downloads at once with an HTTP client.
//
// The words, Python (aiohttp) -> C++:
//   async with aiohttp.ClientSession() as s:    ->  asyncio::http::Client client;
//   async with s.get(url) as response:          ->  http::Response response = co_await
//   client.get(url);
//       response.status, await response.text()  ->      response.status(), co_await response.text()
//   await asyncio.gather(*(fetch(u) for u in us)) -> co_await asyncio::gather(std::move(coros))
//   ClientTimeout(total=0.3)                    ->  options.timeout.total = 300ms
//   async for chunk in response.content.iter_chunked(n)  ->  the same loop over
//   response.iter_chunked(n)
//
// Three parts: (a) five pages fetched at once with `gather`, results in the order asked;
// (b) the same with a bounded pool (`map_bounded`), a timeout per request and each URL's
// failure caught on its own, so one bad URL does not lose the others' results; (c) a 1 MiB
// download read in pieces, with a progress count, never holding more than a piece.
//
// The chapter needs no network: it starts a small web server of its own on 127.0.0.1 (a
// page of N bytes at /page/N, one that answers late at /slow, 1 MiB at /big, 404 elsewhere).
// The output holds paths, not the server's port, so it is the same on every run.

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "asyncio/asyncio.hpp"
#include "asyncio/http/http.hpp"

using namespace std::chrono_literals;
using asyncio::Coro;
namespace http = asyncio::http;

namespace {

// ---- the chapter's own web server ----

std::string answer(int status, const std::string& reason, std::string body) {
    return "HTTP/1.1 " + std::to_string(status) + " " + reason +
           "\r\nContent-Type: text/plain\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\n\r\n" + body;
}

// One connection: requests one after the other (keep-alive), each a GET without a body.
Coro<> serve(asyncio::StreamReader reader, asyncio::StreamWriter writer) {
    for (;;) {
        const std::string request_line = co_await reader.readline();
        if (request_line.empty()) co_return;  // the client closed the connection
        for (;;) {                            // the header lines, up to the blank one
            const std::string line = co_await reader.readline();
            if (line.empty() || line == "\r\n") break;
        }
        const std::size_t start = request_line.find(' ') + 1;
        const std::string path = request_line.substr(start, request_line.find(' ', start) - start);
        if (path.starts_with("/page/")) {
            writer.write(answer(200, "OK", std::string(std::stoul(path.substr(6)), 'x')));
        } else if (path == "/slow") {
            co_await asyncio::sleep(2s);  // longer than part (b)'s timeout
            writer.write(answer(200, "OK", "late"));
        } else if (path == "/big") {
            writer.write(answer(200, "OK", std::string(1024 * 1024, 'b')));
        } else {
            writer.write(answer(404, "Not Found", "no such page\n"));
        }
        co_await writer.drain();
    }
}

// ---- (a) five pages at once, with gather ----

Coro<std::size_t> page_size(http::Client* client, std::string url) {
    http::Response response = co_await client->get(std::move(url));
    const std::string body = co_await response.text();
    co_return body.size();
}

Coro<> fetch_all(http::Client* client, std::string base) {
    std::cout << "== (a) five pages at once (gather)\n";
    const std::vector<std::string> paths = {"/page/100", "/page/2000", "/page/30", "/page/4000",
                                            "/page/5"};
    std::vector<Coro<std::size_t>> fetches;
    for (const std::string& path : paths) fetches.push_back(page_size(client, base + path));
    const std::vector<std::size_t> sizes = co_await asyncio::gather(std::move(fetches));
    for (std::size_t i = 0; i < paths.size(); ++i)
        std::cout << paths[i] << ": " << sizes[i] << " bytes\n";
    // Five at once took five connections; each went back to the pool when its body ended.
    std::cout << "idle connections in the client's pool: " << client->connections_idle() << "\n";
}

// ---- (b) a bounded pool, a timeout each, errors per URL ----

// What happened to one URL: its status and size, or what went wrong. Every failure of a
// request is an http::Error, so one catch keeps a bad URL from failing the others.
Coro<std::string> outcome(http::Client* client, std::string url) {
    http::RequestOptions options;
    options.timeout.total = 300ms;
    try {
        http::Response response = co_await client->get(url, std::move(options));
        response.raise_for_status();
        const std::string body = co_await response.text();
        co_return std::to_string(response.status()) + ", " + std::to_string(body.size()) + " bytes";
    } catch (const http::TimeoutError&) {
        co_return "timed out";
    } catch (const http::HTTPStatusError& error) {
        co_return "HTTP error " + std::to_string(error.status) + " " + error.reason;
    } catch (const http::ConnectionRefusedError&) {
        co_return "connection refused";
    } catch (const http::InvalidURL&) {
        co_return "invalid URL";
    }
}

Coro<> fetch_bounded(http::Client* client, std::string base, std::string closed) {
    std::cout << "== (b) at most 2 at once (map_bounded), 300 ms each, errors per URL\n";
    const std::vector<std::string> urls = {base + "/page/10",  base + "/slow", base + "/missing",
                                           closed + "/page/1", "htp:/nowhere", base + "/page/20"};
    const std::vector<std::string> shown = {"/page/10",        "/slow",        "/missing",
                                            "(a closed port)", "htp:/nowhere", "/page/20"};
    const std::vector<std::string> results = co_await asyncio::map_bounded(
        2, urls, [client](const std::string& url) { return outcome(client, url); });
    for (std::size_t i = 0; i < urls.size(); ++i)
        std::cout << shown[i] << ": " << results[i] << "\n";
}

// ---- (c) a download in pieces, with progress ----

Coro<> download(http::Client* client, std::string base) {
    std::cout << "== (c) 1 MiB in pieces of at most 64 KiB\n";
    http::Response response = co_await client->get(base + "/big");
    const std::uint64_t total = response.content_length().value_or(0);
    std::uint64_t received = 0;
    std::uint64_t next_report = total / 4;
    std::size_t largest = 0;
    auto pieces = response.iter_chunked(64 * 1024);  // async for piece in ...iter_chunked(n):
    for (auto it = co_await pieces.begin(); it != pieces.end(); co_await ++it) {
        const std::string& piece = *it;
        received += piece.size();
        largest = std::max(largest, piece.size());
        while (next_report <= received && next_report <= total) {  // each quarter, once
            std::cout << "received " << next_report * 100 / total << "%\n";
            next_report += total / 4;
        }
    }
    std::cout << "done: " << received << " bytes, in pieces of at most "
              << (largest <= 64 * 1024 ? "64 KiB" : "more than 64 KiB (wrong)") << "\n";
}

Coro<> chapter() {
    asyncio::Server server = co_await asyncio::start_server(serve, "127.0.0.1", 0);
    const std::string base =
        "http://127.0.0.1:" + std::to_string(server.sockets()[0].sockname().port());
    // A port where nothing listens: bound, then closed again.
    asyncio::Socket spare = asyncio::Socket::create(AF_INET, SOCK_STREAM);
    spare.bind(asyncio::SocketAddress::ip("127.0.0.1", 0));
    const std::string closed = "http://127.0.0.1:" + std::to_string(spare.sockname().port());
    spare.close();

    http::Client client;
    co_await fetch_all(&client, base);  // coroutines take pointers, never references
    co_await fetch_bounded(&client, base, closed);
    co_await download(&client, base);
}

}  // namespace

int ch08_urls() { return asyncio::run(chapter()), 0; }

#ifndef ASYNCIO_COURSE
int main() { return ch08_urls(); }
#endif
