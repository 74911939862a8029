// Socket: the non-blocking socket and its coroutine calls (Python's loop.sock_* calls) over
// real loopback connections: connect/accept/send/recv, partial reads and writes, the end of
// the stream, resets, refused connections, UDP, socketpairs; one poller registration per
// socket, made on first use and gone with the socket; cancellation that leaves no trace
// (and a cancelled connect that closes its socket, as documented); close() waking waiters.
#include "asyncio/net/socket.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "asyncio/combinators/timeout.hpp"
#include "asyncio/core/task.hpp"
#include "asyncio/loop/sleep.hpp"
#include "asyncio/net/errors.hpp"
#include "net/net_support.hpp"
#include "support/test_support.hpp"

namespace {

using namespace std::chrono_literals;
using asyncio::Coro;
using asyncio::Socket;
using asyncio::SocketAddress;
using asyncio::Task;
using namespace asyncio_test;

struct Connected {
    Socket client;
    Socket server;  // the accepted end
    SocketAddress peer;
};

// A TCP connection over loopback (`host`), both ends ours.
Coro<Connected> connect_pair(std::string host) {
    Socket listener = listen_on(host);
    Connected c;
    c.client = Socket::create(listener.family(), SOCK_STREAM);
    co_await c.client.connect(listener.sockname());
    auto [server, peer] = co_await listener.accept();
    c.server = std::move(server);
    c.peer = peer;
    co_return c;
}

Coro<Connected> connect_pair() { return connect_pair("127.0.0.1"); }

TEST(Socket, CreateBindListenAndClose) {
    Socket s = Socket::create(AF_INET, SOCK_STREAM);
    EXPECT_TRUE(s.is_open());
    EXPECT_GE(s.fileno(), 0);
    EXPECT_EQ(s.family(), AF_INET);
    EXPECT_EQ(s.type(), SOCK_STREAM);
    EXPECT_TRUE(::fcntl(s.fileno(), F_GETFL) & O_NONBLOCK);
    EXPECT_TRUE(::fcntl(s.fileno(), F_GETFD) & FD_CLOEXEC);
    s.bind(SocketAddress::ip("127.0.0.1", 0));
    const SocketAddress name = s.sockname();
    EXPECT_EQ(name.host(), "127.0.0.1");
    EXPECT_NE(name.port(), 0);
    s.listen(8);
    const int fd = s.fileno();
    s.close();
    EXPECT_FALSE(s.is_open());
    EXPECT_EQ(s.fileno(), -1);
    EXPECT_EQ(::fcntl(fd, F_GETFD), -1) << "the descriptor was not closed";
    s.close();  // twice is harmless
    Socket never;
    EXPECT_FALSE(never.is_open());
    EXPECT_EQ(never.family(), AF_UNSPEC);
}

TEST(Socket, CreateWithABadFamilyIsAnOSError) {
    EXPECT_THROW(Socket::create(12345, SOCK_STREAM), asyncio::OSError);
}

TEST(Socket, BindToAPortInUseNamesTheAddress) {
    Socket first = listen_on("127.0.0.1");
    const SocketAddress taken = first.sockname();
    Socket second = Socket::create(AF_INET, SOCK_STREAM);
    try {
        second.bind(taken);
        ADD_FAILURE() << "bind to a port in use succeeded";
    } catch (const asyncio::OSError& e) {
        EXPECT_EQ(e.code().value(), EADDRINUSE);
        EXPECT_NE(std::string(e.what()).find(taken.to_string()), std::string::npos) << e.what();
    }
}

TEST(Socket, MoveTransfersTheDescriptor) {
    Socket a = Socket::create(AF_INET, SOCK_STREAM);
    const int fd = a.fileno();
    Socket b(std::move(a));
    EXPECT_FALSE(a.is_open());
    EXPECT_EQ(b.fileno(), fd);
    Socket c = Socket::create(AF_INET6, SOCK_DGRAM);
    const int old = c.fileno();
    c = std::move(b);  // the socket c held is closed
    EXPECT_EQ(c.fileno(), fd);
    EXPECT_EQ(c.family(), AF_INET);
    EXPECT_EQ(c.type(), SOCK_STREAM);
    EXPECT_EQ(::fcntl(old, F_GETFD), -1);
    EXPECT_NE(::fcntl(fd, F_GETFD), -1);
}

TEST(Socket, OptionsRoundTrip) {
    Socket s = Socket::create(AF_INET, SOCK_STREAM);
    s.set_option(SOL_SOCKET, SO_REUSEADDR, 1);
    EXPECT_NE(s.get_option(SOL_SOCKET, SO_REUSEADDR), 0);
    s.set_option(IPPROTO_TCP, TCP_NODELAY, 1);
    EXPECT_NE(s.get_option(IPPROTO_TCP, TCP_NODELAY), 0);
    s.set_option(IPPROTO_TCP, TCP_NODELAY, 0);
    EXPECT_EQ(s.get_option(IPPROTO_TCP, TCP_NODELAY), 0);
    EXPECT_THROW(s.set_option(SOL_SOCKET, 99999, 1), asyncio::OSError);
    EXPECT_THROW(s.get_option(SOL_SOCKET, 99999), asyncio::OSError);
}

TEST(Socket, ConnectAcceptAndExchange) {
    run_bounded([]() -> Coro<> {
        Connected c = co_await connect_pair();
        EXPECT_EQ(c.peer, c.client.sockname());
        EXPECT_EQ(c.client.peername(), c.server.sockname());
        EXPECT_EQ(c.server.peername(), c.client.sockname());
        EXPECT_EQ(c.server.family(), AF_INET);
        EXPECT_TRUE(::fcntl(c.server.fileno(), F_GETFL) & O_NONBLOCK);
        EXPECT_TRUE(::fcntl(c.server.fileno(), F_GETFD) & FD_CLOEXEC);

        const std::string ping = "ping";
        EXPECT_EQ(co_await c.client.send({ping.data(), ping.size()}), 4u);
        EXPECT_EQ(co_await recv_exactly(&c.server, 4), "ping");
        co_await send_all(&c.server, "pong");
        EXPECT_EQ(co_await recv_exactly(&c.client, 4), "pong");
    }());
}

TEST(Socket, AcceptWaitsForAConnection) {
    run_bounded([]() -> Coro<> {
        Socket listener = listen_on("127.0.0.1");
        auto accept_one = [](Socket* listener) -> Coro<int> {
            auto [socket, peer] = co_await listener->accept();
            co_return peer.port();
        };
        Task<int> accepting = asyncio::create_task(accept_one(&listener));
        co_await asyncio::sleep(10ms);
        EXPECT_FALSE(accepting.done());
        Socket client = Socket::create(AF_INET, SOCK_STREAM);
        co_await client.connect(listener.sockname());
        EXPECT_EQ(co_await accepting, client.sockname().port());
    }());
}

TEST(Socket, RecvReturnsZeroAtTheEndOfTheStream) {
    run_bounded([]() -> Coro<> {
        Connected c = co_await connect_pair();
        co_await send_all(&c.server, "last words");
        c.server.shutdown(SHUT_WR);
        EXPECT_EQ(co_await recv_to_eof(&c.client), "last words");
        char byte;
        EXPECT_EQ(co_await c.client.recv({&byte, 1}), 0u);  // and again
        // Half-closed: the other direction still works.
        co_await send_all(&c.client, "reply");
        EXPECT_EQ(co_await recv_exactly(&c.server, 5), "reply");
    }());
}

// A peer that sends one byte at a time, each in its own segment: the reader waits for
// each edge and collects them all.
TEST(Socket, PartialReadsFromAPeerSendingOneByteAtATime) {
    run_bounded([]() -> Coro<> {
        Connected c = co_await connect_pair();
        c.server.set_option(IPPROTO_TCP, TCP_NODELAY, 1);
        const std::string message = pattern(300);
        auto trickle = [](Socket* to, std::string data) -> Coro<int> {
            for (char byte : data) {
                co_await to->sendall({&byte, 1});
                co_await asyncio::sleep(0s);
            }
            co_return 0;
        };
        Task<int> sender = asyncio::create_task(trickle(&c.server, message));
        std::string got;
        int reads = 0;
        char buffer[64];
        while (got.size() < message.size()) {
            const std::size_t n = co_await c.client.recv({buffer, sizeof buffer});
            EXPECT_GT(n, 0u);
            if (n == 0) break;
            got.append(buffer, n);
            ++reads;
        }
        co_await sender;
        EXPECT_EQ(got, message);
        EXPECT_GT(reads, 1) << "the bytes did arrive in pieces";
    }());
}

// send() takes what the kernel takes (at least a byte), sendall() waits for room: a reader
// that takes small pieces gets everything, in order.
TEST(Socket, SendallToAPeerReadingSmallPieces) {
    run_bounded([]() -> Coro<> {
        Connected c = co_await connect_pair();
        c.client.set_option(SOL_SOCKET, SO_SNDBUF, 16 * 1024);
        const std::string big = pattern(2 * 1024 * 1024, 7);
        Task<int> sending = asyncio::create_task([](Socket* s, const std::string* d) -> Coro<int> {
            co_await s->sendall({d->data(), d->size()});
            co_return 0;
        }(&c.client, &big));
        const std::string got = co_await recv_exactly(&c.server, big.size(), 997);
        co_await sending;
        EXPECT_EQ(got.size(), big.size());
        EXPECT_TRUE(got == big) << "the bytes differ";
    }());
}

TEST(Socket, SendOfMoreThanTheKernelTakesIsPartial) {
    run_bounded([]() -> Coro<> {
        Connected c = co_await connect_pair();
        c.client.set_option(SOL_SOCKET, SO_SNDBUF, 16 * 1024);
        c.server.set_option(SOL_SOCKET, SO_RCVBUF, 16 * 1024);
        const std::string big = pattern(16 * 1024 * 1024);
        const std::size_t sent = co_await c.client.send({big.data(), big.size()});
        EXPECT_GE(sent, 1u);
        EXPECT_LT(sent, big.size());
        const std::string got = co_await recv_exactly(&c.server, sent);
        EXPECT_TRUE(got == big.substr(0, sent));
    }());
}

TEST(Socket, ConnectToAPortWithoutListenerIsRefused) {
    run_bounded([]() -> Coro<> {
        std::optional<Socket> holder = reserve("127.0.0.1", 0);
        EXPECT_TRUE(holder);
        if (!holder) co_return;
        const SocketAddress address = holder->sockname();
        Socket s = Socket::create(AF_INET, SOCK_STREAM);
        try {
            co_await s.connect(address);
            ADD_FAILURE() << "connected to a port nobody listens on";
        } catch (const asyncio::ConnectionRefusedError& e) {
            EXPECT_EQ(e.code().value(), ECONNREFUSED);
            EXPECT_NE(std::string(e.what()).find("connect to " + address.to_string()),
                      std::string::npos)
                << e.what();
        }
    }());
}

TEST(Socket, RecvAfterThePeerResetsIsConnectionResetError) {
    run_bounded([]() -> Coro<> {
        Connected c = co_await connect_pair();
        co_await send_all(&c.server, "hello");
        EXPECT_EQ(co_await recv_exactly(&c.client, 5), "hello");
        reset_close(c.server);
        char buffer[16];
        EXPECT_THROW(co_await c.client.recv({buffer, sizeof buffer}),
                     asyncio::ConnectionResetError);
    }());
}

// The last bytes and the end of the stream arrive together while recv waits: one readiness
// edge brings both. The recv that takes the bytes comes back short, and the next one must
// still see the end, though no further edge will come.
TEST(Socket, RecvSeesTheEndThatCameWithTheLastBytes) {
    run_bounded([]() -> Coro<> {
        Connected c = co_await connect_pair();
        auto receive = [](Socket* s) -> Coro<std::string> {
            char buffer[64];
            const std::size_t n = co_await s->recv({buffer, sizeof buffer});
            co_return std::string(buffer, n);
        };
        Task<std::string> first = asyncio::create_task(receive(&c.client));
        for (int i = 0; i < 3; ++i) co_await asyncio::sleep(0s);  // it waits for an edge
        co_await send_all(&c.server, "bytes");
        c.server.shutdown(SHUT_WR);
        EXPECT_EQ(co_await first, "bytes");
        std::string next = "(timed out)";
        try {
            next = co_await asyncio::wait_for(receive(&c.client), 2s);
        } catch (const asyncio::TimeoutError&) {
        }
        EXPECT_EQ(next, "") << "the end of the stream was missed";
    }());
}

// After a reset, sending fails with a ConnectionError (EPIPE or ECONNRESET) and no SIGPIPE
// kills the process.
TEST(Socket, SendAfterThePeerIsGoneIsAConnectionError) {
    run_bounded([]() -> Coro<> {
        Connected c = co_await connect_pair();
        reset_close(c.server);
        const std::string data(1024, 'x');
        bool failed = false;
        for (int i = 0; i < 1000 && !failed; ++i) {
            try {
                co_await c.client.sendall({data.data(), data.size()});
            } catch (const asyncio::ConnectionError& e) {
                failed = true;
                EXPECT_TRUE(e.code().value() == EPIPE || e.code().value() == ECONNRESET)
                    << e.what();
            }
            if (!failed) co_await asyncio::sleep(1ms);
        }
        EXPECT_TRUE(failed);
    }());
}

// One registration per socket: made by the first coroutine call, gone when it closes.
TEST(Socket, RegistersWithThePollerOnFirstUseAndLeavesOnClose) {
    run_bounded([]() -> Coro<> {
        const std::size_t before = watched();
        Connected c = co_await connect_pair();
        // The listener came and went; the client registered with its connect, the accepted
        // socket has made no call yet.
        EXPECT_EQ(watched(), before + 1);
        co_await send_all(&c.server, "x");
        EXPECT_EQ(watched(), before + 2);
        char byte;
        co_await c.client.recv({&byte, 1});
        EXPECT_EQ(watched(), before + 2);  // no new registration per call
        c.client.close();
        c.server.close();
        EXPECT_EQ(watched(), before);
    }());
}

TEST(Socket, CallsOnAClosedSocketAreOSErrors) {
    run_bounded([]() -> Coro<> {
        Socket s = Socket::create(AF_INET, SOCK_STREAM);
        s.close();
        char byte = 0;
        try {
            co_await s.recv({&byte, 1});
            ADD_FAILURE() << "recv on a closed socket";
        } catch (const asyncio::OSError& e) {
            EXPECT_EQ(e.code().value(), EBADF);
        }
        EXPECT_THROW(co_await s.send({&byte, 1}), asyncio::OSError);
        EXPECT_THROW(co_await s.connect(SocketAddress::ip("127.0.0.1", 1)), asyncio::OSError);
    }());
}

// close() from another task wakes a task waiting in recv: it sees the socket gone (EBADF).
TEST(Socket, CloseWakesAWaitingTask) {
    run_bounded([]() -> Coro<> {
        Connected c = co_await connect_pair();
        auto receive = [](Socket* s) -> Coro<int> {
            char buffer[8];
            try {
                co_await s->recv({buffer, sizeof buffer});
            } catch (const asyncio::OSError& e) {
                co_return e.code().value();
            }
            co_return 0;
        };
        Task<int> waiting = asyncio::create_task(receive(&c.client));
        co_await asyncio::sleep(10ms);
        EXPECT_FALSE(waiting.done());
        c.client.close();
        EXPECT_EQ(co_await asyncio::wait_for(waiting, 2s), EBADF);
    }());
}

// A cancelled recv leaves the socket as it was: nothing read is lost, the registration
// stays one, and the next recv works.
TEST(Socket, CancelledRecvLeavesNoTrace) {
    run_bounded([]() -> Coro<> {
        Connected c = co_await connect_pair();
        const int fds = open_fds();
        char buffer[16];
        co_await send_all(&c.server, "a");
        EXPECT_EQ(co_await c.client.recv({buffer, sizeof buffer}), 1u);
        const std::size_t registered = watched();
        bool timed_out = false;
        try {
            co_await asyncio::wait_for(c.client.recv({buffer, sizeof buffer}), 20ms);
        } catch (const asyncio::TimeoutError&) {
            timed_out = true;
        }
        EXPECT_TRUE(timed_out);
        EXPECT_EQ(watched(), registered);
        EXPECT_EQ(open_fds(), fds);
        EXPECT_TRUE(c.client.is_open());
        co_await send_all(&c.server, "bc");
        EXPECT_EQ(co_await recv_exactly(&c.client, 2), "bc");
    }());
}

// A connect cannot be taken back: a cancelled one closes its socket (documented), and
// nothing is left registered or open.
TEST(Socket, CancelledConnectClosesTheSocket) {
    run_bounded([]() -> Coro<> {
        std::optional<Blackhole> hole = co_await make_blackhole("127.0.0.1", 0);
        if (!hole) {
            ADD_FAILURE() << "a full accept queue does not blackhole connects here";
            co_return;
        }
        const int fds = open_fds();
        const std::size_t registered = watched();
        Socket s = Socket::create(AF_INET, SOCK_STREAM);
        bool timed_out = false;
        try {
            co_await asyncio::wait_for(s.connect(SocketAddress::ip("127.0.0.1", hole->port)), 50ms);
        } catch (const asyncio::TimeoutError&) {
            timed_out = true;
        }
        EXPECT_TRUE(timed_out);
        EXPECT_FALSE(s.is_open());
        EXPECT_EQ(open_fds(), fds);
        EXPECT_EQ(watched(), registered);
    }());
}

TEST(Socket, Ipv6Loopback) {
    if (!ipv6_loopback()) GTEST_SKIP() << "IPv6 loopback (::1) is not available here";
    run_bounded([]() -> Coro<> {
        Connected c = co_await connect_pair("::1");
        EXPECT_EQ(c.client.family(), AF_INET6);
        EXPECT_EQ(c.peer.host(), "::1");
        EXPECT_EQ(c.client.peername().to_string(), "[::1]:" + std::to_string(port_of(c.server)));
        co_await send_all(&c.client, "over six");
        EXPECT_EQ(co_await recv_exactly(&c.server, 8), "over six");
    }());
}

TEST(Socket, UdpSendtoAndRecvfrom) {
    run_bounded([]() -> Coro<> {
        Socket a = Socket::create(AF_INET, SOCK_DGRAM);
        Socket b = Socket::create(AF_INET, SOCK_DGRAM);
        a.bind(SocketAddress::ip("127.0.0.1", 0));
        b.bind(SocketAddress::ip("127.0.0.1", 0));
        auto receive = [](Socket* s) -> Coro<std::string> {
            char buffer[64];
            auto [n, from] = co_await s->recvfrom({buffer, sizeof buffer});
            co_return std::string(buffer, n) + " from " + from.to_string();
        };
        Task<std::string> waiting = asyncio::create_task(receive(&b));
        co_await asyncio::sleep(5ms);
        EXPECT_FALSE(waiting.done());
        const std::string datagram = "datagram";
        EXPECT_EQ(co_await a.sendto({datagram.data(), datagram.size()}, b.sockname()), 8u);
        EXPECT_EQ(co_await waiting, "datagram from " + a.sockname().to_string());
        // Whole datagrams, one per call, in order.
        const std::vector<std::string> words{"one", "two"};
        for (const std::string& word : words) {
            co_await a.sendto({word.data(), word.size()}, b.sockname());
        }
        EXPECT_EQ(co_await receive(&b), "one from " + a.sockname().to_string());
        EXPECT_EQ(co_await receive(&b), "two from " + a.sockname().to_string());
    }());
}

// An adopted descriptor (a socketpair's ends) works like any other.
TEST(Socket, AdoptsAUnixSocketpair) {
    run_bounded([]() -> Coro<> {
        int fds[2];
        EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds), 0);
        Socket a(fds[0], AF_UNIX, SOCK_STREAM);
        Socket b(fds[1], AF_UNIX, SOCK_STREAM);
        co_await send_all(&a, "through the pair");
        a.shutdown(SHUT_WR);
        EXPECT_EQ(co_await recv_to_eof(&b), "through the pair");
    }());
}

}  // namespace
