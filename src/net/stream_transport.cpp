#include "asyncio/detail/net/stream_transport.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <cerrno>

#include "asyncio/core/task.hpp"
#include "asyncio/loop/event_loop.hpp"
#include "asyncio/net/errors.hpp"

namespace asyncio::detail {

Coro<> StreamTransport::finish_closing(std::shared_ptr<StreamTransport> transport) {
    struct AbortUnlessClosed {  // cancelled (the loop or the server is shutting down)
        StreamTransport& transport;
        ~AbortUnlessClosed() { transport.abort(); }
    } guard{*transport};
    co_await transport->wait_closed();
}

StreamTransport::StreamTransport(Socket socket)
    : socket_(std::move(socket)), loop_(socket_.registration().loop()) {
    socket_.registration().listener = this;
    // Recorded now, as Python does: they outlive the connection (and a reset).
    try {
        peername_ = CompactAddress(socket_.peername());
        sockname_ = CompactAddress(socket_.sockname());
    } catch (const OSError&) {
    }
}

StreamTransport::~StreamTransport() = default;  // the socket closes itself

std::shared_ptr<StreamTransport> make_transport(Socket socket, bool keep_alive) {
    const int family = socket.family();
    if (family == AF_INET || family == AF_INET6) {
        socket.set_option(IPPROTO_TCP, TCP_NODELAY, 1);
        if (keep_alive) socket.set_option(SOL_SOCKET, SO_KEEPALIVE, 1);
    }
    return std::make_shared<StreamTransport>(std::move(socket));
}

// -- reading --

// Not a coroutine itself: one frame less on every read.
Coro<std::size_t> StreamTransport::read_into(ReadBuffer& buffer) {
    if (error_) std::rethrow_exception(error_);
    if (closing_) return nothing_to_read();
    return tls_ ? read_tls(buffer) : read_raw(buffer);
}

Coro<std::size_t> StreamTransport::nothing_to_read() { co_return 0; }

Coro<std::size_t> StreamTransport::read_raw(ReadBuffer& buffer) {
    Registration& io = socket_.registration();
    for (;;) {
        if (io.ready(Registration::Direction::read)) {
            // What overflows the stream's buffer lands in the thread's receive area and is
            // copied over: one system call takes a burst while an idle stream stays small.
            // A buffer whose tail is as large as the area (a stream that keeps a bulk buffer)
            // takes the burst alone: nothing to copy over, nothing to grow.
            const std::span<char> tail = buffer.tail(0);
            const std::span<char> overflow = receive_area();
            const iovec into[2] = {{tail.data(), tail.size()}, {overflow.data(), overflow.size()}};
            const bool has_tail = !tail.empty();
            const bool tail_only = tail.size() >= overflow.size();
            const long n = socket_.try_readv(
                {into + (has_tail ? 0 : 1), tail_only ? 1u : (has_tail ? 2u : 1u)});
            if (n >= 0) {
                ++progress_;
                const std::size_t direct = std::min<std::size_t>(n, tail.size());
                buffer.commit(direct);
                buffer.append({overflow.data(), static_cast<std::size_t>(n) - direct});
                co_return static_cast<std::size_t>(n);
            }
            if (!would_block(errno)) {
                connection_lost(errno, "recv");
                std::rethrow_exception(error_);
            }
        }
        co_await io.next_edge(Registration::Direction::read);
        if (error_) std::rethrow_exception(error_);
        if (closing_) co_return 0;
    }
}

Coro<std::size_t> StreamTransport::read_tls(ReadBuffer& buffer) {
    for (;;) {
        long n = 0;
        std::exception_ptr failure;
        try {
            n = tls_->read(buffer.tail(ReadBuffer::kUsualCapacity));
        } catch (...) {
            failure = std::current_exception();
        }
        try {
            send_tls_output();  // reading may answer the peer (key updates, tickets, an alert)
        } catch (...) {
        }
        if (failure) {  // a TLS protocol error ends the connection, as a reset does
            fail(failure);
            std::rethrow_exception(failure);
        }
        if (n > 0) {
            buffer.commit(static_cast<std::size_t>(n));
            co_return static_cast<std::size_t>(n);
        }
        if (n < 0) co_return 0;                                       // close_notify
        const std::size_t received = co_await read_raw(ciphertext_);  // named: see handshake()
        if (received == 0) co_return 0;
        tls_->feed(ciphertext_.view());
        ciphertext_.clear();
    }
}

// -- writing --

void StreamTransport::write_slow(std::string_view data) {
    if (!tls_) return write_plain(data, nullptr);
    if (eof_requested_) throw RuntimeError("Cannot call write() after write_eof()");
    if (closing_ || data.empty()) return;
    tls_->write(data);
    send_tls_output();
}

void StreamTransport::write(std::string&& data) {
    if (!tls_) return write_plain(data, &data);
    write(std::string_view(data));
}

void StreamTransport::writelines(std::span<const std::string_view> parts) {
    for (std::string_view part : parts) write(part);
}

// `owned` is `data` itself when the caller gave it away: a large one is then queued without
// a copy.
void StreamTransport::write_plain(std::string_view data, std::string* owned) {
    if (eof_requested_) throw RuntimeError("Cannot call write() after write_eof()");
    if (closing_ || data.empty()) return;
    if (!queue_.empty()) {
        // Already on its way: at the end of this turn, or at the next writable edge.
    } else if (&loop_ == EventLoop::running()) {
        LoopAccess::turn_end(loop_).schedule(*this);
    } else {  // no loop to send it at the end of a turn: now
        const iovec from{const_cast<char*>(data.data()), data.size()};
        data.remove_prefix(send_now({&from, 1}, data.size()));
        if (data.empty()) return;
    }
    if (owned && data.size() == owned->size()) {
        queue_.append(std::move(*owned));
    } else {
        queue_.append(data);
    }
    if (queue_.size() > high_water_) {
        // A turn coalesces up to the high water mark: beyond it the bytes go to the kernel now,
        // so that memory and get_write_buffer_size() reflect what the peer has not taken, not
        // how much this turn wrote.
        flush_pending();
        if (queue_.size() > high_water_) paused_ = true;
    }
}

// Sends what the kernel takes now of `total` bytes, if nothing is queued before them; the
// count taken (all of it when the connection just failed: there is nothing left to queue).
std::size_t StreamTransport::send_now(std::span<const iovec> from, std::size_t total) noexcept {
    if (!queue_.empty() || closed_ || !socket_.registration().ready(Registration::Direction::write))
        return 0;
    const long sent = socket_.try_writev(from);
    if (sent >= 0) {
        ++progress_;
        return static_cast<std::size_t>(sent);
    }
    if (would_block(errno)) return 0;
    connection_lost(errno, "send");
    return total;
}

void StreamTransport::send_tls_output() {
    std::string ciphertext = tls_->take_output();
    if (!ciphertext.empty()) write_plain(ciphertext, &ciphertext);
}

void StreamTransport::on_writable() noexcept {
    if (!queue_.empty()) flush();
}

void StreamTransport::at_turn_end() noexcept {
    if (!queue_.empty() && !closed_) flush();
}

// Sends now what was to leave at the end of the turn (close, write_eof and a drain above
// the high water mark need the kernel's answer now).
void StreamTransport::flush_pending() noexcept {
    if (!scheduled()) return;
    unschedule();
    at_turn_end();
}

void StreamTransport::flush() noexcept {
    Registration& io = socket_.registration();
    while (!queue_.empty() && io.ready(Registration::Direction::write)) {
        iovec from[kMaxGather];
        const int count = queue_.gather(from, static_cast<int>(kMaxGather));
        const long sent = socket_.try_writev({from, static_cast<std::size_t>(count)});
        if (sent < 0) {
            if (would_block(errno)) break;
            return connection_lost(errno, "send");
        }
        queue_.consume(static_cast<std::size_t>(sent));
        ++progress_;
    }
    after_flush();
}

void StreamTransport::after_flush() noexcept {
    if (paused_ && queue_.size() <= low_water_) {
        paused_ = false;
        drainers_.grant_all();
    }
    if (!queue_.empty()) return;
    if (closing_) return finish_close();
    if (eof_requested_) ::shutdown(socket_.fileno(), SHUT_WR);
}

void StreamTransport::set_write_buffer_limits(std::optional<std::size_t> high,
                                              std::optional<std::size_t> low) {
    const std::size_t new_high = high.value_or(low ? 4 * *low : kDefaultHighWater);
    const std::size_t new_low = low.value_or(new_high / 4);
    if (new_low > new_high) throw ValueError("high water mark must be >= low water mark");
    high_water_ = new_high;
    low_water_ = new_low;
    if (queue_.size() > high_water_) paused_ = true;
    after_flush();  // unpauses, and wakes drain(), at or below the new low mark
}

void StreamTransport::raise_lost() const {
    if (error_) std::rethrow_exception(error_);
    raise_os_error(ECONNRESET, "drain: connection lost");
}

void StreamTransport::write_eof() {
    if (tls_) throw RuntimeError("write_eof(): TLS does not support half-closed connections");
    if (eof_requested_ || closing_) return;
    flush_pending();
    eof_requested_ = true;
    if (queue_.empty()) ::shutdown(socket_.fileno(), SHUT_WR);
}

// -- closing --

void StreamTransport::close() noexcept {
    if (closing_) return;
    if (tls_ && !error_) {
        tls_->shutdown();
        try {
            send_tls_output();
        } catch (...) {  // nothing to tell anyone: the connection is going anyway
        }
    }
    flush_pending();
    closing_ = true;
    if (queue_.empty()) return finish_close();
    socket_.registration().wake_all();  // readers see the end of the stream
    linger();
}

void StreamTransport::linger() noexcept {
    EventLoop* loop = EventLoop::running();
    try {
        if (loop && !loop->is_closed()) {
            loop->create_task(finish_closing(shared_from_this()));
            return;
        }
    } catch (...) {  // no memory for the task, or the transport is being destroyed
    }
    abort();
}

// What was written during this turn still goes to the kernel if it takes it now (as it did
// when written: a TLS alert before an abort, a last line before a reset); the rest is dropped.
void StreamTransport::abort() noexcept {
    flush_pending();
    queue_.clear();
    closing_ = true;
    finish_close();
}

void StreamTransport::connection_lost(int error, const char* what) noexcept {
    if (error_) return;
    try {
        raise_os_error(error, what);
    } catch (...) {
        fail(std::current_exception());
    }
}

void StreamTransport::fail(std::exception_ptr error) noexcept {
    if (error_ || closed_) return;
    error_ = std::move(error);
    queue_.clear();
    closing_ = true;
    finish_close();
}

void StreamTransport::finish_close() noexcept {
    if (closed_) return;
    closed_ = closing_ = true;
    paused_ = false;
    drainers_.grant_all();
    closed_event_.set();
    socket_.close();  // wakes the tasks waiting on the socket; last: may end on_io's caller
}

Coro<> StreamTransport::wait_closed() { co_await closed_event_.wait(); }

// -- TLS --

Coro<> StreamTransport::start_tls(SSLContext context, bool server_side,
                                  std::string server_hostname) {
    if (tls_) throw RuntimeError("start_tls(): the connection already uses TLS");
    if (closing_) throw RuntimeError("start_tls(): the connection is closing");
    tls_ = std::make_unique<TlsEngine>(context, server_side, server_hostname);
    // A failed or cancelled handshake leaves the connection unusable: tell the peer why (the
    // alert OpenSSL wrote), then close it.
    std::exception_ptr failure;
    try {
        co_await handshake(std::move(server_hostname));
    } catch (...) {
        failure = std::current_exception();
    }
    if (failure) {
        try {
            send_tls_output();  // the alert OpenSSL wrote, which tells the peer why
        } catch (...) {
        }
        abort();
        std::rethrow_exception(failure);
    }
}

Coro<> StreamTransport::handshake(std::string server_hostname) {
    for (;;) {
        const bool done = tls_->handshake();
        send_tls_output();
        if (done) co_return;
        // Never a co_await in a condition: g++ 12 then misplaces the promise in the frame
        // (the coroutine traps or never resumes). Name the result first.
        const std::size_t received = co_await read_raw(ciphertext_);
        if (received == 0) {
            std::string message = "TLS handshake";
            if (!server_hostname.empty()) message += " with '" + server_hostname + "'";
            message += " failed: the peer closed the connection";
            throw SSLError(message);
        }
        tls_->feed(ciphertext_.view());
        ciphertext_.clear();
    }
}

// -- information --

namespace {
std::any as_any(std::optional<SocketAddress> address) {
    return address ? std::any(*address) : std::any();
}
}  // namespace

std::any StreamTransport::get_extra_info(std::string_view name) const {
    if (name == "socket") return socket_.fileno();
    if (name == "peername") return as_any(peername_.get());
    if (name == "sockname") return as_any(sockname_.get());
    if (!tls_) return {};
    if (name == "cipher") return tls_->cipher();
    if (name == "ssl_version") return tls_->version();
    if (name == "peercert") return tls_->peer_subject();
    if (name == "alpn_protocol") return tls_->alpn_protocol();
    return {};
}

}  // namespace asyncio::detail
