// Streams when things go wrong: a peer that resets mid-stream, and cancellations that leave
// no descriptor, watch or byte behind.
#include <gtest/gtest.h>
#include <sys/socket.h>

#include "net/stream_support.hpp"

namespace {

using namespace asyncio_test::streams;  // with the names the stream tests use

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
            c.writer.abort();
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

}  // namespace
