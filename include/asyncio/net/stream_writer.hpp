// `StreamWriter`: Python's asyncio.StreamWriter.
//
// `write()` never blocks: it queues the bytes, and everything written to the stream during a
// loop turn leaves in one system call at the end of that turn (so a line written to many
// clients, or many lines to one, costs one send per client per turn, and a lone write still
// leaves in the turn it was made); what the kernel does not take then waits for the socket to
// become writable. `get_write_buffer_size()` counts the bytes not yet sent. `co_await drain()` is
// the back-pressure: it returns at once while the queue is below its high water mark (64 KiB), and
// otherwise waits until it has fallen to the low one, so a writer to a slow peer waits instead of
// growing its memory. It raises the connection's error (ConnectionResetError, BrokenPipeError) once
// the connection has failed. A drain allocates nothing (its awaitable, `StreamWriter::Drain`, is no
// coroutine) and is cancellable while it waits. `close()` sends what is queued, then closes;
// `wait_closed()` waits for that, and raises the connection's error if it failed (a reset), as
// Python's does; `abort()` closes at once, dropping the queue. A writer that is destroyed while
// open closes its connection the way close() does.
#pragma once

#include <any>
#include <chrono>
#include <coroutine>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "asyncio/core/coro.hpp"
#include "asyncio/detail/net/stream_transport.hpp"
#include "asyncio/net/ssl_context.hpp"

namespace asyncio {

namespace detail {
struct StreamAccess;
}

class StreamWriter {
  public:
    StreamWriter(StreamWriter&&) noexcept;
    StreamWriter& operator=(StreamWriter&&) noexcept;
    ~StreamWriter();

    void write(std::string_view data);
    // Takes the string's buffer: queued without a copy if the kernel cannot take it now.
    void write(std::string&& data);
    void write(const char* data) { write(std::string_view(data)); }
    // Writes every piece, gathered into one system call when nothing is queued.
    template <class Range>
    void writelines(const Range& lines) {
        std::vector<std::string_view> parts(std::begin(lines), std::end(lines));
        write_parts(parts);
    }
    void writelines(std::initializer_list<std::string_view> lines) {
        write_parts(std::vector<std::string_view>(lines));
    }
    class Drain;
    Drain drain() noexcept;
    bool can_write_eof() const noexcept;
    // Half-closes: the peer reads the end of the stream; reading goes on.
    void write_eof();
    std::size_t get_write_buffer_size() const noexcept;
    void set_write_buffer_limits(std::optional<std::size_t> high = {},
                                 std::optional<std::size_t> low = {});

    void close() noexcept;
    // Closes now, dropping what is queued (Python's `writer.transport.abort()`): for a peer
    // that does not keep up. What was written during this turn still goes to the kernel if it
    // takes it at once. Reads of the connection then see its end; a drain that was waiting
    // returns, a new one raises ConnectionResetError.
    void abort() noexcept;
    bool is_closing() const noexcept;
    Coro<> wait_closed();

    // Upgrades the connection to TLS (Python 3.11's StreamWriter.start_tls): the reader of
    // the same connection reads the decrypted stream afterwards. A client checks the peer
    // against `server_hostname`. SSLError / SSLCertVerificationError when the handshake
    // fails (the connection is then closed); TimeoutError after `ssl_handshake_timeout`,
    // saying which side, with whom and after how long ("client-side TLS handshake with
    // 127.0.0.1:4433 (server_hostname 'localhost') timed out after 60.0 s").
    Coro<> start_tls(SSLContext context, std::string server_hostname = {},
                     std::chrono::milliseconds ssl_handshake_timeout = std::chrono::seconds(60));

    // Python's get_extra_info: "peername", "sockname" (SocketAddress), "socket" (int), and
    // with TLS "cipher", "ssl_version", "peercert", "alpn_protocol" (std::string).
    // Empty / nullopt when the connection has no such thing.
    std::any get_extra_info(std::string_view name) const;
    template <class T>
    std::optional<T> get_extra_info(std::string_view name) const {
        std::any value = get_extra_info(name);
        if (const T* typed = std::any_cast<T>(&value)) return *typed;
        return std::nullopt;
    }

  private:
    friend struct detail::StreamAccess;
    explicit StreamWriter(std::shared_ptr<detail::StreamTransport> transport) noexcept;

    void write_parts(const std::vector<std::string_view>& parts);

    std::shared_ptr<detail::StreamTransport> transport_;
};

// What `co_await writer.drain()` awaits (see above).
class StreamWriter::Drain {
  public:
    bool await_ready() const noexcept { return drain_.await_ready(); }
    void await_suspend(std::coroutine_handle<> self) { drain_.await_suspend(self); }
    void await_resume() { drain_.await_resume(); }

  private:
    friend class StreamWriter;
    explicit Drain(detail::StreamTransport& transport) noexcept : drain_(transport) {}

    detail::StreamTransport::Drain drain_;
};

inline StreamWriter::Drain StreamWriter::drain() noexcept { return Drain(*transport_); }

}  // namespace asyncio
