// The live task tree on a server under load: a signal sent from another thread while clients
// keep the loop busy makes the loop print every task, the connection handlers among them.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "asyncio/combinators/gather.hpp"
#include "asyncio/core/call_graph.hpp"
#include "asyncio/loop/run.hpp"
#include "asyncio/loop/sleep.hpp"
#include "asyncio/net/server.hpp"
#include "asyncio/net/streams.hpp"

namespace {

using namespace std::chrono_literals;
using asyncio::Coro;
using asyncio::StreamReader;
using asyncio::StreamWriter;

constexpr int kClients = 8;

Coro<> handle_echo(StreamReader reader, StreamWriter writer) {
    for (;;) {
        std::string data = co_await reader.read(4096);
        if (data.empty()) break;
        writer.write(data);
        co_await writer.drain();
    }
    writer.close();
}

struct Load {
    bool stop = false;
    std::int64_t round_trips = 0;
};

Coro<> ping(std::uint16_t port, Load* load) {
    auto [reader, writer] = co_await asyncio::open_connection("127.0.0.1", port);
    while (!load->stop) {
        writer.write("ping\n");
        co_await writer.drain();
        std::string line = co_await reader.readline();
        if (line.empty()) break;
        ++load->round_trips;
    }
    writer.close();
    co_await writer.wait_closed();
}

std::string read_available(int fd) {
    std::string out;
    char buffer[4096];
    for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;) out.append(buffer, n);
    return out;
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

// Serves kClients clients that ping without pause; once they are going, another thread sends
// SIGUSR1 to the process; waits until the tree has come out on stderr (the pipe), then stops.
Coro<std::string> serve_under_load(int dump_read_end) {
    asyncio::Server server = co_await asyncio::start_server(handle_echo, "127.0.0.1", 0);
    const std::uint16_t port = server.sockets()[0].sockname().port();
    Load load;
    std::vector<asyncio::Task<>> clients;
    for (int i = 0; i < kClients; ++i)
        clients.push_back(asyncio::create_task(ping(port, &load), "client-" + std::to_string(i)));
    while (load.round_trips < 200 * kClients) co_await asyncio::sleep(1ms);
    std::thread([] { ::kill(::getpid(), SIGUSR1); }).join();
    std::string dump;
    for (int i = 0; i < 5000 && dump.find("(T) ") == std::string::npos; ++i) {
        co_await asyncio::sleep(1ms);
        dump += read_available(dump_read_end);
    }
    const std::int64_t before = load.round_trips;
    co_await asyncio::sleep(10ms);
    EXPECT_GT(load.round_trips, before);  // the dump left the clients going
    load.stop = true;
    co_await asyncio::gather(clients);
    server.close();
    co_await server.wait_closed();
    co_return dump;
}

TEST(LiveDump, ServerUnderLoadNamesItsConnectionHandlers) {
    int fds[2];
    ASSERT_EQ(::pipe2(fds, O_NONBLOCK | O_CLOEXEC), 0);
    const int saved_stderr = ::dup(STDERR_FILENO);
    ::dup2(fds[1], STDERR_FILENO);
    const std::string dump = asyncio::run(serve_under_load(fds[0]), {.dump_tasks_on = SIGUSR1});
    ::dup2(saved_stderr, STDERR_FILENO);
    ::close(saved_stderr);
    ::close(fds[0]);
    ::close(fds[1]);
    // Every client, and one connection handler per client: each connection's task is in
    // handle_echo (in a read or a drain) when the loop is between steps.
    EXPECT_EQ(count(dump, "(T) client-"), std::size_t{kClients}) << dump;
    EXPECT_EQ(count(dump, "(T) main"), 1u) << dump;
#if ASYNCIO_CALL_GRAPH
    EXPECT_EQ(count(dump, " handle_echo live_dump_test.cpp:"), std::size_t{kClients}) << dump;
    EXPECT_EQ(count(dump, " ping live_dump_test.cpp:"), std::size_t{kClients}) << dump;
#endif
}

}  // namespace
