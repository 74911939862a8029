// Python's rule for a stream closed from our side: after `writer.close(); await
// writer.wait_closed()`, the same connection's `reader.at_eof()` is true (connection_lost
// feeds the reader EOF), once the bytes already buffered are read. A connection that failed
// (a reset) is not at EOF: its next read raises.
#include <gtest/gtest.h>

#include <string>

#include "asyncio/combinators/timeout.hpp"
#include "asyncio/net/errors.hpp"
#include "asyncio/net/streams.hpp"
#include "net/net_support.hpp"
#include "support/test_support.hpp"

namespace {

using namespace std::chrono_literals;
using namespace asyncio_test;
using asyncio::Coro;
using asyncio::Socket;

// A connection to a raw peer socket (accepted here, so the test drives both sides).
struct Pair {
    Socket peer;
    asyncio::Streams streams;
};

Coro<Pair> connect_pair() {
    Socket listener = listen_on();
    asyncio::Streams streams = co_await asyncio::open_connection("127.0.0.1", port_of(listener));
    auto [peer, address] = co_await listener.accept();
    co_return Pair{std::move(peer), std::move(streams)};
}

TEST(StreamClose, ReaderIsAtEofOnceTheWriterHasClosed) {
    run_bounded([]() -> Coro<> {
        Pair pair = co_await connect_pair();
        auto& [reader, writer] = pair.streams;
        EXPECT_FALSE(reader.at_eof());
        writer.close();
        co_await writer.wait_closed();
        EXPECT_TRUE(reader.at_eof());
        EXPECT_EQ(co_await reader.read(), "");
    }());
}

// Bytes already in the reader's buffer are read first; at_eof() is true after them.
TEST(StreamClose, BufferedBytesAreReadBeforeTheEnd) {
    run_bounded([]() -> Coro<> {
        Pair pair = co_await connect_pair();
        auto& [reader, writer] = pair.streams;
        co_await send_all(&pair.peer, "tail");
        EXPECT_EQ(co_await asyncio::wait_for(reader.readexactly(2), 2s), "ta");
        writer.close();
        co_await writer.wait_closed();
        EXPECT_FALSE(reader.at_eof());
        EXPECT_EQ(co_await reader.read(), "il");
        EXPECT_TRUE(reader.at_eof());
    }());
}

// A reset is a failure, not the end: at_eof() stays false and reads raise; wait_closed()
// raises it too, every time, as Python's does (its close waiter holds connection_lost's error).
TEST(StreamClose, ResetIsNotTheEnd) {
    run_bounded([]() -> Coro<> {
        Pair pair = co_await connect_pair();
        auto& [reader, writer] = pair.streams;
        reset_close(pair.peer);
        EXPECT_THROW(co_await asyncio::wait_for(reader.read(), 2s), asyncio::ConnectionResetError);
        EXPECT_FALSE(reader.at_eof());
        writer.close();
        EXPECT_THROW(co_await writer.wait_closed(), asyncio::ConnectionResetError);
        EXPECT_THROW(co_await writer.wait_closed(), asyncio::ConnectionResetError);
        EXPECT_FALSE(reader.at_eof());
    }());
}

// abort() drops what the kernel has not taken, closes at once, and the same connection's
// reader sees the end; the peer gets no more than was sent before it, then the end.
TEST(StreamClose, AbortDropsTheQueueAndEndsTheReads) {
    run_bounded([]() -> Coro<> {
        Pair pair = co_await connect_pair();
        auto& [reader, writer] = pair.streams;
        const std::string big(32 * 1024 * 1024, 'x');  // more than the kernel's buffers take
        writer.write(big);
        co_await asyncio::sleep(0s);  // the turn ends: the kernel takes what it can
        const std::size_t queued = writer.get_write_buffer_size();
        EXPECT_GT(queued, 0u);
        writer.abort();
        EXPECT_TRUE(writer.is_closing());
        EXPECT_EQ(writer.get_write_buffer_size(), 0u);
        co_await asyncio::wait_for(writer.wait_closed(), 2s);
        EXPECT_EQ(co_await reader.read(), "");
        EXPECT_TRUE(reader.at_eof());
        const std::string received = co_await asyncio::wait_for(recv_to_eof(&pair.peer), 5s);
        EXPECT_EQ(received.size(), big.size() - queued);
        EXPECT_EQ(received.find_first_not_of('x'), std::string::npos);
    }());
}

}  // namespace
