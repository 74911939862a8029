// getaddrinfo: numeric hosts answered at once (no thread, no loop turn), names through the
// system resolver on the thread pool, the hints (family, type, AI_PASSIVE), GaiError naming
// the host, and a cancelled lookup that stops the waiting at once.
#include "asyncio/net/resolver.hpp"

#include <gtest/gtest.h>
#include <netdb.h>
#include <netinet/in.h>

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "asyncio/combinators/timeout.hpp"
#include "asyncio/core/task.hpp"
#include "asyncio/loop/event_loop.hpp"
#include "asyncio/loop/thread_pool.hpp"
#include "asyncio/net/errors.hpp"
#include "net/net_support.hpp"
#include "support/test_support.hpp"

namespace {

using namespace std::chrono_literals;
using asyncio::AddrInfo;
using asyncio::AddrInfoHints;
using asyncio::Coro;
using asyncio::GaiError;
using namespace asyncio_test;

bool is_loopback(const asyncio::SocketAddress& address) {
    return address.host() == "127.0.0.1" || address.host() == "::1";
}

TEST(Getaddrinfo, NumericIpv4IsAnsweredWithoutALoopTurn) {
    run_bounded([]() -> Coro<> {
        bool turned = false;
        asyncio::get_running_loop().call_soon([&turned] { turned = true; });
        const std::vector<AddrInfo> found = co_await asyncio::getaddrinfo("127.0.0.1", 8080);
        EXPECT_FALSE(turned) << "a numeric host must not go through the thread pool";
        EXPECT_EQ(found.size(), 1u);
        if (found.empty()) co_return;
        EXPECT_EQ(found[0].family, AF_INET);
        EXPECT_EQ(found[0].type, SOCK_STREAM);
        EXPECT_EQ(found[0].protocol, IPPROTO_TCP);
        EXPECT_EQ(found[0].address, asyncio::SocketAddress::ip("127.0.0.1", 8080));
    }());
}

TEST(Getaddrinfo, NumericIpv6AndDatagramHints) {
    run_bounded([]() -> Coro<> {
        const std::vector<AddrInfo> v6 = co_await asyncio::getaddrinfo("::1", 53);
        EXPECT_EQ(v6.size(), 1u);
        if (!v6.empty()) {
            EXPECT_EQ(v6[0].family, AF_INET6);
            EXPECT_EQ(v6[0].address.to_string(), "[::1]:53");
        }
        AddrInfoHints udp;
        udp.type = SOCK_DGRAM;
        const std::vector<AddrInfo> dgram = co_await asyncio::getaddrinfo("127.0.0.1", 53, udp);
        EXPECT_EQ(dgram.size(), 1u);
        if (!dgram.empty()) {
            EXPECT_EQ(dgram[0].type, SOCK_DGRAM);
            EXPECT_EQ(dgram[0].protocol, IPPROTO_UDP);
        }
        // A family hint that agrees with the numeric host changes nothing.
        AddrInfoHints v4_only;
        v4_only.family = AF_INET;
        const std::vector<AddrInfo> same = co_await asyncio::getaddrinfo("127.0.0.1", 1, v4_only);
        EXPECT_EQ(same.size(), 1u);
    }());
}

TEST(Getaddrinfo, LocalhostThroughTheSystemResolver) {
    run_bounded([]() -> Coro<> {
        const std::vector<AddrInfo> found = co_await asyncio::getaddrinfo("localhost", 4242);
        EXPECT_FALSE(found.empty());
        for (const AddrInfo& info : found) {
            EXPECT_TRUE(is_loopback(info.address)) << info.address.to_string();
            EXPECT_EQ(info.address.port(), 4242);
            EXPECT_EQ(info.family, info.address.family());
            EXPECT_EQ(info.type, SOCK_STREAM);  // the default hint
        }
        AddrInfoHints v4;
        v4.family = AF_INET;
        const std::vector<AddrInfo> only_v4 = co_await asyncio::getaddrinfo("localhost", 1, v4);
        EXPECT_FALSE(only_v4.empty());
        for (const AddrInfo& info : only_v4) EXPECT_EQ(info.family, AF_INET);
    }());
}

// An empty host: the loopback addresses, or with AI_PASSIVE the wildcard ones (what a server
// listening "everywhere" binds).
TEST(Getaddrinfo, EmptyHostIsLoopbackOrWithPassiveTheWildcard) {
    run_bounded([]() -> Coro<> {
        const std::vector<AddrInfo> local = co_await asyncio::getaddrinfo("", 7);
        EXPECT_FALSE(local.empty());
        for (const AddrInfo& info : local) {
            EXPECT_TRUE(is_loopback(info.address)) << info.address.to_string();
        }
        AddrInfoHints passive;
        passive.flags = AI_PASSIVE;
        const std::vector<AddrInfo> any = co_await asyncio::getaddrinfo("", 7, passive);
        EXPECT_FALSE(any.empty());
        for (const AddrInfo& info : any) {
            EXPECT_TRUE(info.address.host() == "0.0.0.0" || info.address.host() == "::")
                << info.address.to_string();
        }
    }());
}

TEST(Getaddrinfo, AFailedLookupIsAGaiErrorNamingTheHost) {
    run_bounded([]() -> Coro<> {
        // Not a valid host name: the resolver refuses it without asking any server.
        try {
            co_await asyncio::getaddrinfo("no such host!", 80);
            ADD_FAILURE() << "no GaiError";
        } catch (const GaiError& e) {
            EXPECT_EQ(std::string(e.code().category().name()), "getaddrinfo");
            EXPECT_NE(e.code().value(), 0);
            EXPECT_NE(std::string(e.what()).find("no such host!"), std::string::npos) << e.what();
        }
        // A numeric host of the other family than asked for.
        AddrInfoHints v6;
        v6.family = AF_INET6;
        try {
            co_await asyncio::getaddrinfo("127.0.0.1", 80, v6);
            ADD_FAILURE() << "no GaiError";
        } catch (const GaiError& e) {
            EXPECT_NE(std::string(e.what()).find("127.0.0.1"), std::string::npos) << e.what();
        }
        // A GaiError is an OSError, an asyncio::Error.
        bool caught = false;
        try {
            co_await asyncio::getaddrinfo("no such host!", 80);
        } catch (const asyncio::OSError&) {
            caught = true;
        }
        EXPECT_TRUE(caught);
    }());
}

// With the only worker thread busy, the lookup cannot finish: the timeout cancels the wait
// at once, and the lookup, run later, is dropped.
TEST(Getaddrinfo, CancelledLookupStopsWaitingAtOnce) {
    run_bounded([]() -> Coro<> {
        asyncio::EventLoop& loop = asyncio::get_running_loop();
        loop.set_default_executor(std::make_unique<asyncio::ThreadPool>(1));
        auto release = std::make_shared<std::promise<void>>();
        std::shared_future<void> released = release->get_future().share();
        loop.default_executor().submit([released] { released.wait(); });
        bool timed_out = false;
        try {
            co_await asyncio::wait_for(asyncio::getaddrinfo("localhost", 80), 50ms);
        } catch (const asyncio::TimeoutError&) {
            timed_out = true;
        }
        EXPECT_TRUE(timed_out);
        release->set_value();
        // The loop still resolves afterwards (the dropped result harms nothing).
        const std::vector<AddrInfo> found = co_await asyncio::getaddrinfo("localhost", 81);
        EXPECT_FALSE(found.empty());
    }());
}

}  // namespace
