// `StreamReader`: Python's asyncio.StreamReader, reading from a connection (or from what
// `feed_data` gives it, for tests and parsers).
//
// `read(n)` returns what is there (up to n bytes; waits only if nothing is), `read()` reads
// to the end, `readline()`, `readuntil(sep)` and `readexactly(n)` return exactly one piece.
// An empty result means the end of the stream (`at_eof()`). The buffer holds at most about
// `limit` bytes plus one read: a line or a separator further than `limit` raises
// LimitOverrunError, and the stream stays usable, as in Python (readuntil leaves the data in
// the buffer; readline drops the line, or what was buffered of it). Connection failures raise
// the transport's error (ConnectionResetError...).
//
// Only one task may read at a time (RuntimeError otherwise). A read that is cancelled loses
// nothing: bytes already received stay in the buffer for the next read.
//
// `lines()` is Python's `async for line in reader`: an AsyncGenerator of the lines, each with
// its "\n", until the end of the stream (see core/async_generator.hpp for the loop).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "asyncio/core/async_generator.hpp"
#include "asyncio/core/coro.hpp"
#include "asyncio/detail/net/read_buffer.hpp"
#include "asyncio/detail/sync/wait_queue.hpp"

namespace asyncio {

namespace detail {
class StreamTransport;
struct StreamAccess;
}  // namespace detail

class StreamReader {
  public:
    static constexpr std::size_t kDefaultLimit = 64 * 1024;

    // A reader fed by feed_data() / feed_eof().
    explicit StreamReader(std::size_t limit = kDefaultLimit);
    StreamReader(StreamReader&&) noexcept;
    StreamReader& operator=(StreamReader&&) noexcept;
    ~StreamReader();

    // Up to `n` bytes (n < 0: everything up to the end of the stream).
    Coro<std::string> read(std::ptrdiff_t n = -1);
    // One line, with its "\n"; the last line may lack it; empty at the end of the stream.
    Coro<std::string> readline();
    // Everything up to and including `separator`. IncompleteReadError at the end of the
    // stream, LimitOverrunError past the limit.
    Coro<std::string> readuntil(std::string separator = "\n");
    // Exactly `n` bytes, or IncompleteReadError with what there was.
    Coro<std::string> readexactly(std::size_t n);
    // Python's `async for line in reader`: readline() until the end of the stream; errors
    // (LimitOverrunError...) are raised at the line. Reads from this reader, which must stay
    // where it is (not moved) while the generator is in use.
    //   auto lines = reader.lines();
    //   for (auto it = co_await lines.begin(); it != lines.end(); co_await ++it) use(*it);
    AsyncGenerator<std::string> lines();
    // True when the stream has ended and the buffer is empty. As in Python, a connection
    // closed here (`writer.close(); co_await writer.wait_closed();`, or aborted) has ended:
    // at_eof() is true without another read. One that failed (a reset) has not: the next
    // read raises its error.
    bool at_eof() const noexcept;

    void feed_data(std::string_view data);
    void feed_eof();
    std::size_t limit() const noexcept { return limit_; }
    // Bytes received and not read yet.
    std::size_t buffered() const noexcept { return buffer_.size(); }

  private:
    friend struct detail::StreamAccess;
    StreamReader(std::shared_ptr<detail::StreamTransport> transport, std::size_t limit);

    struct ReadScope;
    // Waits for more bytes; false at the end of the stream.
    Coro<bool> fill(const char* caller);

    std::shared_ptr<detail::StreamTransport> transport_;
    detail::ReadBuffer buffer_;
    std::size_t limit_;
    bool eof_ = false;
    bool reading_ = false;
    std::unique_ptr<detail::WaitQueue> fed_;  // without a transport: readers wait for feed_data
};

}  // namespace asyncio
