// What one client may cost a server: ServerOptions::idle_timeout (a connection on which no
// byte moved for that long is closed; the handler's read raises TimeoutError, which is not
// reported when left uncaught), max_connections (further connections wait in the backlog
// until one ends), and the default backlog (the system's maximum).
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <chrono>
#include <fstream>
#include <string>

#include "asyncio/combinators/timeout.hpp"
#include "asyncio/core/task.hpp"
#include "asyncio/net/errors.hpp"
#include "asyncio/net/server.hpp"
#include "net/net_support.hpp"
#include "net/server_support.hpp"
#include "support/test_support.hpp"

namespace {

using namespace std::chrono_literals;
using namespace asyncio_test;

// -- idle_timeout --

// A client that connects and sends nothing: the handler's readline() raises TimeoutError,
// the client reads the end of the stream, and nothing is reported on stderr.
TEST(ServerLimits, IdleConnectionIsClosed) {
    testing::internal::CaptureStderr();
    run_bounded([]() -> Coro<> {
        Log log;
        ClientConnected handler = [&log](StreamReader reader, StreamWriter) -> Coro<> {
            try {
                co_await reader.readline();
                log.push_back("readline returned");
            } catch (const asyncio::TimeoutError& e) {
                log.push_back(std::string("TimeoutError: ") + e.what());
                throw;  // left to the server, which does not report it
            }
        };
        ServerOptions options;
        options.idle_timeout = 100ms;
        Server server = co_await serve(handler, options);
        auto [reader, writer] = co_await connect_to(server);
        EXPECT_EQ(co_await asyncio::wait_for(reader.read(), 5s), "");
        EXPECT_TRUE(co_await eventually([&] { return server.active_connections() == 0; }));
        EXPECT_EQ(log, (Log{"TimeoutError: connection idle for 100 ms: closed by the server"}));
    }());
    const std::string err = testing::internal::GetCapturedStderr();
    EXPECT_EQ(err.find("unhandled exception"), std::string::npos) << err;
}

// Activity keeps a connection open past the timeout: exchanges spread over several times
// idle_timeout all succeed.
TEST(ServerLimits, ActiveConnectionStaysOpen) {
    run_bounded([]() -> Coro<> {
        ServerOptions options;
        options.idle_timeout = 300ms;
        Server server = co_await serve(echo, options);
        auto [reader, writer] = co_await connect_to(server);
        for (int i = 0; i < 12; ++i) {  // 600 ms and more
            const std::string line = "line " + std::to_string(i) + "\n";
            EXPECT_EQ(co_await asyncio::wait_for(exchange(&reader, &writer, line), 2s), line);
            co_await asyncio::sleep(50ms);
        }
        EXPECT_EQ(server.active_connections(), 1u);
    }());
}

// No progress either way counts as idle: a client that sends a request and then never
// reads the (large) answer is closed too, and the handler's drain() raises TimeoutError.
TEST(ServerLimits, ClientThatNeverReadsIsIdle) {
    run_bounded([]() -> Coro<> {
        Log log;
        ClientConnected handler = [&log](StreamReader reader, StreamWriter writer) -> Coro<> {
            co_await reader.readline();
            writer.write(pattern(16 * 1024 * 1024));
            try {
                co_await writer.drain();
                log.push_back("drain returned");
            } catch (const asyncio::TimeoutError&) {
                log.push_back("TimeoutError");
            }
        };
        ServerOptions options;
        options.idle_timeout = 100ms;
        Server server = co_await serve(handler, options);
        auto [reader, writer] = co_await connect_to(server);
        writer.write("send me a lot\n");
        EXPECT_TRUE(co_await eventually([&] { return !log.empty(); }));
        EXPECT_EQ(log, (Log{"TimeoutError"}));
        EXPECT_TRUE(co_await eventually([&] { return server.active_connections() == 0; }));
    }());
}

// -- max_connections --

// With max_connections = 2, a third client is served only once one of the first two leaves;
// meanwhile it waits in the backlog (its connect completes, nothing reads its request).
TEST(ServerLimits, MaxConnectionsHoldsFurtherOnesInTheBacklog) {
    run_bounded([]() -> Coro<> {
        ServerOptions options;
        options.max_connections = 2;
        Server server = co_await serve(echo, options);
        auto [reader_a, writer_a] = co_await connect_to(server);
        auto [reader_b, writer_b] = co_await connect_to(server);
        EXPECT_EQ(co_await exchange(&reader_a, &writer_a, "a\n"), "a\n");
        EXPECT_EQ(co_await exchange(&reader_b, &writer_b, "b\n"), "b\n");
        auto [reader_c, writer_c] = co_await connect_to(server);  // the kernel completes it
        writer_c.write("c\n");
        co_await asyncio::sleep(50ms);
        EXPECT_EQ(server.active_connections(), 2u);
        EXPECT_EQ(reader_c.buffered(), 0u);
        writer_a.close();  // one leaves: the third is accepted
        EXPECT_EQ(co_await asyncio::wait_for(reader_c.readline(), 5s), "c\n");
        EXPECT_EQ(server.active_connections(), 2u);
        EXPECT_EQ(co_await exchange(&reader_b, &writer_b, "b again\n"), "b again\n");
    }());
}

// -- backlog --

// A listening socket's accept queue limit, as the kernel holds it (TCP_INFO reports it in
// tcpi_sacked for a listener).
unsigned listen_backlog(const asyncio::Socket& listener) {
    tcp_info info{};
    socklen_t size = sizeof info;
    ::getsockopt(listener.fileno(), IPPROTO_TCP, TCP_INFO, &info, &size);
    return info.tcpi_sacked;
}

TEST(ServerLimits, BacklogIsTheSystemMaximumByDefault) {
    int somaxconn = 0;
    std::ifstream("/proc/sys/net/core/somaxconn") >> somaxconn;
    if (somaxconn <= 0) GTEST_SKIP() << "no /proc/sys/net/core/somaxconn here";
    run_bounded([](unsigned somaxconn) -> Coro<> {
        Server server = co_await serve(echo);
        EXPECT_EQ(listen_backlog(server.sockets().at(0)), somaxconn);
        ServerOptions options;
        options.backlog = 7;
        Server small = co_await serve(echo, options);
        EXPECT_EQ(listen_backlog(small.sockets().at(0)), 7u);
    }(static_cast<unsigned>(somaxconn)));
}

}  // namespace
