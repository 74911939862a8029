// open_connection / open_unix_connection and the StreamReader/StreamWriter pair over real
// loopback connections: exchanges, partial reads and writes, writelines, large moved buffers,
// get_extra_info, IPv6, Unix sockets, refused connections. Flow control and closing, and
// failures and cancellation, have their own files.
#include <gtest/gtest.h>
#include <sys/socket.h>

#include "net/stream_support.hpp"

namespace {

using namespace asyncio_test::streams;

// -- basics --

TEST(Streams, ExchangeLinesWithARawPeer) {
    run_bounded([]() -> Coro<> {
        Conn c = co_await connect_raw_peer();
        c.writer.write("hello\n");
        co_await drain(&c.writer);
        EXPECT_EQ(co_await recv_exactly(&c.peer, 6), "hello\n");
        co_await send_all(&c.peer, "world\nand more\n");
        EXPECT_EQ(co_await c.reader.readline(), "world\n");
        EXPECT_EQ(co_await c.reader.readline(), "and more\n");
        EXPECT_EQ(c.reader.limit(), StreamReader::kDefaultLimit);
        // TCP_NODELAY is on, as in Python; keep-alive only when asked for.
        int on = 0;
        socklen_t size = sizeof on;
        ::getsockopt(socket_of(c.writer), IPPROTO_TCP, TCP_NODELAY, &on, &size);
        EXPECT_NE(on, 0);
        ::getsockopt(socket_of(c.writer), SOL_SOCKET, SO_KEEPALIVE, &on, &size);
        EXPECT_EQ(on, 0);
    }());
}

TEST(Streams, OptionsLimitAndKeepAlive) {
    run_bounded([]() -> Coro<> {
        StreamOptions options;
        options.limit = 1000;
        options.keep_alive = true;
        Conn c = co_await connect_raw_peer("127.0.0.1", options);
        EXPECT_EQ(c.reader.limit(), 1000u);
        int on = 0;
        socklen_t size = sizeof on;
        ::getsockopt(socket_of(c.writer), SOL_SOCKET, SO_KEEPALIVE, &on, &size);
        EXPECT_NE(on, 0);
        co_await send_all(&c.peer, std::string(2000, 'l') + "\n");
        EXPECT_THROW(co_await c.reader.readline(), asyncio::LimitOverrunError);
    }());
}

// -- partial reads and writes --

// A peer that sends one byte per segment: readline and readexactly put the pieces together.
TEST(Streams, PeerSendingOneByteAtATime) {
    run_bounded([]() -> Coro<> {
        Conn c = co_await connect_raw_peer();
        c.peer.set_option(IPPROTO_TCP, TCP_NODELAY, 1);
        const std::string block = pattern(1500, 3);
        auto trickle = [](Socket* peer, std::string data) -> Coro<int> {
            for (char byte : data) {
                co_await peer->sendall({&byte, 1});
                co_await asyncio::sleep(0s);
            }
            co_return 0;
        };
        Task<int> sender =
            asyncio::create_task(trickle(&c.peer, "a line sent byte by byte\n" + block + "end\n"));
        EXPECT_EQ(co_await c.reader.readline(), "a line sent byte by byte\n");
        EXPECT_EQ(co_await c.reader.readexactly(block.size()), block);
        EXPECT_EQ(co_await c.reader.readuntil("\n"), "end\n");
        co_await sender;
    }());
}

// A peer that reads in small pieces: everything written arrives, in order.
TEST(Streams, PeerReadingInSmallPieces) {
    run_bounded([]() -> Coro<> {
        Conn c = co_await connect_raw_peer();
        small_kernel_buffers(c.writer, c.peer);
        const std::string data = pattern(1024 * 1024, 5);
        auto read_slowly = [](Socket* peer, std::size_t n) -> Coro<std::string> {
            co_return co_await recv_exactly(peer, n, 997);
        };
        Task<std::string> got = asyncio::create_task(read_slowly(&c.peer, data.size()));
        for (std::size_t at = 0; at < data.size(); at += 100 * 1000) {
            c.writer.write(std::string_view(data).substr(at, 100 * 1000));
            EXPECT_LE(c.writer.get_write_buffer_size(), kHigh + 100 * 1000);
            co_await drain(&c.writer);
        }
        const std::string received = co_await got;
        EXPECT_EQ(received.size(), data.size());
        EXPECT_TRUE(received == data) << "the bytes differ";
    }());
}

// -- writing --

TEST(Streams, WritelinesSendsEveryPieceInOrder) {
    run_bounded([]() -> Coro<> {
        Conn c = co_await connect_raw_peer();
        const std::vector<std::string> lines{"one\n", "two\n", "three\n"};
        c.writer.writelines(lines);
        c.writer.writelines({"four\n", "five\n"});
        EXPECT_EQ(co_await recv_exactly(&c.peer, 24), "one\ntwo\nthree\nfour\nfive\n");

        // More pieces than one writev takes, and pieces behind bytes already queued.
        std::vector<std::string> many;
        std::string expected;
        for (int i = 0; i < 200; ++i) {
            many.push_back(std::to_string(i) + ",");
            expected += many.back();
        }
        small_kernel_buffers(c.writer, c.peer);
        const std::string bulk = pattern(1024 * 1024, 8);
        c.writer.write(bulk);
        EXPECT_GT(c.writer.get_write_buffer_size(), 0u);
        c.writer.writelines(many);
        std::vector<std::string_view> views{"x", "", "yz"};  // string_views, an empty piece
        c.writer.writelines(views);
        c.writer.writelines(many);
        expected = bulk + expected + "xyz" + expected;
        const std::string got = co_await recv_exactly(&c.peer, expected.size());
        EXPECT_TRUE(got == expected) << "order or content differs";
    }());
}

// A large string handed over by value is queued as it is; every byte arrives, in order with
// the writes around it.
TEST(Streams, WriteOfMovedLargeBuffers) {
    run_bounded([]() -> Coro<> {
        Conn c = co_await connect_raw_peer();
        small_kernel_buffers(c.writer, c.peer);
        std::string expected;
        for (int i = 0; i < 3; ++i) {
            std::string big = pattern(3 * 1024 * 1024, 20 + i);
            expected += big;
            c.writer.write(std::move(big));
            const std::string small = numbered("<", i) + ">";
            expected += small;
            c.writer.write(small);
        }
        EXPECT_GT(c.writer.get_write_buffer_size(), 0u);
        EXPECT_LE(c.writer.get_write_buffer_size(), expected.size());
        Task<std::string> reading = asyncio::create_task(recv_exactly(&c.peer, expected.size()));
        co_await drain(&c.writer);
        const std::string got = co_await reading;
        EXPECT_EQ(got.size(), expected.size());
        EXPECT_TRUE(got == expected) << "the bytes differ";
    }());
}

// Python drops writes to a closed transport quietly; write() does, writelines() must too.
TEST(Streams, WriteAndWritelinesAfterCloseAreIgnored) {
    run_bounded([]() -> Coro<> {
        Conn c = co_await connect_raw_peer();
        c.writer.close();
        EXPECT_TRUE(c.writer.is_closing());
        const std::vector<std::string> lines{"a\n", "b\n"};
        EXPECT_NO_THROW(c.writer.write("late\n"));
        EXPECT_NO_THROW(c.writer.writelines(lines));
        co_await c.writer.wait_closed();
        EXPECT_EQ(co_await recv_to_eof(&c.peer), "");
    }());
}

// -- get_extra_info --

TEST(Streams, GetExtraInfo) {
    run_bounded([]() -> Coro<> {
        Pair p = co_await stream_pair();
        const std::optional<SocketAddress> peername =
            p.writer.get_extra_info<SocketAddress>("peername");
        const std::optional<SocketAddress> sockname =
            p.writer.get_extra_info<SocketAddress>("sockname");
        EXPECT_TRUE(peername && sockname);
        if (!peername || !sockname) co_return;
        EXPECT_EQ(peername->host(), "127.0.0.1");
        EXPECT_EQ(*peername, p.peer_writer.get_extra_info<SocketAddress>("sockname"));
        EXPECT_EQ(*sockname, p.peer_writer.get_extra_info<SocketAddress>("peername"));
        const std::optional<int> fd = p.writer.get_extra_info<int>("socket");
        EXPECT_TRUE(fd && *fd >= 0);
        SocketAddress of_fd;
        ::getsockname(*fd, of_fd.data(), of_fd.size_slot());
        EXPECT_EQ(of_fd, *sockname);
        // Unknown names, TLS names without TLS, and the wrong type: nothing.
        EXPECT_FALSE(p.writer.get_extra_info("no such thing").has_value());
        EXPECT_FALSE(p.writer.get_extra_info("cipher").has_value());
        EXPECT_FALSE(p.writer.get_extra_info("peercert").has_value());
        EXPECT_FALSE(p.writer.get_extra_info<int>("peername").has_value());
        EXPECT_FALSE(p.writer.get_extra_info<std::string>("socket").has_value());
    }());
}

// Python keeps "peername" and "sockname" for the transport's life (they are taken when it is
// made): a handler that logs who went away after the connection was lost still can.
TEST(Streams, PeernameAndSocknameOutliveTheConnection) {
    run_bounded([]() -> Coro<> {
        Conn c = co_await connect_raw_peer();
        const SocketAddress peer_side = c.peer.sockname();
        const SocketAddress our_side = c.peer.peername();
        reset_close(c.peer);
        EXPECT_THROW(co_await c.reader.read(), asyncio::ConnectionResetError);
        EXPECT_EQ(c.writer.get_extra_info<SocketAddress>("peername"), peer_side);
        EXPECT_EQ(c.writer.get_extra_info<SocketAddress>("sockname"), our_side);
    }());
}

// -- families and errors --

TEST(Streams, OverIpv6Loopback) {
    if (!ipv6_loopback()) GTEST_SKIP() << "IPv6 loopback (::1) is not available here";
    run_bounded([]() -> Coro<> {
        Conn c = co_await connect_raw_peer("::1");
        EXPECT_EQ(c.writer.get_extra_info<SocketAddress>("peername")->host(), "::1");
        EXPECT_EQ(c.writer.get_extra_info<SocketAddress>("sockname")->family(), AF_INET6);
        c.writer.write("six\n");
        EXPECT_EQ(co_await recv_exactly(&c.peer, 4), "six\n");
        co_await send_all(&c.peer, "back\n");
        EXPECT_EQ(co_await c.reader.readline(), "back\n");
    }());
}

TEST(Streams, OpenConnectionToAClosedPortIsRefused) {
    run_bounded([]() -> Coro<> {
        std::optional<Socket> holder = reserve("127.0.0.1", 0);
        EXPECT_TRUE(holder);
        if (!holder) co_return;
        const std::uint16_t port = port_of(*holder);
        const int fds = open_fds();
        try {
            co_await asyncio::open_connection("127.0.0.1", port);
            ADD_FAILURE() << "connected to a port nobody listens on";
        } catch (const asyncio::ConnectionRefusedError& e) {
            EXPECT_EQ(e.code().value(), ECONNREFUSED);
            EXPECT_NE(std::string(e.what()).find("127.0.0.1:" + std::to_string(port)),
                      std::string::npos)
                << e.what();
        }
        EXPECT_EQ(open_fds(), fds);
    }());
}

TEST(Streams, UnixConnection) {
    run_bounded([]() -> Coro<> {
        TempDir dir;
        const std::string path = dir.file("s.sock");
        Socket listener = Socket::create(AF_UNIX, SOCK_STREAM);
        listener.bind(SocketAddress::unix_path(path));
        listener.listen(8);
        auto [reader, writer] = co_await asyncio::open_unix_connection(path);
        auto [peer, address] = co_await listener.accept();
        EXPECT_EQ(writer.get_extra_info<SocketAddress>("peername")->host(), path);
        EXPECT_TRUE(writer.can_write_eof());
        writer.write("over unix\n");
        writer.write_eof();
        EXPECT_EQ(co_await recv_to_eof(&peer), "over unix\n");
        co_await send_all(&peer, "and back\n");
        peer.close();
        EXPECT_EQ(co_await reader.readline(), "and back\n");
        EXPECT_EQ(co_await reader.readline(), "");
    }());
}

TEST(Streams, UnixConnectionErrors) {
    run_bounded([]() -> Coro<> {
        TempDir dir;
        try {
            co_await asyncio::open_unix_connection(dir.file("missing.sock"));
            ADD_FAILURE() << "connected to a missing path";
        } catch (const asyncio::OSError& e) {
            EXPECT_EQ(e.code().value(), ENOENT) << e.what();
        }
        // A socket file nobody listens on.
        const std::string path = dir.file("deaf.sock");
        Socket deaf = Socket::create(AF_UNIX, SOCK_STREAM);
        deaf.bind(SocketAddress::unix_path(path));
        EXPECT_THROW(co_await asyncio::open_unix_connection(path), asyncio::ConnectionRefusedError);
    }());
}

// Streams over a socket that is already connected (Python's sock=): a socketpair.
TEST(Streams, OpenConnectionOverAConnectedSocket) {
    run_bounded([]() -> Coro<> {
        int fds[2];
        EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds), 0);
        Socket one(fds[0], AF_UNIX, SOCK_STREAM);
        Socket two(fds[1], AF_UNIX, SOCK_STREAM);
        auto [r1, w1] = co_await asyncio::open_connection(std::move(one));
        auto [r2, w2] = co_await asyncio::open_connection(std::move(two));
        w1.write("ping\n");
        EXPECT_EQ(co_await r2.readline(), "ping\n");
        w2.write("pong\n");
        EXPECT_EQ(co_await r1.readline(), "pong\n");
        w1.close();
        EXPECT_EQ(co_await r2.read(), "");
    }());
}

}  // namespace
