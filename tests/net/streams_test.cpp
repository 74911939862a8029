// open_connection / open_unix_connection and the StreamReader/StreamWriter pair over real
// loopback connections, against raw-socket peers (byte-level control) and stream peers:
// partial reads and writes, resets mid-stream, drain() as real back-pressure with a bounded
// write buffer, half-close, 100 KiB lines against the 64 KiB limit, writelines, large moved
// buffers, get_extra_info, closing, cancellation that leaves no descriptor or watch behind,
// IPv6, Unix sockets, refused connections.
#include "asyncio/net/streams.hpp"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "asyncio/combinators/timeout.hpp"
#include "asyncio/core/task.hpp"
#include "asyncio/loop/sleep.hpp"
#include "asyncio/net/errors.hpp"
#include "asyncio/net/stream_transport.hpp"
#include "net/net_support.hpp"
#include "support/test_support.hpp"

namespace {

using namespace std::chrono_literals;
using asyncio::Coro;
using asyncio::Socket;
using asyncio::SocketAddress;
using asyncio::StreamOptions;
using asyncio::StreamReader;
using asyncio::StreamWriter;
using asyncio::Task;
using namespace asyncio_test;

constexpr std::size_t kHigh = 64 * 1024;  // the default high water mark
constexpr std::size_t kLow = kHigh / 4;

// Our streams on one end, a raw accepted socket on the other.
struct Conn {
    StreamReader reader;
    StreamWriter writer;
    Socket peer;
};

Coro<Conn> connect_raw_peer(std::string host, StreamOptions options) {
    Socket listener = listen_on(host);
    auto [reader, writer] =
        co_await asyncio::open_connection(host, port_of(listener), std::move(options));
    auto [peer, address] = co_await listener.accept();
    Conn conn{std::move(reader), std::move(writer), std::move(peer)};
    co_return conn;
}
Coro<Conn> connect_raw_peer(std::string host) {
    return connect_raw_peer(std::move(host), StreamOptions());
}
Coro<Conn> connect_raw_peer() { return connect_raw_peer("127.0.0.1", StreamOptions()); }

// Streams on both ends.
struct Pair {
    StreamReader reader;
    StreamWriter writer;
    StreamReader peer_reader;
    StreamWriter peer_writer;
};

Coro<Pair> stream_pair() {
    Conn conn = co_await connect_raw_peer();
    auto [reader, writer] = co_await asyncio::open_connection(std::move(conn.peer));
    Pair pair{std::move(conn.reader), std::move(conn.writer), std::move(reader), std::move(writer)};
    co_return pair;
}

// drain() is an awaiter; these make a Coro of it for wait_for and create_task.
Coro<> drain(StreamWriter* writer) { co_await writer->drain(); }
Coro<int> drain_task(StreamWriter* writer) {
    co_await writer->drain();
    co_return 0;
}

Coro<> turns(int n = 3) {
    for (int i = 0; i < n; ++i) co_await asyncio::sleep(0s);
}

int socket_of(const StreamWriter& writer) { return *writer.get_extra_info<int>("socket"); }

// Small fixed kernel buffers (no autotuning), so a peer that does not read pushes back soon.
void small_kernel_buffers(const StreamWriter& writer, Socket& peer) {
    const int size = 32 * 1024;
    ::setsockopt(socket_of(writer), SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
    peer.set_option(SOL_SOCKET, SO_RCVBUF, size);
}

// Writes `chunk` and drains until a drain stays blocked for `hold` while the peer does not
// read. Checks on the way that the queue never holds more than the high water mark and one
// write. Returns the pending drain (done if it never blocked) and the bytes written.
struct Blocked {
    Task<int> drain;
    std::size_t written = 0;
    std::size_t max_queued = 0;
    bool blocked = false;
};

Coro<Blocked> write_until_drain_blocks(StreamWriter* writer, std::size_t chunk_size,
                                       std::chrono::milliseconds hold) {
    const std::string chunk(chunk_size, 'd');
    Blocked result;
    for (int i = 0; i < 10000; ++i) {
        writer->write(chunk);
        result.written += chunk.size();
        result.max_queued = std::max(result.max_queued, writer->get_write_buffer_size());
        result.drain = asyncio::create_task(drain_task(writer));
        co_await turns();
        if (!result.drain.done()) {
            co_await asyncio::sleep(hold);
            if (!result.drain.done()) {
                result.blocked = true;
                break;
            }
        }
        co_await result.drain;
    }
    co_return result;
}

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

// -- a peer that resets --

TEST(Streams, ReaderGetsConnectionResetErrorWhenThePeerResetsMidStream) {
    run_bounded([]() -> Coro<> {
        Conn c = co_await connect_raw_peer();
        co_await send_all(&c.peer, "first\nsec");
        EXPECT_EQ(co_await c.reader.readline(), "first\n");
        co_await send_all(&c.peer, "ond");
        reset_close(c.peer);
        // (Bounded: a reader that missed the reset would wait for ever.)
        EXPECT_THROW(co_await asyncio::wait_for(c.reader.readline(), 2s),
                     asyncio::ConnectionResetError);
        // The error stays: reading on raises it again (Python raises at once; here the bytes
        // that were buffered, "second", may come first), drain() too; the writer is closing.
        std::string leftover;
        bool raised = false;
        for (int i = 0; i < 3 && !raised; ++i) {
            try {
                leftover += co_await asyncio::wait_for(c.reader.read(10), 2s);
            } catch (const asyncio::ConnectionResetError&) {
                raised = true;
            }
        }
        EXPECT_TRUE(raised);
        EXPECT_TRUE(leftover.empty() || leftover == "second") << leftover;
        EXPECT_THROW(co_await drain(&c.writer), asyncio::ConnectionResetError);
        EXPECT_TRUE(c.writer.is_closing());
        c.writer.write("ignored");  // writes to a lost connection go nowhere, quietly
    }());
}

// The last bytes and the end of the stream (or a reset) arrive together, while the reader
// waits: one readiness edge brings both. The read that takes the bytes comes back short,
// and the next read must still see the end, though no further edge will come.
TEST(Streams, ReadSeesTheEndThatCameWithTheLastBytes) {
    run_bounded([]() -> Coro<> {
        Conn c = co_await connect_raw_peer();
        auto read_all = [](StreamReader* reader) -> Coro<std::string> {
            co_return co_await reader->read();
        };
        Task<std::string> reading = asyncio::create_task(read_all(&c.reader));
        co_await turns();  // the reader waits for its first bytes
        co_await send_all(&c.peer, "the last bytes");
        c.peer.close();
        std::string got = "(timed out)";
        try {
            got = co_await asyncio::wait_for(reading, 2s);
        } catch (const asyncio::TimeoutError&) {
        }
        EXPECT_EQ(got, "the last bytes");
    }());
}

TEST(Streams, ReadSeesTheResetThatCameWithTheLastBytes) {
    run_bounded([]() -> Coro<> {
        Conn c = co_await connect_raw_peer();
        auto read_line = [](StreamReader* reader) -> Coro<std::string> {
            co_return co_await reader->readline();
        };
        Task<std::string> reading = asyncio::create_task(read_line(&c.reader));
        co_await turns();
        co_await send_all(&c.peer, "no newline");
        reset_close(c.peer);
        bool reset = false;
        try {
            co_await asyncio::wait_for(reading, 2s);
            ADD_FAILURE() << "readline returned";
        } catch (const asyncio::ConnectionResetError&) {
            reset = true;
        } catch (const asyncio::TimeoutError&) {
        }
        EXPECT_TRUE(reset) << "the reset was missed: readline waited for ever";
    }());
}

// A writer whose peer is gone: drain() raises a ConnectionError once a write has failed.
TEST(Streams, DrainRaisesOnceThePeerIsGone) {
    run_bounded([]() -> Coro<> {
        for (int mode = 0; mode < 2; ++mode) {
            const bool reset = mode == 0;
            Conn c = co_await connect_raw_peer();
            if (reset) {
                reset_close(c.peer);
            } else {
                c.peer.close();  // the end of the stream first; our next write gets a reset
            }
            bool failed = false;
            for (int i = 0; i < 2000 && !failed; ++i) {
                try {
                    c.writer.write(std::string(1024, 'x'));
                    co_await drain(&c.writer);
                } catch (const asyncio::ConnectionError&) {
                    failed = true;
                }
                if (!failed) co_await asyncio::sleep(1ms);
            }
            EXPECT_TRUE(failed) << (reset ? "after a reset" : "after a close");
            EXPECT_TRUE(c.writer.is_closing());
            EXPECT_THROW(co_await drain(&c.writer), asyncio::ConnectionError);
        }
    }());
}

// -- back-pressure --

// A peer that never reads: the write buffer passes the high water mark and drain() blocks,
// the buffer never holding more than the high water mark and one write; once the peer reads,
// drain() returns.
TEST(Streams, DrainBlocksWhileThePeerDoesNotRead) {
    run_bounded([]() -> Coro<> {
        Conn c = co_await connect_raw_peer();
        small_kernel_buffers(c.writer, c.peer);
        const std::size_t chunk = 16 * 1024;
        Blocked b = co_await write_until_drain_blocks(&c.writer, chunk, 200ms);
        EXPECT_TRUE(b.blocked) << "drain() never blocked after " << b.written << " bytes";
        EXPECT_LE(b.max_queued, kHigh + chunk);
        EXPECT_GT(c.writer.get_write_buffer_size(), kLow);
        // The peer reads: the queue goes down and drain returns.
        auto read_all = [](Socket* peer, std::size_t n) -> Coro<std::size_t> {
            co_return (co_await recv_exactly(peer, n)).size();
        };
        Task<std::size_t> reading = asyncio::create_task(read_all(&c.peer, b.written));
        co_await asyncio::wait_for(b.drain, 5s);
        EXPECT_LE(c.writer.get_write_buffer_size(), kLow);
        EXPECT_EQ(co_await reading, b.written);
    }());
}

// Memory stays flat: a writer that loops write + drain towards a slow reader never has more
// than the high water mark and one write queued.
TEST(Streams, WriteDrainLoopKeepsTheBufferBounded) {
    run_bounded([]() -> Coro<> {
        Conn c = co_await connect_raw_peer();
        small_kernel_buffers(c.writer, c.peer);
        const std::size_t chunk = 16 * 1024;
        const std::size_t total = 8 * 1024 * 1024;
        auto slow_reader = [](Socket* peer, std::size_t n) -> Coro<std::size_t> {
            std::size_t got = 0;
            char buffer[4096];
            int reads = 0;
            while (got < n) {
                const std::size_t r = co_await peer->recv({buffer, sizeof buffer});
                if (r == 0) break;
                got += r;
                if (++reads % 64 == 0) co_await asyncio::sleep(1ms);
            }
            co_return got;
        };
        Task<std::size_t> reading = asyncio::create_task(slow_reader(&c.peer, total));
        const std::string data(chunk, 'm');
        std::size_t max_queued = 0;
        bool paused = false;
        for (std::size_t sent = 0; sent < total; sent += chunk) {
            c.writer.write(data);
            max_queued = std::max(max_queued, c.writer.get_write_buffer_size());
            paused = paused || c.writer.get_write_buffer_size() > kHigh;
            co_await drain(&c.writer);
        }
        EXPECT_TRUE(paused) << "the reader never fell behind: the test proves nothing";
        EXPECT_LE(max_queued, kHigh + chunk);
        EXPECT_EQ(co_await reading, total);
    }());
}

TEST(Streams, SetWriteBufferLimits) {
    run_bounded([]() -> Coro<> {
        Conn c = co_await connect_raw_peer();
        EXPECT_THROW(c.writer.set_write_buffer_limits(100, 200), asyncio::ValueError);
        small_kernel_buffers(c.writer, c.peer);
        c.writer.set_write_buffer_limits(4096);  // low: a quarter, 1024
        Blocked b = co_await write_until_drain_blocks(&c.writer, 1000, 50ms);
        EXPECT_TRUE(b.blocked);
        EXPECT_LE(b.max_queued, 4096u + 1000);
        Task<std::string> reading = asyncio::create_task(recv_exactly(&c.peer, b.written));
        co_await asyncio::wait_for(b.drain, 5s);
        EXPECT_LE(c.writer.get_write_buffer_size(), 1024u);
        EXPECT_EQ((co_await reading).size(), b.written);
    }());
}

// Raising the high water mark while a drain() waits must not strand it: once the queue is
// down to the (new) low water mark, it returns, as in Python.
TEST(Streams, DrainWaitingWhenTheLimitsAreRaisedStillReturns) {
    run_bounded([]() -> Coro<> {
        Conn c = co_await connect_raw_peer();
        small_kernel_buffers(c.writer, c.peer);
        Blocked b = co_await write_until_drain_blocks(&c.writer, 16 * 1024, 50ms);
        EXPECT_TRUE(b.blocked);
        c.writer.set_write_buffer_limits(16 * 1024 * 1024);
        Task<std::string> reading = asyncio::create_task(recv_exactly(&c.peer, b.written));
        EXPECT_EQ((co_await reading).size(), b.written);
        EXPECT_EQ(c.writer.get_write_buffer_size(), 0u);
        bool returned = true;
        try {
            co_await asyncio::wait_for(b.drain, 2s);
        } catch (const asyncio::TimeoutError&) {
            returned = false;
        }
        EXPECT_TRUE(returned) << "drain() still waits with an empty write buffer";
        if (!returned) {  // end the stranded drain while its writer is alive
            b.drain.cancel();
            try {
                co_await b.drain;
            } catch (const asyncio::CancelledError&) {
            }
        }
    }());
}

// Both directions at once through a stream peer that echoes: back-pressure on both sides,
// no deadlock, every byte back in order.
TEST(Streams, FullDuplexThroughAnEchoingPeer) {
    run_bounded([]() -> Coro<> {
        Pair p = co_await stream_pair();
        auto echo = [](StreamReader* reader, StreamWriter* writer) -> Coro<int> {
            for (;;) {
                std::string data = co_await reader->read(64 * 1024);
                if (data.empty()) break;
                writer->write(std::move(data));
                co_await writer->drain();
            }
            writer->close();
            co_return 0;
        };
        auto send = [](StreamWriter* writer, std::string data) -> Coro<int> {
            for (std::size_t at = 0; at < data.size(); at += 50000) {
                writer->write(std::string_view(data).substr(at, 50000));
                co_await writer->drain();
            }
            writer->write_eof();
            co_return 0;
        };
        const std::string data = pattern(4 * 1024 * 1024, 11);
        Task<int> echoing = asyncio::create_task(echo(&p.peer_reader, &p.peer_writer));
        Task<int> sending = asyncio::create_task(send(&p.writer, data));
        std::string back = "(timed out)";
        try {
            back = co_await asyncio::wait_for(p.reader.read(), 5s);
        } catch (const asyncio::TimeoutError&) {
        }
        // (On a timeout, end the helpers while the streams they use are alive.)
        echoing.cancel();
        sending.cancel();
        const std::vector<Task<int>*> helpers{&echoing, &sending};
        for (Task<int>* task : helpers) {
            try {
                co_await *task;
            } catch (const asyncio::CancelledError&) {
                ADD_FAILURE() << "a helper had not finished";
            }
        }
        EXPECT_EQ(back.size(), data.size());
        EXPECT_TRUE(back == data) << "the bytes differ";
    }());
}

// -- half-close --

TEST(Streams, HalfCloseThePeerReadsTheEndAndStillAnswers) {
    run_bounded([]() -> Coro<> {
        Pair p = co_await stream_pair();
        EXPECT_TRUE(p.writer.can_write_eof());
        p.writer.write("the whole request");
        p.writer.write_eof();
        EXPECT_EQ(co_await p.peer_reader.read(), "the whole request");
        EXPECT_TRUE(p.peer_reader.at_eof());
        p.peer_writer.write("the answer\n");
        p.peer_writer.write("and its end");
        p.peer_writer.close();
        EXPECT_EQ(co_await p.reader.readline(), "the answer\n");
        EXPECT_EQ(co_await p.reader.read(), "and its end");
        // Writing after write_eof is an error, as in Python.
        EXPECT_THROW(p.writer.write("more"), asyncio::RuntimeError);
        const std::vector<std::string> lines{"a", "b"};
        EXPECT_THROW(p.writer.writelines(lines), asyncio::RuntimeError);
        p.writer.write_eof();  // twice is harmless
    }());
}

// write_eof with bytes still queued: they go first, then the end of the stream.
TEST(Streams, WriteEofAfterQueuedBytesSendsThemFirst) {
    run_bounded([]() -> Coro<> {
        Conn c = co_await connect_raw_peer();
        small_kernel_buffers(c.writer, c.peer);
        const std::string data = pattern(2 * 1024 * 1024, 9);
        c.writer.write(data);
        EXPECT_GT(c.writer.get_write_buffer_size(), 0u);
        c.writer.write_eof();
        EXPECT_EQ(co_await recv_to_eof(&c.peer), data);
        // The peer can still answer.
        co_await send_all(&c.peer, "ack");
        c.peer.close();
        EXPECT_EQ(co_await c.reader.read(), "ack");
    }());
}

// -- long lines against the limit --

// A 100 KiB line against the 64 KiB limit: LimitOverrunError, and the stream stays usable.
// Python's readline drops what was buffered of the line; if its end had not arrived yet, the
// rest of it comes back as the next "line(s)", then the stream is in step again.
TEST(Streams, HundredKibLineReadlineOverrunsAndTheStreamGoesOn) {
    run_bounded([]() -> Coro<> {
        Conn c = co_await connect_raw_peer();
        const std::size_t length = 100 * 1024;
        Task<> sending = asyncio::create_task(
            send_all(&c.peer, std::string(length, 'x') + "\nnext line\nlast line\n"));
        try {
            co_await c.reader.readline();
            ADD_FAILURE() << "no LimitOverrunError";
        } catch (const asyncio::LimitOverrunError& e) {
            EXPECT_GT(e.consumed, c.reader.limit());
        }
        std::string line;
        std::size_t tail = 0;
        for (int i = 0; i < 100; ++i) {
            line = co_await c.reader.readline();
            if (line.empty()) break;
            if (line.find_first_not_of('x') != line.size() - 1 || line.back() != '\n') break;
            tail += line.size() - 1;  // the rest of the overlong line
        }
        EXPECT_LT(tail, length);
        EXPECT_EQ(line, "next line\n");
        EXPECT_EQ(co_await c.reader.readline(), "last line\n");
        co_await sending;
    }());
}

// readuntil leaves the data in the buffer: the caller can take the long line itself.
TEST(Streams, HundredKibLineReaduntilLeavesTheDataInTheBuffer) {
    run_bounded([]() -> Coro<> {
        Conn c = co_await connect_raw_peer();
        const std::size_t length = 100 * 1024;
        const std::string line = pattern(length, 2);
        std::string clean = line;
        std::replace(clean.begin(), clean.end(), '\n', '.');
        Task<> sending = asyncio::create_task(send_all(&c.peer, clean + "\nnext\n"));
        std::size_t consumed = 0;
        try {
            co_await c.reader.readuntil("\n");
            ADD_FAILURE() << "no LimitOverrunError";
        } catch (const asyncio::LimitOverrunError& e) {
            consumed = e.consumed;
        }
        EXPECT_GT(consumed, c.reader.limit());
        EXPECT_GE(c.reader.buffered(), consumed);
        EXPECT_EQ(co_await c.reader.readexactly(length + 1), clean + "\n");
        EXPECT_EQ(co_await c.reader.readline(), "next\n");
        co_await sending;
    }());
}

// -- ends of streams --

TEST(Streams, ReadexactlyWhenThePeerClosesEarly) {
    run_bounded([]() -> Coro<> {
        Conn c = co_await connect_raw_peer();
        co_await send_all(&c.peer, "abc");
        c.peer.close();
        try {
            co_await c.reader.readexactly(10);
            ADD_FAILURE() << "no IncompleteReadError";
        } catch (const asyncio::IncompleteReadError& e) {
            EXPECT_EQ(e.partial, "abc");
            EXPECT_EQ(e.expected, std::optional<std::size_t>(10));
        }
        EXPECT_TRUE(c.reader.at_eof());
        EXPECT_EQ(co_await c.reader.readline(), "");
    }());
}

TEST(Streams, ReadToTheEndOfALargeStream) {
    run_bounded([]() -> Coro<> {
        Conn c = co_await connect_raw_peer();
        const std::string data = pattern(5 * 1024 * 1024, 4);
        auto send_then_close = [](Socket* peer, const std::string* data) -> Coro<int> {
            co_await peer->sendall({data->data(), data->size()});
            peer->close();
            co_return 0;
        };
        Task<int> sending = asyncio::create_task(send_then_close(&c.peer, &data));
        std::string got = "(timed out)";
        try {
            got = co_await asyncio::wait_for(c.reader.read(), 5s);
        } catch (const asyncio::TimeoutError&) {
        }
        co_await sending;
        EXPECT_EQ(got.size(), data.size());
        EXPECT_TRUE(got == data);
        EXPECT_TRUE(c.reader.at_eof());
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

// -- closing --

TEST(Streams, CloseSendsWhatIsQueuedThenCloses) {
    run_bounded([]() -> Coro<> {
        Conn c = co_await connect_raw_peer();
        small_kernel_buffers(c.writer, c.peer);
        const std::string data = pattern(2 * 1024 * 1024, 6);
        c.writer.write(data);
        EXPECT_GT(c.writer.get_write_buffer_size(), 0u);
        c.writer.close();
        EXPECT_TRUE(c.writer.is_closing());
        Task<std::string> reading = asyncio::create_task(recv_to_eof(&c.peer));
        co_await asyncio::wait_for(c.writer.wait_closed(), 5s);
        const std::string got = co_await reading;
        EXPECT_EQ(got.size(), data.size());
        EXPECT_TRUE(got == data);
        co_await c.writer.wait_closed();  // again: at once
    }());
}

TEST(Streams, DestroyingTheWriterClosesTheConnection) {
    run_bounded([]() -> Coro<> {
        Conn c = co_await connect_raw_peer();
        {
            StreamWriter gone = std::move(c.writer);
            gone.write("bye");
        }
        EXPECT_EQ(co_await recv_to_eof(&c.peer), "bye");
    }());
}

// A reader waiting when its own writer closes the connection sees the end of the stream.
TEST(Streams, ReaderWaitingWhenTheWriterClosesSeesTheEnd) {
    run_bounded([]() -> Coro<> {
        Conn c = co_await connect_raw_peer();
        auto read_line = [](StreamReader* reader) -> Coro<std::string> {
            co_return co_await reader->readline();
        };
        Task<std::string> pending = asyncio::create_task(read_line(&c.reader));
        co_await turns();
        co_await send_all(&c.peer, "part");
        for (int i = 0; i < 2000 && c.reader.buffered() < 4; ++i) co_await asyncio::sleep(1ms);
        EXPECT_EQ(c.reader.buffered(), 4u);
        c.writer.close();
        EXPECT_EQ(co_await asyncio::wait_for(pending, 2s), "part");
        EXPECT_EQ(co_await c.reader.read(), "");
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

// -- cancellation leaves nothing behind --

TEST(Streams, CancelledOpenConnectionLeavesNoDescriptorOrWatch) {
    run_bounded([]() -> Coro<> {
        std::optional<Blackhole> hole = co_await make_blackhole("127.0.0.1", 0);
        if (!hole) {
            ADD_FAILURE() << "a full accept queue does not blackhole connects here";
            co_return;
        }
        const int fds = open_fds();
        const std::size_t registered = watched();
        for (int i = 0; i < 3; ++i) {
            bool timed_out = false;
            try {
                co_await asyncio::wait_for(asyncio::open_connection("127.0.0.1", hole->port), 50ms);
            } catch (const asyncio::TimeoutError&) {
                timed_out = true;
            }
            EXPECT_TRUE(timed_out);
            EXPECT_EQ(open_fds(), fds);
            EXPECT_EQ(watched(), registered);
        }
    }());
}

TEST(Streams, CancelledReadlineLosesNothingAndLeavesNoTrace) {
    run_bounded([]() -> Coro<> {
        const int fds_before = open_fds();
        const std::size_t watched_before = watched();
        {
            Conn c = co_await connect_raw_peer();
            co_await send_all(&c.peer, "warm-up\n");
            EXPECT_EQ(co_await c.reader.readline(), "warm-up\n");
            const int fds = open_fds();
            const std::size_t registered = watched();
            co_await send_all(&c.peer, "hel");
            for (int i = 0; i < 3; ++i) {
                bool timed_out = false;
                try {
                    co_await asyncio::wait_for(c.reader.readline(), 30ms);
                } catch (const asyncio::TimeoutError&) {
                    timed_out = true;
                }
                EXPECT_TRUE(timed_out);
                EXPECT_EQ(open_fds(), fds);
                EXPECT_EQ(watched(), registered);
            }
            EXPECT_EQ(c.reader.buffered(), 3u);
            co_await send_all(&c.peer, "lo\n");
            EXPECT_EQ(co_await c.reader.readline(), "hello\n");
            c.writer.close();
            co_await c.writer.wait_closed();
        }
        EXPECT_EQ(open_fds(), fds_before);
        EXPECT_EQ(watched(), watched_before);
    }());
}

TEST(Streams, CancelledDrainLeavesNoTrace) {
    run_bounded([]() -> Coro<> {
        const int fds_before = open_fds();
        const std::size_t watched_before = watched();
        {
            Conn c = co_await connect_raw_peer();
            small_kernel_buffers(c.writer, c.peer);
            Blocked b = co_await write_until_drain_blocks(&c.writer, 16 * 1024, 20ms);
            EXPECT_TRUE(b.blocked);
            const int fds = open_fds();
            const std::size_t registered = watched();
            bool timed_out = false;
            try {
                co_await asyncio::wait_for(drain(&c.writer), 30ms);
            } catch (const asyncio::TimeoutError&) {
                timed_out = true;
            }
            EXPECT_TRUE(timed_out);
            b.drain.cancel();
            EXPECT_THROW(co_await b.drain, asyncio::CancelledError);
            EXPECT_EQ(open_fds(), fds);
            EXPECT_EQ(watched(), registered);
            // The writer still works: the peer reads, a new drain returns.
            Task<std::string> reading = asyncio::create_task(recv_exactly(&c.peer, b.written));
            co_await asyncio::wait_for(drain(&c.writer), 5s);
            EXPECT_EQ((co_await reading).size(), b.written);
            // A peer that stopped reading again: abort drops the queue and closes now.
            b = co_await write_until_drain_blocks(&c.writer, 16 * 1024, 20ms);
            c.writer.transport().abort();
            co_await c.writer.wait_closed();
            // As Python's: the drain that waited returns (the close was no error); a new one
            // raises.
            EXPECT_NO_THROW(co_await b.drain);
            EXPECT_THROW(co_await drain(&c.writer), asyncio::ConnectionResetError);
        }
        EXPECT_EQ(open_fds(), fds_before);
        EXPECT_EQ(watched(), watched_before);
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
