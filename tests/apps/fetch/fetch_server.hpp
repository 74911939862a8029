// A small HTTP/1.1 server for asyncio-fetch's end-to-end tests (namespace asyncio_test), on
// the streams layer, on 127.0.0.1 and a port the kernel picks, running on a thread of its own
// (its own event loop) from construction to destruction, so that a test can run the program
// and wait for it plainly. Keep-alive, Content-Length bodies; what it answers depends on the
// path:
//   /bytes/N       200, pattern(N)
//   /status/N      status N, body "status N"
//   /redirect/P    302 to /P
//   /loop          302 to /loop, for ever
//   /cut/N         200 announcing N bytes; sends N/2, then closes
//   /flaky/K       503 with "Retry-After: 0" the first K times that path is asked, then 200
//   /stall         200 announcing 1 MiB; sends 64 KiB, then nothing until the server stops
//   /echo          200, the method, a newline, then the request's body
//   anything else  200, the path itself (as the request line had it)
// `requests(path)` counts the requests for a path.
#pragma once

#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "asyncio/loop/run.hpp"
#include "asyncio/net/server.hpp"
#include "asyncio/net/streams.hpp"
#include "asyncio/sync/event.hpp"
#include "net/net_support.hpp"

namespace asyncio_test {

class FetchServer {
  public:
    FetchServer() {
        std::promise<std::uint16_t> listening;
        std::future<std::uint16_t> port = listening.get_future();
        thread_ = std::thread([this, &listening] { asyncio::run(run(&listening)); });
        try {
            port_ = port.get();  // rethrows if it could not listen
        } catch (...) {
            thread_.join();
            throw;
        }
    }
    ~FetchServer() {
        loop_->call_soon_threadsafe([this] { stop_->set(); });
        thread_.join();
    }
    FetchServer(const FetchServer&) = delete;
    FetchServer& operator=(const FetchServer&) = delete;

    std::uint16_t port() const { return port_; }
    std::string url(const std::string& path) const {
        return "http://127.0.0.1:" + std::to_string(port_) + path;
    }
    int requests(const std::string& path) const {
        std::lock_guard<std::mutex> lock(state_->mutex);
        return state_->requests[path];
    }

  private:
    struct State {
        std::mutex mutex;  // the test's thread reads the counts
        std::map<std::string, int> requests;
        int count(const std::string& path) {
            std::lock_guard<std::mutex> lock(mutex);
            return ++requests[path];
        }
    };

    asyncio::Coro<> run(std::promise<std::uint16_t>* listening) {
        asyncio::Event stop;
        std::shared_ptr<State> state = state_;
        asyncio::ClientConnected handler = [state](asyncio::StreamReader reader,
                                                   asyncio::StreamWriter writer) {
            return serve(state, std::move(reader), std::move(writer));
        };
        std::optional<asyncio::Server> server;
        try {
            server.emplace(co_await asyncio::start_server(handler, "127.0.0.1", 0));
        } catch (const std::exception&) {
            listening->set_exception(std::current_exception());
            co_return;
        }
        loop_ = &asyncio::get_running_loop();
        stop_ = &stop;
        listening->set_value(server->sockets()[0].sockname().port());
        co_await stop.wait();
        co_await server->shutdown(std::chrono::milliseconds(100));
    }

    static std::string response(int status, const std::string& body, const std::string& extra = "",
                                std::size_t length = std::string::npos) {
        return "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Length: " +
               std::to_string(length == std::string::npos ? body.size() : length) + "\r\n" + extra +
               "\r\n" + body;
    }

    static std::size_t number_after(const std::string& path, const std::string& prefix) {
        return static_cast<std::size_t>(std::stoul(path.substr(prefix.size())));
    }

    static asyncio::Coro<> serve(std::shared_ptr<State> state, asyncio::StreamReader reader,
                                 asyncio::StreamWriter writer) {
        for (;;) {
            std::string head;
            try {
                head = co_await reader.readuntil("\r\n\r\n");
            } catch (const std::exception&) {
                co_return;  // the client closed the connection
            }
            const std::string method = head.substr(0, head.find(' '));
            const std::size_t path_start = method.size() + 1;
            const std::string path =
                head.substr(path_start, head.find(' ', path_start) - path_start);
            const int count = state->count(path);
            std::string body;
            const std::string length_field = "content-length: ";
            std::string lower = head;
            for (char& c : lower)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (const auto at = lower.find(length_field); at != std::string::npos) {
                body = co_await reader.readexactly(number_after(lower.substr(at), length_field));
            }
            if (path.rfind("/bytes/", 0) == 0) {
                writer.write(response(200, pattern(number_after(path, "/bytes/"))));
            } else if (path.rfind("/status/", 0) == 0) {
                const int status = static_cast<int>(number_after(path, "/status/"));
                writer.write(response(status, "status " + std::to_string(status)));
            } else if (path.rfind("/redirect/", 0) == 0) {
                writer.write(response(302, "", "Location: /" + path.substr(10) + "\r\n"));
            } else if (path == "/loop") {
                writer.write(response(302, "", "Location: /loop\r\n"));
            } else if (path.rfind("/cut/", 0) == 0) {
                const std::size_t n = number_after(path, "/cut/");
                writer.write(response(200, pattern(n / 2), "", n));
                co_await writer.drain();
                writer.close();
                co_return;
            } else if (path.rfind("/flaky/", 0) == 0) {
                const bool fail = count <= static_cast<int>(number_after(path, "/flaky/"));
                writer.write(fail ? response(503, "busy", "Retry-After: 0\r\n")
                                  : response(200, "recovered"));
            } else if (path == "/stall") {
                writer.write(response(200, pattern(64 * 1024), "", 1024 * 1024));
                co_await writer.drain();
                co_await asyncio::sleep(std::chrono::hours(1));  // until the server stops
            } else if (path == "/echo") {
                writer.write(response(200, method + "\n" + body));
            } else {
                writer.write(response(200, path));
            }
            co_await writer.drain();
        }
    }

    std::shared_ptr<State> state_ = std::make_shared<State>();
    std::thread thread_;
    std::uint16_t port_ = 0;
    asyncio::EventLoop* loop_ = nullptr;  // set before the port is given
    asyncio::Event* stop_ = nullptr;
};

}  // namespace asyncio_test
