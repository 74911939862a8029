// asyncio-chat's limits, with the server in-process on 127.0.0.1: the line limit (and its
// discarding), flood control, the client limit, the idle timeout, slow consumers, many
// clients at once, abrupt departures, binary garbage, and the graceful shutdown.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "chat_support.hpp"
#include "support/test_support.hpp"
#include "text.hpp"

namespace {

using namespace chat_test;
using namespace std::string_literals;
using asyncio_test::eventually;
using asyncio_test::run_bounded;
using Lines = std::vector<std::string>;

// A raw client socket, for what the streams would not do: a tiny receive buffer, a reset.
Coro<asyncio::Socket> raw_client(std::uint16_t port, int receive_buffer = 0) {
    asyncio::Socket socket = asyncio::Socket::create(AF_INET, SOCK_STREAM);
    if (receive_buffer > 0) socket.set_option(SOL_SOCKET, SO_RCVBUF, receive_buffer);
    co_await socket.connect(asyncio::SocketAddress::ip("127.0.0.1", port));
    co_return socket;
}

TEST(ChatLimits, LineTooLongIsAnsweredOnceAndDiscardedToItsEnd) {
    run_bounded([]() -> Coro<> {
        chat::ChatServer server = co_await start_chat(test_options());
        Client alice = co_await join(server.port(), "alice");
        Client bob = co_await join(server.port(), "bob");
        EXPECT_EQ(co_await alice.line(), "* bob has joined lobby\r\n"s);
        // 4096 bytes after "<bob> " is the longest line; one more is too long, in any number
        // of pieces, and none of it (not its tail either) reaches alice.
        const std::string longest(4096, 'a');
        co_await bob.send(longest + "\r\n");
        EXPECT_EQ(co_await alice.line(), "<bob> " + longest + "\r\n");
        const std::string head(3000, 'b');
        co_await bob.send(head);
        co_await bob.send(head);
        co_await bob.send("tail of the long line\n" + std::string(4097, 'c') + "\nstill here\n");
        Lines got = co_await bob.lines(2);
        EXPECT_EQ(got, (Lines{"! line too long\r\n", "! line too long\r\n"}));
        EXPECT_EQ(co_await alice.line(), "<bob> still here\r\n"s);
        co_await server.shutdown();
    }());
}

TEST(ChatLimits, OneMebibyteWithoutNewlineLeavesTheConnectionUsable) {
    run_bounded([]() -> Coro<> {
        chat::ChatServer server = co_await start_chat(test_options());
        Client alice = co_await join(server.port(), "alice");
        Client bob = co_await join(server.port(), "bob");
        EXPECT_EQ(co_await alice.line(), "* bob has joined lobby\r\n"s);
        co_await bob.send(std::string(1024 * 1024, 'x'));
        EXPECT_EQ(co_await bob.line(), "! line too long\r\n"s);
        co_await bob.send("\nafter the flood\n");
        EXPECT_EQ(co_await alice.line(), "<bob> after the flood\r\n"s);
        co_await bob.send("/who\n");
        Lines got = co_await bob.lines(3);
        EXPECT_EQ(got, (Lines{"* members of lobby: 2\r\n", "* alice\r\n", "* bob\r\n"}));
        co_await server.shutdown();
    }());
}

TEST(ChatLimits, FloodControlDropsExcessLinesWithSlowDown) {
    run_bounded([]() -> Coro<> {
        chat::ChatOptions options = test_options();
        options.flood_rate = 0.001;  // no refill during the test: the burst is all there is
        options.flood_burst = 5;
        chat::ChatServer server = co_await start_chat(options);
        Client alice = co_await join(server.port(), "alice");  // the nickname takes a token
        Client bob = co_await join(server.port(), "bob");
        EXPECT_EQ(co_await alice.line(), "* bob has joined lobby\r\n"s);
        std::string burst;
        for (int i = 1; i <= 7; ++i) burst += "line " + std::to_string(i) + "\n";
        co_await bob.send(burst);
        Lines got = co_await bob.lines(3);  // four tokens left for seven lines
        EXPECT_EQ(got, (Lines{"! slow down\r\n", "! slow down\r\n", "! slow down\r\n"}));
        got = co_await alice.lines(4);
        EXPECT_EQ(got, (Lines{"<bob> line 1\r\n", "<bob> line 2\r\n", "<bob> line 3\r\n",
                              "<bob> line 4\r\n"}));
        co_await bob.send("/who\n");  // commands count too
        EXPECT_EQ(co_await bob.line(), "! slow down\r\n"s);
        co_await server.shutdown();
    }());
}

TEST(ChatLimits, ServerFullRefusesTheNextClient) {
    run_bounded([]() -> Coro<> {
        chat::ChatOptions options = test_options();
        options.max_clients = 2;
        chat::ChatServer server = co_await start_chat(options);
        Client alice = co_await join(server.port(), "alice");
        Client waiting = co_await connect(server.port());  // counts before its nickname
        Client refused = co_await open(server.port());
        EXPECT_EQ(co_await refused.rest(), "! server full\r\n"s);  // and closed
        co_await waiting.send("/quit\n");
        EXPECT_EQ(co_await waiting.rest(), ""s);
        EXPECT_TRUE(co_await eventually([&] { return server.clients() == 1; }));
        Client bob = co_await join(server.port(), "bob");  // a place is free again
        EXPECT_EQ(co_await alice.line(), "* bob has joined lobby\r\n"s);
        co_await server.shutdown();
    }());
}

TEST(ChatLimits, IdleClientIsClosed) {
    run_bounded([]() -> Coro<> {
        chat::ChatOptions options = test_options();
        options.idle_timeout = std::chrono::milliseconds(200);
        chat::ChatServer server = co_await start_chat(options);
        Client alice = co_await join(server.port(), "alice");
        EXPECT_EQ(co_await alice.rest(), ""s);  // nothing more, then the end of the stream
        EXPECT_TRUE(co_await eventually([&] { return server.clients() == 0; }));
        co_await server.shutdown();
    }());
}

// A client that never reads while a large broadcast goes on is dropped once its queue
// passes max_queue; the others receive every line, in order, and hear that it left.
TEST(ChatLimits, SlowConsumerIsDroppedAndOthersGetEverythingInOrder) {
    testing::internal::CaptureStderr();
    run_bounded(
        []() -> Coro<> {
            chat::ChatOptions options = test_options();
            options.flood_rate = 0;
            options.log_level = chat::LogLevel::warning;
            chat::ChatServer server = co_await start_chat(options);
            Client reader = co_await join(server.port(), "reader");
            asyncio::Socket slow = co_await raw_client(server.port(), 4096);
            co_await asyncio_test::send_all(&slow, "slow\n");  // and never reads
            EXPECT_EQ(co_await reader.line(), "* slow has joined lobby\r\n"s);
            Client sender = co_await join(server.port(), "sender");
            EXPECT_EQ(co_await reader.line(), "* sender has joined lobby\r\n"s);

            constexpr int kLines = 12000;  // 12 MB: more than the kernel buffers and the queue
            const std::string padding(1000, '.');
            Lines expected;
            for (int i = 0; i < kLines; ++i)
                expected.push_back("<sender> " + std::to_string(i) + padding + "\r\n");
            auto receive = asyncio::create_task(reader.lines(kLines + 1));
            for (int i = 0; i < kLines; ++i) {
                sender.writer.write(std::to_string(i) + padding + "\n");
                co_await sender.writer.drain();
            }
            Lines got = co_await receive;
            const auto left = std::find(got.begin(), got.end(), "* slow has left lobby\r\n"s);
            EXPECT_NE(left, got.end());
            if (left != got.end()) got.erase(left);
            EXPECT_TRUE(got == expected) << "the reader missed or reordered lines";
            EXPECT_EQ(server.clients(), 2u);
            co_await server.shutdown();
        }(),
        std::chrono::seconds(60));  // 12 MB through one process: slow under ASan
    const std::string log = testing::internal::GetCapturedStderr();
    EXPECT_NE(log.find(": slow consumer"), std::string::npos) << log;
}

Coro<> join_into(std::vector<Client>* clients, std::uint16_t port, std::string nick) {
    clients->push_back(co_await join(port, nick));
}

constexpr int kClients = 1000;

// Every arrival and departure is announced to the whole lobby: a million lines in all, one
// system call each until writes are coalesced, so this test gets 60 s rather than 10.
TEST(ChatLimits, AThousandClientsJoinAndLeaveAtOnce) {
    const rlim_t have = asyncio_test::raise_nofile(2 * kClients + 100);
    if (have < 2 * kClients + 100)
        GTEST_SKIP() << "RLIMIT_NOFILE's hard limit is " << have << ": this test needs "
                     << 2 * kClients + 100 << " descriptors (a client and its server side each)";
    run_bounded(
        []() -> Coro<> {
            chat::ChatServer server = co_await start_chat(test_options());
            Client observer = co_await join(server.port(), "observer");
            std::vector<Client> clients;
            std::vector<asyncio::Task<void>> joining;
            for (int i = 0; i < kClients; ++i) {
                const std::string nick = asyncio_test::numbered("u", i);
                joining.push_back(asyncio::create_task(join_into(&clients, server.port(), nick)));
            }
            for (auto& task : joining) co_await task;
            EXPECT_EQ(server.clients(), static_cast<std::size_t>(kClients + 1));
            for (Client& client : clients) client.writer.close();
            clients.clear();
            // The observer hears every arrival and every departure, each once.
            int joined = 0, left = 0;
            for (int i = 0; i < 2 * kClients; ++i) {
                const std::string line = co_await observer.line();
                joined += line.ends_with(" has joined lobby\r\n") ? 1 : 0;
                left += line.ends_with(" has left lobby\r\n") ? 1 : 0;
            }
            EXPECT_EQ(joined, kClients);
            EXPECT_EQ(left, kClients);
            EXPECT_EQ(server.clients(), 1u);
            co_await observer.send("/rooms\n");
            Lines got = co_await observer.lines(2);
            EXPECT_EQ(got, (Lines{"* rooms: 1\r\n", "* lobby 1\r\n"}));
            co_await server.shutdown();
        }(),
        std::chrono::seconds(60));
}

TEST(ChatLimits, AbruptDeparturesAreCleanedUpAndAnnounced) {
    run_bounded([]() -> Coro<> {
        chat::ChatServer server = co_await start_chat(test_options());
        Client alice = co_await join(server.port(), "alice");
        asyncio::Socket bob = co_await raw_client(server.port());
        co_await asyncio_test::send_all(&bob, "bob\ncaf\xC3");  // mid-line, mid-character
        EXPECT_EQ(co_await alice.line(), "* bob has joined lobby\r\n"s);
        asyncio_test::reset_close(bob);
        EXPECT_EQ(co_await alice.line(), "* bob has left lobby\r\n"s);
        asyncio::Socket carol = co_await raw_client(server.port());
        co_await asyncio_test::send_all(&carol, "carol\n/help\n/help\n/help\n");  // unread
        EXPECT_EQ(co_await alice.line(), "* carol has joined lobby\r\n"s);
        asyncio_test::reset_close(carol);
        EXPECT_EQ(co_await alice.line(), "* carol has left lobby\r\n"s);
        EXPECT_TRUE(co_await eventually([&] { return server.clients() == 1; }));
        co_await server.shutdown();
    }());
}

TEST(ChatLimits, BinaryGarbageIsRelayedOnlyAsSafeText) {
    run_bounded([]() -> Coro<> {
        chat::ChatOptions options = test_options();
        options.flood_rate = 0;
        chat::ChatServer server = co_await start_chat(options);
        Client alice = co_await join(server.port(), "alice");
        Client bob = co_await join(server.port(), "bob");
        EXPECT_EQ(co_await alice.line(), "* bob has joined lobby\r\n"s);
        co_await bob.send(asyncio_test::pattern(256 * 1024) + "\nthe end\n");
        for (int i = 0; i < 10000; ++i) {
            const std::string line = co_await alice.line();
            const bool relayed = line.size() >= 2 && line.starts_with("<bob> ");
            EXPECT_TRUE(relayed) << line;
            if (!relayed) break;
            const std::string text = line.substr(0, line.size() - 2);
            EXPECT_EQ(line.substr(line.size() - 2), "\r\n");
            EXPECT_EQ(chat::sanitize(text), text) << "unsafe bytes relayed";
            if (text == "<bob> the end") break;
        }
        co_await alice.send("/who\n");  // the server still answers
        Lines got = co_await alice.lines(3);
        EXPECT_EQ(got, (Lines{"* members of lobby: 2\r\n", "* alice\r\n", "* bob\r\n"}));
        co_await server.shutdown();
    }());
}

TEST(ChatLimits, ShutdownDeliversTheFinalNoticeToEveryone) {
    run_bounded([]() -> Coro<> {
        chat::ChatServer server = co_await start_chat(test_options());
        Client alice = co_await join(server.port(), "alice");
        Client bob = co_await join(server.port(), "bob");
        Client choosing = co_await connect(server.port());
        EXPECT_EQ(co_await alice.line(), "* bob has joined lobby\r\n"s);
        co_await alice.send("last words\n");
        EXPECT_EQ(co_await bob.line(), "<alice> last words\r\n"s);
        co_await server.shutdown();
        EXPECT_EQ(co_await alice.rest(), "* server shutting down\r\n"s);  // then the end
        EXPECT_EQ(co_await bob.rest(), "* server shutting down\r\n"s);
        EXPECT_EQ(co_await choosing.rest(), "* server shutting down\r\n"s);
        EXPECT_EQ(server.clients(), 0u);
    }());
}

}  // namespace
