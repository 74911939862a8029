// Helpers shared by the server tests (namespace asyncio_test), on top of net_support.hpp:
//   serve(), server_port(), connect_to()   a Server on 127.0.0.1 (port 0) and a client of it;
//   echo_lines / echo                      the handler most tests serve: lines echoed back;
//   exchange()                             one line sent, one read back;
//   eventually()                           a bounded wait for a condition;
//   wait_event(), serve_forever(), wait_closed()   awaitables as Coro<>/Coro<int>, for
//                                          wait_for and create_task.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>

#include "asyncio/core/coro.hpp"
#include "asyncio/loop/sleep.hpp"
#include "asyncio/net/server.hpp"
#include "asyncio/net/streams.hpp"
#include "asyncio/sync/event.hpp"
#include "net/net_support.hpp"

namespace asyncio_test {

using asyncio::ClientConnected;
using asyncio::Coro;
using asyncio::Server;
using asyncio::ServerOptions;
using asyncio::StreamReader;
using asyncio::StreamWriter;

inline Coro<Server> serve(ClientConnected handler, ServerOptions options) {
    co_return co_await asyncio::start_server(std::move(handler), "127.0.0.1", 0,
                                             std::move(options));
}
inline Coro<Server> serve(ClientConnected handler) {
    return serve(std::move(handler), ServerOptions());
}

inline std::uint16_t server_port(const Server& server) { return port_of(server.sockets().at(0)); }

inline Coro<asyncio::Streams> connect_to(const Server& server) {
    return asyncio::open_connection("127.0.0.1", server_port(server));
}

// Echoes lines until the end of the stream.
inline Coro<> echo_lines(StreamReader reader, StreamWriter writer) {
    for (;;) {
        std::string line = co_await reader.readline();
        if (line.empty()) break;
        writer.write(line);
        co_await writer.drain();
    }
}

// (Handlers are named ClientConnected variables before a co_await: no class temporaries in
// co_await expressions, for g++ 12.)
inline const ClientConnected echo = echo_lines;

inline Coro<std::string> exchange(StreamReader* reader, StreamWriter* writer, std::string line) {
    writer->write(line);
    co_return co_await reader->readline();
}

// Waits (a bounded while) until `done()` holds.
inline Coro<bool> eventually(std::function<bool()> done) {
    for (int i = 0; i < 400 && !done(); ++i) co_await asyncio::sleep(std::chrono::milliseconds(5));
    co_return done();
}

inline Coro<> wait_event(asyncio::Event* event) { co_await event->wait(); }

inline Coro<int> serve_forever(Server server) {
    co_await server.serve_forever();
    co_return 0;
}

inline Coro<int> wait_closed(Server server) {
    co_await server.wait_closed();
    co_return 0;
}

}  // namespace asyncio_test
