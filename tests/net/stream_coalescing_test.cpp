// Write coalescing: everything written to a stream during a loop turn leaves in one system
// call at the end of that turn, a lone write leaves in the turn it was made, and closing,
// aborting or draining first send what is pending.
#include <gtest/gtest.h>

#include <string>

#include "asyncio/detail/net/stream_access.hpp"
#include "net/stream_support.hpp"

namespace {

using namespace asyncio_test::streams;
using asyncio::detail::StreamAccess;

// Sends that moved bytes on the writer's connection (with the reads: see progress()).
std::uint64_t sends(StreamWriter& writer) { return StreamAccess::transport(writer).progress(); }

TEST(StreamCoalescing, LinesWrittenInOneTurnLeaveInOneSend) {
    run_bounded([]() -> Coro<> {
        Conn conn = co_await connect_raw_peer();
        const std::uint64_t before = sends(conn.writer);
        std::string expected;
        for (int i = 0; i < 100; ++i) {
            const std::string line = numbered("line ", i) + "\n";
            conn.writer.write(line);
            expected += line;
        }
        EXPECT_EQ(conn.writer.get_write_buffer_size(), expected.size());  // not sent yet
        EXPECT_EQ(sends(conn.writer), before);
        co_await asyncio::sleep(0s);  // the turn ends
        EXPECT_EQ(conn.writer.get_write_buffer_size(), 0u);
        EXPECT_EQ(sends(conn.writer), before + 1);
        const std::string received = co_await recv_exactly(&conn.peer, expected.size());
        EXPECT_EQ(received, expected);
    }());
}

TEST(StreamCoalescing, ALoneWriteLeavesInTheTurnItWasMade) {
    run_bounded([]() -> Coro<> {
        Pair pair = co_await stream_pair();
        pair.writer.write("ping\n");
        // The peer's read is answered by the end of this very turn: no extra turn of latency.
        const std::string line = co_await pair.peer_reader.readline();
        EXPECT_EQ(line, "ping\n");
        pair.peer_writer.write("pong\n");
        const std::string answer = co_await pair.reader.readline();
        EXPECT_EQ(answer, "pong\n");
    }());
}

TEST(StreamCoalescing, CloseAbortAndWriteEofSendWhatWasWrittenThisTurn) {
    run_bounded([]() -> Coro<> {
        Pair closed = co_await stream_pair();
        closed.writer.write("last words\n");
        closed.writer.close();
        const std::string after_close = co_await closed.peer_reader.read();
        EXPECT_EQ(after_close, "last words\n");

        Pair aborted = co_await stream_pair();
        aborted.writer.write("before the reset\n");
        aborted.writer.abort();
        const std::string after_abort = co_await aborted.peer_reader.readline();
        EXPECT_EQ(after_abort, "before the reset\n");

        Pair half = co_await stream_pair();
        half.writer.write("then eof\n");
        half.writer.write_eof();
        const std::string after_eof = co_await half.peer_reader.read();
        EXPECT_EQ(after_eof, "then eof\n");
        const std::string nothing = co_await half.peer_reader.read();
        EXPECT_EQ(nothing, "");  // the end of the stream
    }());
}

// A turn coalesces up to the high water mark: a write past it goes to the kernel at once, so
// the buffer size counts what the peer has not taken, not how much the turn wrote.
TEST(StreamCoalescing, PastTheHighWaterMarkTheBytesLeaveAtOnce) {
    run_bounded([]() -> Coro<> {
        Pair pair = co_await stream_pair();
        const std::string small(kLow, 's');
        pair.writer.write(small);
        EXPECT_EQ(pair.writer.get_write_buffer_size(), small.size());  // waits for the turn's end
        const std::string block(kHigh, 'b');
        pair.writer.write(block);
        EXPECT_LT(pair.writer.get_write_buffer_size(), small.size() + block.size());
        co_await pair.writer.drain();
        const std::string received = co_await pair.peer_reader.readexactly(kLow + kHigh);
        EXPECT_EQ(received, small + block);
    }());
}

}  // namespace
