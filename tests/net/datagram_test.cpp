// UDP endpoints: datagrams whole and in order on loopback, connected and unconnected use,
// truncation, cancellation of a pending receive, and the errors of a bad setup.
#include "asyncio/net/datagram.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "asyncio/asyncio.hpp"
#include "support/test_support.hpp"

using namespace std::chrono_literals;
using asyncio::Coro;
using asyncio::DatagramEndpoint;
using asyncio::HostPort;
using asyncio_test::run_bounded;

namespace {

Coro<DatagramEndpoint> bind_loopback() {
    co_return co_await asyncio::create_datagram_endpoint(HostPort{"127.0.0.1", 0});
}

TEST(Datagram, SendtoAndRecvfromCarryWholeDatagramsInOrder) {
    run_bounded([]() -> Coro<> {
        DatagramEndpoint server = co_await bind_loopback();
        DatagramEndpoint client = co_await bind_loopback();
        const asyncio::SocketAddress to = server.sockname();
        for (std::string word : {"one", "two", "three"}) co_await client.sendto(word, to);
        for (std::string expected : {"one", "two", "three"}) {
            auto [data, peer] = co_await server.recvfrom();
            EXPECT_EQ(data, expected);
            EXPECT_EQ(peer, client.sockname());
        }
    }());
}

TEST(Datagram, ConnectedEndpointSendsAndReceivesWithoutAddresses) {
    run_bounded([]() -> Coro<> {
        DatagramEndpoint server = co_await bind_loopback();
        DatagramEndpoint client = co_await asyncio::create_datagram_endpoint(
            std::nullopt, HostPort{"127.0.0.1", server.sockname().port()});
        co_await client.send("ping");
        auto [data, peer] = co_await server.recvfrom();
        EXPECT_EQ(data, "ping");
        co_await server.sendto(data + "-pong", peer);
        EXPECT_EQ(co_await client.recv(), "ping-pong");
    }());
}

TEST(Datagram, EmptyAndLargeDatagramsArriveIntact) {
    run_bounded([]() -> Coro<> {
        DatagramEndpoint server = co_await bind_loopback();
        DatagramEndpoint client = co_await bind_loopback();
        const std::string large(60000, 'x');
        co_await client.sendto("", server.sockname());
        co_await client.sendto(large, server.sockname());
        EXPECT_EQ((co_await server.recvfrom()).first, "");
        EXPECT_EQ((co_await server.recvfrom()).first, large);
    }());
}

TEST(Datagram, ADatagramLongerThanAskedForIsCut) {
    run_bounded([]() -> Coro<> {
        DatagramEndpoint server = co_await bind_loopback();
        DatagramEndpoint client = co_await bind_loopback();
        co_await client.sendto("abcdefgh", server.sockname());
        co_await client.sendto("next", server.sockname());
        EXPECT_EQ((co_await server.recvfrom(3)).first, "abc");
        EXPECT_EQ((co_await server.recvfrom()).first, "next");  // the rest of the first is gone
    }());
}

TEST(Datagram, ACancelledReceiveLeavesNothingBehindAndLosesNothing) {
    run_bounded([]() -> Coro<> {
        DatagramEndpoint server = co_await bind_loopback();
        DatagramEndpoint client = co_await bind_loopback();
        co_await client.sendto("first", server.sockname());
        EXPECT_EQ((co_await server.recvfrom()).first, "first");  // both registered by now
        auto& loop = asyncio::get_running_loop();
        const std::size_t watched = asyncio::detail::LoopAccess::poller(loop).watched();
        EXPECT_THROW(co_await asyncio::wait_for(server.recvfrom(), 20ms), asyncio::TimeoutError);
        EXPECT_EQ(asyncio::detail::LoopAccess::poller(loop).watched(),
                  watched);  // still registered once, no more
        co_await client.sendto("after", server.sockname());
        EXPECT_EQ((co_await server.recvfrom()).first, "after");
    }());
}

TEST(Datagram, NeedsAnAddressAndRejectsBadHosts) {
    run_bounded([]() -> Coro<> {
        EXPECT_THROW(co_await asyncio::create_datagram_endpoint(std::nullopt), asyncio::ValueError);
        EXPECT_THROW(
            co_await asyncio::create_datagram_endpoint(HostPort{"no.such.host.invalid", 1}),
            asyncio::GaiError);
    }());
}

TEST(Datagram, ClosingEndsTheEndpoint) {
    run_bounded([]() -> Coro<> {
        DatagramEndpoint server = co_await bind_loopback();
        EXPECT_FALSE(server.is_closing());
        server.close();
        EXPECT_TRUE(server.is_closing());
        EXPECT_THROW(co_await server.recvfrom(), asyncio::OSError);
    }());
}

}  // namespace
