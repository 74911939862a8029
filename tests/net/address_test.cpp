// SocketAddress: IPv4, IPv6 and Unix addresses as values: what they are made from, how they
// print ("127.0.0.1:8080", "[::1]:8080", "/run/app.sock"), what they refuse (ValueError),
// equality, and the round trip through the sockaddr the system calls hand out.
#include "asyncio/net/address.hpp"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "asyncio/core/errors.hpp"
#include "asyncio/detail/net/compact_address.hpp"
#include "asyncio/net/socket.hpp"

namespace {

using asyncio::SocketAddress;
using asyncio::ValueError;

TEST(SocketAddress, Ipv4FromANumericHost) {
    const SocketAddress a = SocketAddress::ip("127.0.0.1", 8080);
    EXPECT_EQ(a.family(), AF_INET);
    EXPECT_FALSE(a.empty());
    EXPECT_EQ(a.host(), "127.0.0.1");
    EXPECT_EQ(a.port(), 8080);
    EXPECT_EQ(a.to_string(), "127.0.0.1:8080");
    EXPECT_EQ(a.size(), sizeof(sockaddr_in));
    const auto* in = reinterpret_cast<const sockaddr_in*>(a.data());
    EXPECT_EQ(ntohs(in->sin_port), 8080);
    EXPECT_EQ(ntohl(in->sin_addr.s_addr), INADDR_LOOPBACK);
}

TEST(SocketAddress, Ipv6FromANumericHostPrintsWithBrackets) {
    const SocketAddress a = SocketAddress::ip("::1", 443);
    EXPECT_EQ(a.family(), AF_INET6);
    EXPECT_EQ(a.host(), "::1");
    EXPECT_EQ(a.port(), 443);
    EXPECT_EQ(a.to_string(), "[::1]:443");
    EXPECT_EQ(a.size(), sizeof(sockaddr_in6));
    // The host comes back in its canonical form.
    EXPECT_EQ(SocketAddress::ip("2001:0db8:0:0:0:0:0:1", 1).host(), "2001:db8::1");
    EXPECT_EQ(SocketAddress::ip("::ffff:127.0.0.1", 2).to_string(), "[::ffff:127.0.0.1]:2");
}

TEST(SocketAddress, PortExtremes) {
    EXPECT_EQ(SocketAddress::ip("127.0.0.1", 0).port(), 0);
    EXPECT_EQ(SocketAddress::ip("127.0.0.1", 65535).port(), 65535);
    EXPECT_EQ(SocketAddress::ip("::1", 65535).to_string(), "[::1]:65535");
}

TEST(SocketAddress, NamesAndMalformedHostsAreValueErrors) {
    for (const char* bad : {"localhost", "", "1.2.3", "256.0.0.1", "127.0.0.1:80", "[::1]",
                            "::1::2", " 127.0.0.1", "fe80::1%lo"}) {
        EXPECT_THROW(SocketAddress::ip(bad, 80), ValueError) << bad;
    }
    EXPECT_THROW(SocketAddress::ip(std::string(200, '1'), 80), ValueError);
    try {
        SocketAddress::ip("example.com", 80);
        ADD_FAILURE() << "no ValueError";
    } catch (const ValueError& e) {
        EXPECT_NE(std::string(e.what()).find("example.com"), std::string::npos) << e.what();
    }
    // A ValueError is an asyncio::Error, so a catch of std::exception sees it.
    EXPECT_THROW(SocketAddress::ip("nope", 1), std::exception);
}

TEST(SocketAddress, IsNumericHost) {
    for (const char* yes : {"127.0.0.1", "0.0.0.0", "::1", "::", "::ffff:10.0.0.1", "fd00::2"}) {
        EXPECT_TRUE(SocketAddress::is_numeric_host(yes)) << yes;
    }
    for (const char* no : {"", "localhost", "127.0.0.1:80", "[::1]", "1.2.3", "example.com"}) {
        EXPECT_FALSE(SocketAddress::is_numeric_host(no)) << no;
    }
    EXPECT_FALSE(SocketAddress::is_numeric_host(std::string(100, '1')));
    // A string_view need not be NUL-terminated: only its own bytes count.
    const std::string text = "127.0.0.1xyz";
    EXPECT_TRUE(SocketAddress::is_numeric_host(std::string_view(text).substr(0, 9)));
    EXPECT_EQ(SocketAddress::ip(std::string_view(text).substr(0, 9), 7).host(), "127.0.0.1");
}

TEST(SocketAddress, UnixPath) {
    const SocketAddress a = SocketAddress::unix_path("/run/app.sock");
    EXPECT_EQ(a.family(), AF_UNIX);
    EXPECT_EQ(a.host(), "/run/app.sock");
    EXPECT_EQ(a.port(), 0);
    EXPECT_EQ(a.to_string(), "/run/app.sock");
    const auto* un = reinterpret_cast<const sockaddr_un*>(a.data());
    EXPECT_STREQ(un->sun_path, "/run/app.sock");
}

TEST(SocketAddress, UnixPathMustFitAndNotBeEmpty) {
    const std::size_t room = sizeof(sockaddr_un{}.sun_path);  // 108 on Linux, with the NUL
    EXPECT_THROW(SocketAddress::unix_path(""), ValueError);
    EXPECT_THROW(SocketAddress::unix_path(std::string(room, 'a')), ValueError);
    const std::string longest(room - 1, 'a');
    EXPECT_EQ(SocketAddress::unix_path(longest).host(), longest);
}

TEST(SocketAddress, EmptyAddress) {
    const SocketAddress a;
    EXPECT_TRUE(a.empty());
    EXPECT_EQ(a.family(), AF_UNSPEC);
    EXPECT_EQ(a.host(), "");
    EXPECT_EQ(a.port(), 0);
    EXPECT_EQ(a.to_string(), "<no address>");
    EXPECT_EQ(a, SocketAddress());
}

TEST(SocketAddress, Equality) {
    EXPECT_EQ(SocketAddress::ip("127.0.0.1", 1), SocketAddress::ip("127.0.0.1", 1));
    EXPECT_FALSE(SocketAddress::ip("127.0.0.1", 1) == SocketAddress::ip("127.0.0.1", 2));
    EXPECT_FALSE(SocketAddress::ip("127.0.0.1", 1) == SocketAddress::ip("127.0.0.2", 1));
    EXPECT_FALSE(SocketAddress::ip("127.0.0.1", 1) == SocketAddress::ip("::ffff:127.0.0.1", 1));
    EXPECT_FALSE(SocketAddress::ip("::1", 1) == SocketAddress());
    EXPECT_EQ(SocketAddress::unix_path("/a"), SocketAddress::unix_path("/a"));
    EXPECT_FALSE(SocketAddress::unix_path("/a") == SocketAddress::unix_path("/b"));
}

TEST(SocketAddress, RoundTripThroughSockaddr) {
    for (const SocketAddress& a : {SocketAddress::ip("127.0.0.1", 9), SocketAddress::ip("::1", 9),
                                   SocketAddress::unix_path("/tmp/x")}) {
        const SocketAddress copy(a.data(), a.size());
        EXPECT_EQ(copy, a) << a.to_string();
        EXPECT_EQ(copy.to_string(), a.to_string());
    }
    // A sockaddr larger than any address is cut to the storage, not overrun.
    sockaddr_storage big[2] = {};
    big[0].ss_family = AF_INET;
    const SocketAddress cut(reinterpret_cast<const sockaddr*>(big), sizeof big);
    EXPECT_EQ(cut.family(), AF_INET);
    EXPECT_EQ(cut.size(), sizeof(sockaddr_storage));
}

// What the system hands out for an unnamed Unix socket (one end of a socketpair): the family
// only, no path.
TEST(SocketAddress, UnnamedUnixSocket) {
    int fds[2];
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds), 0);
    asyncio::Socket a(fds[0], AF_UNIX, SOCK_STREAM);
    asyncio::Socket b(fds[1], AF_UNIX, SOCK_STREAM);
    const SocketAddress name = a.sockname();
    EXPECT_EQ(name.family(), AF_UNIX);
    EXPECT_EQ(name.host(), "");
    EXPECT_EQ(name.to_string(), "");
    EXPECT_EQ(b.peername().family(), AF_UNIX);
}

TEST(SocketAddress, SizeSlotReportsTheCapacityThenWhatTheCallSays) {
    SocketAddress a;
    socklen_t* slot = a.size_slot();
    EXPECT_EQ(*slot, sizeof(sockaddr_storage));
    const SocketAddress source = SocketAddress::ip("127.0.0.1", 5);
    std::memcpy(a.data(), source.data(), source.size());
    *slot = source.size();
    EXPECT_EQ(a, source);
}

// The form a transport keeps its addresses in gives back exactly what it was given, inline
// for IP addresses and on the heap for a Unix path.
TEST(CompactAddress, GivesBackWhatItWasGiven) {
    using asyncio::detail::CompactAddress;
    EXPECT_FALSE(CompactAddress().get().has_value());
    int fds[2];
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds), 0);
    const asyncio::Socket unnamed(fds[0], AF_UNIX, SOCK_STREAM);
    ::close(fds[1]);
    for (const SocketAddress& address :
         {SocketAddress::ip("127.0.0.1", 8080), SocketAddress::ip("fe80::1", 443),
          SocketAddress::unix_path("/run/app.sock"), unnamed.sockname()}) {
        const std::optional<SocketAddress> back = CompactAddress(address).get();
        ASSERT_TRUE(back.has_value()) << address.to_string();
        EXPECT_EQ(*back, address);
        EXPECT_EQ(back->size(), address.size());
        EXPECT_EQ(back->to_string(), address.to_string());
    }
    EXPECT_LT(sizeof(CompactAddress), sizeof(SocketAddress) / 2);
}

}  // namespace
