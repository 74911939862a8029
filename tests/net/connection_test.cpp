// create_connection: numeric hosts, "localhost", and Happy Eyeballs (RFC 8305) over the two
// loopback addresses. A host with both an IPv6 and an IPv4 loopback address is needed for the
// race: the empty host (Python's host=None) resolves to ::1 and 127.0.0.1. A server listens on
// one family only and the other refuses, or blackholes (a listener whose accept queue is full
// drops SYNs: the loopback stand-in for a dead host), so that the race can be watched: the
// next attempt starts as soon as the one before fails, or after happy_eyeballs_delay when it
// hangs; the loser is closed; every failure together reads "Multiple exceptions: ...", as in
// Python; a cancelled attempt (or race) leaves no descriptor and no poller watch behind.
#include "asyncio/net/connection.hpp"

#include <gtest/gtest.h>
#include <netdb.h>
#include <netinet/in.h>

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "asyncio/combinators/timeout.hpp"
#include "asyncio/core/task.hpp"
#include "asyncio/loop/event_loop.hpp"
#include "asyncio/net/errors.hpp"
#include "asyncio/net/resolver.hpp"
#include "net/net_support.hpp"
#include "support/test_support.hpp"

namespace {

using namespace std::chrono_literals;
using asyncio::ConnectOptions;
using asyncio::Coro;
using asyncio::Socket;
using asyncio::SocketAddress;
using namespace asyncio_test;

// The families `host` resolves to, in the order getaddrinfo gives them (as the library asks:
// TCP, AI_ADDRCONFIG). Plain getaddrinfo: it decides whether a test runs, before any loop.
std::vector<int> families_of(const char* host) {
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_ADDRCONFIG;
    addrinfo* found = nullptr;
    std::vector<int> families;
    if (::getaddrinfo(*host ? host : nullptr, "9", &hints, &found) != 0) return families;
    for (const addrinfo* info = found; info; info = info->ai_next) {
        bool seen = false;
        for (int f : families) seen = seen || f == info->ai_family;
        if (!seen) families.push_back(info->ai_family);
    }
    ::freeaddrinfo(found);
    return families;
}

bool resolves_to(const char* host, int family) {
    for (int f : families_of(host)) {
        if (f == family) return true;
    }
    return false;
}

// The empty host gives ::1 and 127.0.0.1 when both families are configured.
bool both_loopbacks() {
    return ipv6_loopback() && resolves_to("", AF_INET6) && resolves_to("", AF_INET);
}

int other(int family) { return family == AF_INET6 ? AF_INET : AF_INET6; }

// A port on which `family`'s loopback listens and the other family's refuses.
struct OneListens {
    Socket listener;
    Socket refuser;
    std::uint16_t port = 0;
};

OneListens listen_on_one(int family, bool other_refuses = true) {
    for (int i = 0; i < 50; ++i) {
        OneListens setup;
        setup.listener = listen_on(loopback(family));
        setup.port = port_of(setup.listener);
        if (!other_refuses) return setup;
        if (std::optional<Socket> refuser = reserve(loopback(other(family)), setup.port)) {
            setup.refuser = std::move(*refuser);
            return setup;
        }
    }
    throw std::runtime_error("no port free on both loopback addresses");
}

// A port on which both loopback addresses refuse.
std::pair<Socket, Socket> refuse_on_both() {
    for (int i = 0; i < 50; ++i) {
        std::optional<Socket> v4 = reserve("127.0.0.1", 0);
        if (!v4) continue;
        if (std::optional<Socket> v6 = reserve("::1", port_of(*v4))) {
            return {std::move(*v4), std::move(*v6)};
        }
    }
    throw std::runtime_error("no port free on both loopback addresses");
}

// A port on which `hole_family`'s loopback blackholes and the other listens (or blackholes
// too, with `both_holes`). Empty when a full accept queue does not blackhole here.
struct HoleSetup {
    std::vector<Blackhole> holes;
    Socket listener;
    std::uint16_t port = 0;
};

Coro<std::optional<HoleSetup>> blackhole_first(int hole_family, bool both_holes) {
    for (int i = 0; i < 50; ++i) {
        std::optional<Blackhole> hole = co_await make_blackhole(loopback(hole_family), 0);
        if (!hole) co_return std::nullopt;
        HoleSetup setup;
        setup.port = hole->port;
        setup.holes.push_back(std::move(*hole));
        try {
            if (both_holes) {
                std::optional<Blackhole> second =
                    co_await make_blackhole(loopback(other(hole_family)), setup.port);
                if (!second) co_return std::nullopt;
                setup.holes.push_back(std::move(*second));
            } else {
                setup.listener = listen_on(loopback(other(hole_family)), setup.port);
            }
        } catch (const asyncio::OSError&) {
            continue;  // the port is taken on the other address: another one
        }
        co_return std::optional<HoleSetup>(std::move(setup));
    }
    co_return std::nullopt;
}

ConnectOptions with_delay(std::optional<std::chrono::milliseconds> delay) {
    ConnectOptions options;
    options.happy_eyeballs_delay = delay;
    return options;
}

// -- one address --

TEST(CreateConnection, NumericIpv4) {
    run_bounded([]() -> Coro<> {
        Socket listener = listen_on("127.0.0.1");
        Socket s = co_await asyncio::create_connection("127.0.0.1", port_of(listener));
        EXPECT_TRUE(s.is_open());
        EXPECT_EQ(s.family(), AF_INET);
        EXPECT_EQ(s.type(), SOCK_STREAM);
        EXPECT_EQ(s.peername(), listener.sockname());
        auto [peer, address] = co_await listener.accept();
        EXPECT_EQ(address, s.sockname());
        co_await send_all(&s, "hi");
        EXPECT_EQ(co_await recv_exactly(&peer, 2), "hi");
    }());
}

TEST(CreateConnection, NumericIpv6) {
    if (!ipv6_loopback()) GTEST_SKIP() << "IPv6 loopback (::1) is not available here";
    run_bounded([]() -> Coro<> {
        Socket listener = listen_on("::1");
        Socket s = co_await asyncio::create_connection("::1", port_of(listener));
        EXPECT_EQ(s.family(), AF_INET6);
        EXPECT_EQ(s.peername(), listener.sockname());
    }());
}

TEST(CreateConnection, RefusedWithOneAddressIsConnectionRefusedError) {
    run_bounded([]() -> Coro<> {
        std::optional<Socket> holder = reserve("127.0.0.1", 0);
        EXPECT_TRUE(holder);
        if (!holder) co_return;
        const int fds = open_fds();
        try {
            co_await asyncio::create_connection("127.0.0.1", port_of(*holder));
            ADD_FAILURE() << "connected to a port nobody listens on";
        } catch (const asyncio::ConnectionRefusedError& e) {
            EXPECT_EQ(std::string(e.what()).find("Multiple exceptions"), std::string::npos);
            EXPECT_EQ(e.code().value(), ECONNREFUSED);
        }
        EXPECT_EQ(open_fds(), fds);
    }());
}

TEST(CreateConnection, UnresolvableHostIsAGaiError) {
    run_bounded([]() -> Coro<> {
        EXPECT_THROW(co_await asyncio::create_connection("no such host!", 80), asyncio::GaiError);
    }());
}

TEST(CreateConnection, LocalAddressIsBoundFirst) {
    {
        std::optional<Socket> probe = reserve("127.0.0.2", 0);
        if (!probe) GTEST_SKIP() << "127.0.0.2 cannot be bound here";
    }
    run_bounded([]() -> Coro<> {
        Socket listener = listen_on("127.0.0.1");
        ConnectOptions options;
        options.local_address = SocketAddress::ip("127.0.0.2", 0);
        Socket s = co_await asyncio::create_connection("127.0.0.1", port_of(listener), options);
        EXPECT_EQ(s.sockname().host(), "127.0.0.2");
        auto [peer, address] = co_await listener.accept();
        EXPECT_EQ(address.host(), "127.0.0.2");
    }());
}

// -- "localhost" with a server on one family only --

TEST(CreateConnection, LocalhostWithTheServerOnlyOn127001) {
    if (!resolves_to("localhost", AF_INET)) GTEST_SKIP() << "localhost has no IPv4 address here";
    run_bounded([]() -> Coro<> {
        OneListens setup = listen_on_one(AF_INET, ipv6_loopback());
        Socket s = co_await asyncio::create_connection("localhost", setup.port);
        EXPECT_EQ(s.peername(), setup.listener.sockname());
    }());
}

TEST(CreateConnection, LocalhostWithTheServerOnlyOnIpv6Loopback) {
    if (!ipv6_loopback()) GTEST_SKIP() << "IPv6 loopback (::1) is not available here";
    if (!resolves_to("localhost", AF_INET6)) {
        GTEST_SKIP() << "localhost does not resolve to ::1 here (see /etc/hosts); the same race "
                        "is tested with the empty host in LoopbackHostReachesWhicheverFamily";
    }
    run_bounded([]() -> Coro<> {
        OneListens setup = listen_on_one(AF_INET6);
        Socket s = co_await asyncio::create_connection("localhost", setup.port);
        EXPECT_EQ(s.peername(), setup.listener.sockname());
    }());
}

// -- Happy Eyeballs over ::1 and 127.0.0.1 --

// Whichever family listens, racing (the default delay) or one at a time (no delay).
TEST(HappyEyeballs, LoopbackHostReachesWhicheverFamily) {
    if (!both_loopbacks()) GTEST_SKIP() << "needs both ::1 and 127.0.0.1";
    run_bounded([]() -> Coro<> {
        const std::vector<int> families{AF_INET, AF_INET6};
        const std::vector<std::optional<std::chrono::milliseconds>> delays{
            ConnectOptions().happy_eyeballs_delay, std::nullopt};
        for (int family : families) {
            for (const auto& delay : delays) {
                OneListens setup = listen_on_one(family);
                const ConnectOptions options = with_delay(delay);
                Socket s = co_await asyncio::create_connection("", setup.port, options);
                EXPECT_EQ(s.family(), family);
                EXPECT_EQ(s.peername(), setup.listener.sockname())
                    << (delay ? "racing" : "one at a time");
            }
        }
    }());
}

// The first address refuses: the second attempt starts at once, not after the delay.
TEST(HappyEyeballs, NextAttemptStartsAsSoonAsTheFirstFails) {
    if (!both_loopbacks()) GTEST_SKIP() << "needs both ::1 and 127.0.0.1";
    const int first = families_of("")[0];
    run_bounded([](int first) -> Coro<> {
        OneListens setup = listen_on_one(other(first));
        const ConnectOptions options = with_delay(30s);
        Socket s =
            co_await asyncio::wait_for(asyncio::create_connection("", setup.port, options), 5s);
        EXPECT_EQ(s.family(), other(first));
        EXPECT_EQ(s.peername(), setup.listener.sockname());
    }(first));
}

// Every address refuses: Python's "Multiple exceptions: ..." naming each attempt, racing or
// not; with one family asked for, the one error as it is.
TEST(HappyEyeballs, EveryAddressRefusesMultipleExceptions) {
    if (!both_loopbacks()) GTEST_SKIP() << "needs both ::1 and 127.0.0.1";
    run_bounded([]() -> Coro<> {
        auto [v4, v6] = refuse_on_both();
        const std::uint16_t port = port_of(v4);
        const std::string p = std::to_string(port);
        const std::vector<std::optional<std::chrono::milliseconds>> delays{50ms, std::nullopt};
        const int fds = open_fds();
        for (const auto& delay : delays) {
            const ConnectOptions options = with_delay(delay);
            try {
                co_await asyncio::create_connection("", port, options);
                ADD_FAILURE() << "connected";
            } catch (const asyncio::OSError& e) {
                const std::string what = e.what();
                EXPECT_EQ(what.rfind("Multiple exceptions: ", 0), 0u) << what;
                EXPECT_NE(what.find("[::1]:" + p), std::string::npos) << what;
                EXPECT_NE(what.find("127.0.0.1:" + p), std::string::npos) << what;
                EXPECT_EQ(e.code().value(), ECONNREFUSED) << what;
            }
            EXPECT_EQ(open_fds(), fds);
        }
        ConnectOptions v4_only;
        v4_only.family = AF_INET;
        try {
            co_await asyncio::create_connection("", port, v4_only);
            ADD_FAILURE() << "connected";
        } catch (const asyncio::ConnectionRefusedError& e) {
            EXPECT_EQ(std::string(e.what()).find("Multiple"), std::string::npos) << e.what();
            EXPECT_NE(std::string(e.what()).find("127.0.0.1:" + p), std::string::npos);
        }
    }());
}

// The first address hangs (blackhole): the second attempt starts after happy_eyeballs_delay,
// wins, and the hanging attempt is closed.
TEST(HappyEyeballs, NextAttemptStartsAfterTheDelayWhenTheFirstHangs) {
    if (!both_loopbacks()) GTEST_SKIP() << "needs both ::1 and 127.0.0.1";
    const int first = families_of("")[0];
    run_bounded([](int first) -> Coro<> {
        std::optional<HoleSetup> setup = co_await blackhole_first(first, false);
        if (!setup) {
            ADD_FAILURE() << "a full accept queue does not blackhole connects here";
            co_return;
        }
        co_await asyncio::getaddrinfo("", 1);  // the resolver's first use, before counting
        const int fds = open_fds();
        const std::size_t registered = watched();
        asyncio::EventLoop& loop = asyncio::get_running_loop();
        const auto start = loop.time();
        const ConnectOptions options = with_delay(100ms);
        Socket s = co_await asyncio::create_connection("", setup->port, options);
        const auto elapsed = loop.time() - start;
        EXPECT_EQ(s.family(), other(first));
        EXPECT_EQ(s.peername(), setup->listener.sockname());
        EXPECT_GE(elapsed, 100ms) << "the second attempt did not wait for the delay";
        // The winner is the one new descriptor and watch: the hanging attempt is gone.
        EXPECT_EQ(open_fds(), fds + 1);
        EXPECT_EQ(watched(), registered + 1);
    }(first));
}

// Without a delay the addresses are tried one after the other: a hanging first one holds up
// the rest. A timeout cancels it and leaves nothing behind.
TEST(HappyEyeballs, WithoutADelayAHangingFirstAddressHoldsUpTheRest) {
    if (!both_loopbacks()) GTEST_SKIP() << "needs both ::1 and 127.0.0.1";
    const int first = families_of("")[0];
    run_bounded([](int first) -> Coro<> {
        std::optional<HoleSetup> setup = co_await blackhole_first(first, false);
        if (!setup) {
            ADD_FAILURE() << "a full accept queue does not blackhole connects here";
            co_return;
        }
        co_await asyncio::getaddrinfo("", 1);
        const int fds = open_fds();
        const std::size_t registered = watched();
        const ConnectOptions options = with_delay(std::nullopt);
        bool timed_out = false;
        try {
            co_await asyncio::wait_for(asyncio::create_connection("", setup->port, options), 300ms);
        } catch (const asyncio::TimeoutError&) {
            timed_out = true;
        }
        EXPECT_TRUE(timed_out);
        EXPECT_EQ(open_fds(), fds);
        EXPECT_EQ(watched(), registered);
    }(first));
}

// Both addresses hang; the race is cancelled with both attempts in flight: both are closed.
TEST(HappyEyeballs, CancelledRaceClosesEveryAttempt) {
    if (!both_loopbacks()) GTEST_SKIP() << "needs both ::1 and 127.0.0.1";
    const int first = families_of("")[0];
    run_bounded([](int first) -> Coro<> {
        std::optional<HoleSetup> setup = co_await blackhole_first(first, true);
        if (!setup) {
            ADD_FAILURE() << "a full accept queue does not blackhole connects here";
            co_return;
        }
        co_await asyncio::getaddrinfo("", 1);
        const int fds = open_fds();
        const std::size_t registered = watched();
        const ConnectOptions options = with_delay(20ms);
        for (int i = 0; i < 3; ++i) {
            bool timed_out = false;
            try {
                co_await asyncio::wait_for(asyncio::create_connection("", setup->port, options),
                                           150ms);
            } catch (const asyncio::TimeoutError&) {
                timed_out = true;
            }
            EXPECT_TRUE(timed_out);
            EXPECT_EQ(open_fds(), fds);
            EXPECT_EQ(watched(), registered);
        }
    }(first));
}

// A single hanging address, cancelled by a timeout: nothing left behind either.
TEST(CreateConnection, CancelledConnectLeavesNoDescriptorOrWatch) {
    run_bounded([]() -> Coro<> {
        std::optional<Blackhole> hole = co_await make_blackhole("127.0.0.1", 0);
        if (!hole) {
            ADD_FAILURE() << "a full accept queue does not blackhole connects here";
            co_return;
        }
        const int fds = open_fds();
        const std::size_t registered = watched();
        bool timed_out = false;
        try {
            co_await asyncio::wait_for(asyncio::create_connection("127.0.0.1", hole->port), 50ms);
        } catch (const asyncio::TimeoutError&) {
            timed_out = true;
        }
        EXPECT_TRUE(timed_out);
        EXPECT_EQ(open_fds(), fds);
        EXPECT_EQ(watched(), registered);
    }());
}

}  // namespace
