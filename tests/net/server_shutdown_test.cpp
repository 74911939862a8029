// Server::shutdown(grace) and a cancelled serve_forever() always end: connections get the
// grace period to flush, then whatever is left is aborted and its handler cancelled. The
// hard case throughout is a client that never reads: its handler is stuck in drain() and, as
// a Python handler's `finally: writer.close(); await writer.wait_closed()` would, in
// wait_closed() after it.
#include <gtest/gtest.h>

#include <chrono>
#include <exception>
#include <optional>
#include <string>
#include <utility>

#include "asyncio/combinators/timeout.hpp"
#include "asyncio/core/task.hpp"
#include "asyncio/loop/sleep.hpp"
#include "asyncio/net/server.hpp"
#include "asyncio/sync/event.hpp"
#include "net/net_support.hpp"
#include "net/server_support.hpp"
#include "support/test_support.hpp"

namespace {

using namespace std::chrono_literals;
using namespace asyncio_test;
using asyncio::Task;

// More than the socket buffers of a loopback connection hold.
constexpr std::size_t kFlood = 16 * 1024 * 1024;

struct Stuck {
    asyncio::Event blocked;  // the handler has queued its flood and waits in drain()
    Log log;
};

// Queues kFlood bytes, waits in drain(), then closes and waits for the close.
ClientConnected stuck_handler(Stuck* stuck) {
    return [stuck](StreamReader, StreamWriter writer) -> Coro<> {
        writer.write(pattern(kFlood, 3));
        stuck->blocked.set();
        std::exception_ptr cancelled;
        try {
            co_await writer.drain();
            stuck->log.push_back("drain returned");
        } catch (const asyncio::CancelledError&) {
            stuck->log.push_back("cancelled in drain");
            cancelled = std::current_exception();
        }
        writer.close();
        co_await writer.wait_closed();  // no co_await in a catch block: here, after it
        stuck->log.push_back("closed");
        if (cancelled) std::rethrow_exception(cancelled);
    };
}

// A server with one client that never reads, whose handler is stuck in drain().
struct StuckServer {
    Stuck stuck;
    std::optional<Server> server;
    std::optional<asyncio::Streams> client;  // held open, never read
};

Coro<> start_stuck(StuckServer* s, ServerOptions options) {
    const ClientConnected handler = stuck_handler(&s->stuck);
    s->server = co_await serve(handler, std::move(options));
    s->client = co_await connect_to(*s->server);
    co_await asyncio::wait_for(wait_event(&s->stuck.blocked), 2s);
}

Coro<int> shutdown(Server server, std::chrono::milliseconds grace) {
    co_await server.shutdown(grace);
    co_return 0;
}

// The client never reads: shutdown() gives up after the grace period, aborts the connection
// (which wakes drain() and wait_closed()) and returns once the handler has ended.
TEST(ServerShutdown, AbortsAClientThatNeverReadsAfterTheGrace) {
    run_bounded([]() -> Coro<> {
        StuckServer s;
        ServerOptions options;
        co_await start_stuck(&s, options);
        Server server = *s.server;
        co_await asyncio::wait_for(server.shutdown(200ms), 5s);
        EXPECT_EQ(s.stuck.log, (Log{"drain returned", "closed"}));
        EXPECT_EQ(server.active_connections(), 0u);
        EXPECT_FALSE(server.is_serving());
        co_await asyncio::wait_for(server.wait_closed(), 1s);  // at once
    }());
}

// A client that reads gets everything that was queued: the grace period is for flushing.
TEST(ServerShutdown, LetsConnectionsFlushWithinTheGrace) {
    run_bounded([]() -> Coro<> {
        StuckServer s;
        ServerOptions options;
        co_await start_stuck(&s, options);
        Server server = *s.server;
        Task<int> stopping = asyncio::create_task(shutdown(server, 5s));
        const std::string got = co_await asyncio::wait_for(s.client->first.read(), 5s);
        EXPECT_EQ(got.size(), kFlood);
        EXPECT_TRUE(got == pattern(kFlood, 3));
        EXPECT_EQ(co_await asyncio::wait_for(stopping, 5s), 0);
        EXPECT_EQ(s.stuck.log, (Log{"drain returned", "closed"}));
    }());
}

// Cancelling shutdown() skips the rest of the grace period: it aborts at once, then raises
// CancelledError (what a second SIGTERM does in examples/echo_server.cpp).
TEST(ServerShutdown, CancelledAbortsAtOnce) {
    run_bounded([]() -> Coro<> {
        StuckServer s;
        ServerOptions options;
        co_await start_stuck(&s, options);
        Server server = *s.server;
        Task<int> stopping = asyncio::create_task(shutdown(server, 1h));
        EXPECT_TRUE(co_await eventually([&] { return !server.is_serving(); }));
        stopping.cancel();
        EXPECT_THROW(co_await asyncio::wait_for(stopping, 5s), asyncio::CancelledError);
        EXPECT_EQ(s.stuck.log.back(), "closed");
        EXPECT_EQ(server.active_connections(), 0u);
    }());
}

// Cancelling serve_forever() cancels the handlers; one that then waits for its close to a
// client that never reads is aborted after shutdown_grace.
TEST(ServerShutdown, CancelledServeForeverEndsWithinTheGrace) {
    run_bounded([]() -> Coro<> {
        StuckServer s;
        ServerOptions options;
        options.shutdown_grace = 200ms;
        co_await start_stuck(&s, options);
        Server server = *s.server;
        Task<int> serving = asyncio::create_task(serve_forever(server));
        co_await asyncio::sleep(0s);  // serve_forever() is running
        serving.cancel();
        EXPECT_THROW(co_await asyncio::wait_for(serving, 5s), asyncio::CancelledError);
        EXPECT_EQ(s.stuck.log, (Log{"cancelled in drain", "closed"}));
        EXPECT_EQ(server.active_connections(), 0u);
    }());
}

// During a graceful shutdown, cancelling serve_forever() (Ctrl-C after SIGTERM) aborts at
// once instead of granting a second grace period.
TEST(ServerShutdown, ServeForeverCancelledDuringShutdownAbortsAtOnce) {
    run_bounded([]() -> Coro<> {
        StuckServer s;
        ServerOptions options;
        options.shutdown_grace = 1h;
        co_await start_stuck(&s, options);
        Server server = *s.server;
        Task<int> serving = asyncio::create_task(serve_forever(server));
        Task<int> stopping = asyncio::create_task(shutdown(server, 1h));
        EXPECT_TRUE(co_await eventually([&] { return !server.is_serving(); }));
        serving.cancel();
        EXPECT_THROW(co_await asyncio::wait_for(serving, 5s), asyncio::CancelledError);
        EXPECT_EQ(co_await asyncio::wait_for(stopping, 5s), 0);
        EXPECT_EQ(s.stuck.log.back(), "closed");
    }());
}

// A handler that returned with bytes still queued counts until they are sent: shutdown()
// aborts that connection too after the grace period.
TEST(ServerShutdown, AbortsAConnectionWhoseHandlerReturnedWithBytesQueued) {
    run_bounded([]() -> Coro<> {
        asyncio::Event returned;
        ClientConnected handler = [&returned](StreamReader, StreamWriter writer) -> Coro<> {
            writer.write(pattern(kFlood, 4));
            returned.set();
            co_return;  // the writer closes, lingering: the client never reads
        };
        Server server = co_await serve(handler);
        auto [reader, writer] = co_await connect_to(server);
        co_await asyncio::wait_for(wait_event(&returned), 2s);
        co_await asyncio::sleep(10ms);
        EXPECT_EQ(server.active_connections(), 1u) << "the connection is still flushing";
        co_await asyncio::wait_for(server.shutdown(100ms), 5s);
        EXPECT_EQ(server.active_connections(), 0u);
    }());
}

}  // namespace
