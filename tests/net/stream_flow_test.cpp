// Streams and flow: drain() as real back-pressure with a bounded write buffer, half-close,
// 100 KiB lines against the 64 KiB limit, the ends of streams, and closing.
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <cstddef>
#include <memory>
#include <type_traits>
#include <utility>

#include "net/stream_support.hpp"

namespace {

using namespace asyncio_test::streams;  // with the names the stream tests use

// drain() gives a public awaitable; the transport under the streams is the library's.
static_assert(std::is_same_v<decltype(std::declval<StreamWriter&>().drain()), StreamWriter::Drain>);
using TransportRef = std::shared_ptr<asyncio::detail::StreamTransport>;
static_assert(!std::is_constructible_v<StreamWriter, TransportRef>);
static_assert(!std::is_constructible_v<StreamReader, TransportRef, std::size_t>);
template <class Writer>
concept ShowsTransport = requires(const Writer& writer) {
    writer.transport();
};
static_assert(!ShowsTransport<StreamWriter>);

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
        // Writing after write_eof is an error, as in Python, with Python's message.
        try {
            p.writer.write("more");
            ADD_FAILURE() << "no RuntimeError";
        } catch (const asyncio::RuntimeError& e) {
            EXPECT_STREQ(e.what(), "Cannot call write() after write_eof()");
        }
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

}  // namespace
