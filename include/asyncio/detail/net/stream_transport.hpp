// The byte stream under a StreamReader and a StreamWriter: a connected socket, its write
// queue, and TLS when there is one.
//
// Reading is pulled: nothing is read until a reader asks, so a peer that sends faster than
// the application reads is held back by TCP itself. Writing is pushed and coalesced: `write`
// queues the bytes, and everything written during a loop turn leaves together, in one
// sendmsg at the end of that turn (a lone write still leaves in the turn it was made, so
// latency does not grow; with no loop running, a write is sent at once; past the high water
// mark, at once too). What the kernel does not take is sent when the socket's next writable
// edge comes. The queue's high and low water
// marks drive `drain()`, Python's back-pressure; a drain() above the high water mark sends
// what is pending first.
//
// `close()` sends what is queued, then closes (a lingering close runs as a small task that
// keeps the transport alive, and is aborted if the loop shuts down first); `abort()` drops
// the queue. A failed read or write (a reset, a broken pipe) closes the transport; the
// error is raised by the next read and by `drain()`. A transport closed without an error
// (by close() or abort()) is at the end of its stream, as Python's reader is once fed EOF
// by connection_lost: `closed_cleanly()`.
#pragma once

#include <any>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "asyncio/core/coro.hpp"
#include "asyncio/detail/loop/turn_end.hpp"
#include "asyncio/detail/net/compact_address.hpp"
#include "asyncio/detail/net/read_buffer.hpp"
#include "asyncio/detail/net/tls_engine.hpp"
#include "asyncio/detail/net/write_queue.hpp"
#include "asyncio/net/socket.hpp"
#include "asyncio/net/ssl_context.hpp"
#include "asyncio/sync/event.hpp"

namespace asyncio::detail {

class StreamTransport final : private WritableListener,
                              private TurnEndWork,
                              public std::enable_shared_from_this<StreamTransport> {
  public:
    static constexpr std::size_t kDefaultHighWater = 64 * 1024;
    static constexpr std::size_t kMaxGather = 64;  // buffers per sendmsg

    // `socket` is connected. Call on the loop that will run it.
    explicit StreamTransport(Socket socket);
    ~StreamTransport();
    StreamTransport(const StreamTransport&) = delete;
    StreamTransport& operator=(const StreamTransport&) = delete;

    // -- reading --
    // Appends what arrives to `buffer`: the byte count, 0 at the end of the stream.
    Coro<std::size_t> read_into(ReadBuffer& buffer);

    // -- writing --
    void write(std::string_view data) {
        // On its way at the end of this turn already, plain, below the high water mark: the
        // bytes join the queue (most writes of a busy server take this path).
        if (scheduled() && !tls_ && queue_.size() + data.size() <= high_water_) [[likely]] {
            queue_.append(data);
            return;
        }
        write_slow(data);
    }
    void write(std::string&& data);
    void writelines(std::span<const std::string_view> parts);
    std::size_t get_write_buffer_size() const noexcept { return queue_.size(); }
    // Python's defaults: high 64 KiB, low a quarter of high.
    void set_write_buffer_limits(std::optional<std::size_t> high = {},
                                 std::optional<std::size_t> low = {});
    class Drain;
    Drain drain() noexcept;
    bool can_write_eof() const noexcept { return !tls_; }
    void write_eof();

    // -- closing --
    void close() noexcept;
    void abort() noexcept;
    bool is_closing() const noexcept { return closing_; }
    bool is_closed() const noexcept { return closed_; }
    // Closed, and not by a failure: reads are at the end of the stream.
    bool closed_cleanly() const noexcept { return closed_ && !error_; }
    // The failure that ended the connection (a reset...), or null.
    const std::exception_ptr& error() const noexcept { return error_; }
    Coro<> wait_closed();
    // Waits for a close under way to complete, keeping the transport alive meanwhile; if
    // cancelled, aborts it.
    static Coro<> finish_closing(std::shared_ptr<StreamTransport> transport);
    // Ends the connection now (the queue dropped) with `error`, which reads and drain() then
    // raise; nothing if it is already closed.
    void fail(std::exception_ptr error) noexcept;

    // Counts the reads and sends that moved bytes: a watcher that sees it unchanged over a
    // while knows the connection was idle (the server's idle_timeout), at the cost of one
    // increment per system call rather than a clock read or a timer per read.
    std::uint64_t progress() const noexcept { return progress_; }

    // -- TLS --
    Coro<> start_tls(SSLContext context, bool server_side, std::string server_hostname);

    // "peername", "sockname" (SocketAddress), "socket" (int), and with TLS "cipher",
    // "ssl_version", "peercert" (the subject), "alpn_protocol" (std::string).
    std::any get_extra_info(std::string_view name) const;

  private:
    void on_writable() noexcept override;
    void at_turn_end() noexcept override;
    void write_slow(std::string_view data);
    void flush_pending() noexcept;
    void raise_if_lost() const {
        if (error_ || closed_) [[unlikely]]
            raise_lost();
    }
    [[noreturn]] void raise_lost() const;
    static Coro<std::size_t> nothing_to_read();
    Coro<std::size_t> read_raw(ReadBuffer& buffer);
    Coro<std::size_t> read_tls(ReadBuffer& buffer);
    Coro<> handshake(std::string server_hostname);
    void write_plain(std::string_view data, std::string* owned);
    std::size_t send_now(std::span<const iovec> from, std::size_t total) noexcept;
    void send_tls_output();
    void flush() noexcept;
    void after_flush() noexcept;
    void connection_lost(int error, const char* what) noexcept;
    void finish_close() noexcept;
    void linger() noexcept;

    Socket socket_;
    EventLoop& loop_;  // the socket's
    WriteQueue queue_;
    std::size_t high_water_ = kDefaultHighWater;
    std::size_t low_water_ = kDefaultHighWater / 4;
    bool paused_ = false;  // above the high water mark: drain() waits
    bool closing_ = false;
    bool closed_ = false;
    bool eof_requested_ = false;
    std::uint64_t progress_ = 0;
    std::exception_ptr error_;
    WaitQueue drainers_;
    Event closed_event_;
    std::unique_ptr<TlsEngine> tls_;
    ReadBuffer ciphertext_;  // TLS: received, not yet fed to the engine
    CompactAddress peername_;
    CompactAddress sockname_;
};

// `co_await transport.drain()`: ready at once below the high water mark (no frame, no
// suspension: the common case); otherwise waits in line until the queue is down to the low
// one. Raises the connection's error once it has failed.
class StreamTransport::Drain {
  public:
    explicit Drain(StreamTransport& transport) noexcept : transport_(transport) {}
    bool await_ready() const noexcept {
        if (transport_.paused_) transport_.flush_pending();
        return !transport_.paused_;
    }
    void await_suspend(std::coroutine_handle<> self) {
        wait_.emplace(transport_.drainers_);
        wait_->await_suspend(self);
    }
    void await_resume() {
        if (wait_) {
            wait_->await_resume();
            // Woken by a clean close: done, as Python's drain (only a new drain() raises).
            if (!transport_.error_) return;
        }
        transport_.raise_if_lost();
    }

  private:
    StreamTransport& transport_;
    std::optional<WaitQueue::Awaiter> wait_;
};

inline StreamTransport::Drain StreamTransport::drain() noexcept { return Drain(*this); }

// A transport over a connected socket, set up as streams want it: TCP_NODELAY (a line goes
// out when written), and SO_KEEPALIVE if asked.
std::shared_ptr<StreamTransport> make_transport(Socket socket, bool keep_alive);

}  // namespace asyncio::detail
