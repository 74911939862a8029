// Helpers of the stream tests: our streams against a raw peer or against streams, drain as a
// Coro, small kernel buffers.
#pragma once

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
#include "asyncio/detail/net/stream_access.hpp"
#include "asyncio/loop/sleep.hpp"
#include "asyncio/net/errors.hpp"
#include "net/net_support.hpp"
#include "support/test_support.hpp"

namespace asyncio_test::streams {

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

inline Coro<Conn> connect_raw_peer(std::string host, StreamOptions options) {
    Socket listener = listen_on(host);
    auto [reader, writer] =
        co_await asyncio::open_connection(host, port_of(listener), std::move(options));
    auto [peer, address] = co_await listener.accept();
    Conn conn{std::move(reader), std::move(writer), std::move(peer)};
    co_return conn;
}
inline Coro<Conn> connect_raw_peer(std::string host) {
    return connect_raw_peer(std::move(host), StreamOptions());
}
inline Coro<Conn> connect_raw_peer() { return connect_raw_peer("127.0.0.1", StreamOptions()); }

// Streams on both ends.
struct Pair {
    StreamReader reader;
    StreamWriter writer;
    StreamReader peer_reader;
    StreamWriter peer_writer;
};

inline Coro<Pair> stream_pair() {
    Conn conn = co_await connect_raw_peer();
    auto [reader, writer] = co_await asyncio::open_connection(std::move(conn.peer));
    Pair pair{std::move(conn.reader), std::move(conn.writer), std::move(reader), std::move(writer)};
    co_return pair;
}

// drain() is an awaiter; these make a Coro of it for wait_for and create_task.
inline Coro<> drain(StreamWriter* writer) { co_await writer->drain(); }
inline Coro<int> drain_task(StreamWriter* writer) {
    co_await writer->drain();
    co_return 0;
}

inline Coro<> turns(int n = 3) {
    for (int i = 0; i < n; ++i) co_await asyncio::sleep(0s);
}

inline int socket_of(const StreamWriter& writer) { return *writer.get_extra_info<int>("socket"); }

// Small fixed kernel buffers (no autotuning), so a peer that does not read pushes back soon.
inline void small_kernel_buffers(const StreamWriter& writer, Socket& peer) {
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

inline Coro<Blocked> write_until_drain_blocks(StreamWriter* writer, std::size_t chunk_size,
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

}  // namespace asyncio_test::streams
