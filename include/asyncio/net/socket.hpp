// `Socket`: a non-blocking socket with coroutine operations (Python's `loop.sock_*` calls,
// as methods): `connect`, `accept`, `recv`, `send`, `sendall`, `recvfrom`, `sendto`.
//
// A Socket owns its file descriptor (closed by `close()` or the destructor) and is
// move-only. It joins the running loop's poller on its first coroutine operation and
// belongs to that loop from then on; it must not outlive it. Every operation tries its
// system call first and suspends only when the kernel would block (see
// detail/net/registration.hpp). Every suspension is cancellable and leaves the socket as it was,
// except `connect`: a cancelled connect closes the socket (the attempt cannot be taken back).
// Failures raise OSError and its subclasses (ConnectionResetError...), naming the operation and
// address.
//
// The buffers given to `recv`, `send`... are the caller's and must stay alive until the
// co_await completes.
#pragma once

#include <sys/uio.h>

#include <cerrno>
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <utility>

#include "asyncio/core/coro.hpp"
#include "asyncio/detail/net/registration.hpp"
#include "asyncio/net/address.hpp"

namespace asyncio {

class Socket {
  public:
    Socket() noexcept = default;
    // Adopts `fd`, which must be non-blocking.
    Socket(int fd, int family, int type) noexcept : fd_(fd), family_(family), type_(type) {}
    // A new non-blocking, close-on-exec socket; OSError if the system refuses.
    static Socket create(int family, int type, int protocol = 0);

    Socket(Socket&& other) noexcept
        : fd_(std::exchange(other.fd_, -1)),
          family_(other.family_),
          type_(other.type_),
          registration_(std::move(other.registration_)) {}
    Socket& operator=(Socket other) noexcept {
        std::swap(fd_, other.fd_);
        std::swap(family_, other.family_);
        std::swap(type_, other.type_);
        std::swap(registration_, other.registration_);
        return *this;
    }
    ~Socket() { close(); }

    int fileno() const noexcept { return fd_; }
    bool is_open() const noexcept { return fd_ >= 0; }
    int family() const noexcept { return family_; }  // AF_INET, AF_INET6, AF_UNIX
    int type() const noexcept { return type_; }      // SOCK_STREAM, SOCK_DGRAM
    // Closes the descriptor now; tasks waiting on it wake and see it closed.
    void close() noexcept;

    // -- plain calls --
    void bind(const SocketAddress& address);
    void listen(int backlog);
    void shutdown(int how);  // SHUT_RD, SHUT_WR, SHUT_RDWR
    void set_option(int level, int name, int value);
    int get_option(int level, int name) const;
    SocketAddress sockname() const;
    SocketAddress peername() const;

    // -- coroutine calls --
    // Connects; ConnectionRefusedError, OSError... on failure.
    Coro<> connect(SocketAddress address);
    // The next connection and its peer's address.
    Coro<std::pair<Socket, SocketAddress>> accept();
    // Some bytes into `buffer`; 0 at the end of the stream.
    Coro<std::size_t> recv(std::span<char> buffer);
    // Some of `data`: as much as the kernel takes, at least one byte.
    Coro<std::size_t> send(std::span<const char> data);
    Coro<> sendall(std::span<const char> data);
    Coro<std::pair<std::size_t, SocketAddress>> recvfrom(std::span<char> buffer);
    Coro<std::size_t> sendto(std::span<const char> data, SocketAddress address);

    // -- for transports built on a socket --
    // The poller registration (made on first use, on the running loop).
    detail::Registration& registration();
    // One non-blocking attempt each, scattering or gathering over `buffers`: the count, or
    // -1 with errno set (EAGAIN when the kernel would block, after which the readiness flag
    // is down). Sends never raise SIGPIPE.
    long try_readv(std::span<const iovec> buffers) noexcept;
    long try_writev(std::span<const iovec> buffers) noexcept;

  private:
    using Direction = detail::Registration::Direction;
    // The step every operation shares: tries `call` (a system call: >= 0, or -1 and errno)
    // while the socket is ready in `direction`, and waits for the next edge whenever the
    // kernel would block. Returns what the call returned; other failures raise OSError
    // naming `operation` (and `peer`, if given).
    template <class Call>
    Coro<std::size_t> until_done(Direction direction, Call call, const char* operation,
                                 std::optional<SocketAddress> peer = std::nullopt);

    int fd_ = -1;
    int family_ = AF_UNSPEC;
    int type_ = 0;
    std::unique_ptr<detail::Registration> registration_;
};

namespace detail {

// The kernel would have blocked (EAGAIN, EWOULDBLOCK).
inline bool would_block(int error) noexcept { return error == EAGAIN || error == EWOULDBLOCK; }

// A per-thread 64 KiB area to receive into: the bytes are copied out in the same step (no
// other task runs in between), so one area serves every socket of the thread.
std::span<char> receive_area() noexcept;

}  // namespace detail
}  // namespace asyncio
