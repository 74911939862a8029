#include "asyncio/net/socket.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "asyncio/core/errors.hpp"
#include "asyncio/loop/event_loop.hpp"
#include "asyncio/net/errors.hpp"

namespace asyncio {
namespace {

using detail::would_block;

}  // namespace

std::span<char> detail::receive_area() noexcept {
    thread_local char area[64 * 1024];
    return area;
}

Socket Socket::create(int family, int type, int protocol) {
    const int fd = ::socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
    if (fd < 0) raise_os_error(errno, "socket");
    return Socket(fd, family, type);
}

void Socket::close() noexcept {
    if (fd_ < 0) return;
    if (registration_) {
        registration_->wake_all();
        registration_.reset();  // leaves the poller before the number can be reused
    }
    ::close(std::exchange(fd_, -1));
}

detail::Registration& Socket::registration() {
    if (!registration_) {
        if (fd_ < 0) throw OSError(std::make_error_code(std::errc::bad_file_descriptor), "socket");
        registration_ = std::make_unique<detail::Registration>(get_running_loop(), fd_);
    }
    return *registration_;
}

void Socket::bind(const SocketAddress& address) {
    if (::bind(fd_, address.data(), address.size()) < 0) {
        raise_os_error(errno, "bind to " + address.to_string());
    }
}

void Socket::listen(int backlog) {
    if (::listen(fd_, backlog) < 0) raise_os_error(errno, "listen");
}

void Socket::shutdown(int how) {
    if (::shutdown(fd_, how) < 0) raise_os_error(errno, "shutdown");
}

void Socket::set_option(int level, int name, int value) {
    if (::setsockopt(fd_, level, name, &value, sizeof value) < 0)
        raise_os_error(errno, "setsockopt");
}

int Socket::get_option(int level, int name) const {
    int value = 0;
    socklen_t size = sizeof value;
    if (::getsockopt(fd_, level, name, &value, &size) < 0) raise_os_error(errno, "getsockopt");
    return value;
}

SocketAddress Socket::sockname() const {
    SocketAddress address;
    if (::getsockname(fd_, address.data(), address.size_slot()) < 0) {
        raise_os_error(errno, "getsockname");
    }
    return address;
}

SocketAddress Socket::peername() const {
    SocketAddress address;
    if (::getpeername(fd_, address.data(), address.size_slot()) < 0) {
        raise_os_error(errno, "getpeername");
    }
    return address;
}

namespace {

std::size_t total_size(std::span<const iovec> buffers) noexcept {
    std::size_t total = 0;
    for (const iovec& buffer : buffers) total += buffer.iov_len;
    return total;
}

iovec one_buffer(const void* data, std::size_t size) noexcept {
    return iovec{const_cast<void*>(data), size};
}

}  // namespace

long Socket::try_readv(std::span<const iovec> buffers) noexcept {
    msghdr message{};
    message.msg_iov = const_cast<iovec*>(buffers.data());
    message.msg_iovlen = buffers.size();
    const long n = ::recvmsg(fd_, &message, 0);
    // A short read from a stream drains it (Linux): the next edge says when more comes.
    if ((n < 0 && would_block(errno)) ||
        (type_ == SOCK_STREAM && n > 0 && !registration_->read_closed() &&
         static_cast<std::size_t>(n) < total_size(buffers))) {
        registration_->drained(Direction::read);
    }
    return n;
}

long Socket::try_writev(std::span<const iovec> buffers) noexcept {
    msghdr message{};
    message.msg_iov = const_cast<iovec*>(buffers.data());
    message.msg_iovlen = buffers.size();
    const long n = ::sendmsg(fd_, &message, MSG_NOSIGNAL);
    if ((n < 0 && would_block(errno)) ||
        (n >= 0 && static_cast<std::size_t>(n) < total_size(buffers))) {
        registration_->drained(Direction::write);
    }
    return n;
}

template <class Call>
Coro<std::size_t> Socket::until_done(Direction direction, Call call, const char* operation,
                                     std::optional<SocketAddress> peer) {
    const auto fail = [&](int error) {
        raise_os_error(error, peer ? std::string(operation) + " " + peer->to_string() : operation);
    };
    for (;;) {
        detail::Registration& io = registration();  // again after each wait: close() drops it
        if (io.ready(direction)) {
            const long n = call();
            if (n >= 0) co_return static_cast<std::size_t>(n);
            if (!would_block(errno)) fail(errno);
            io.drained(direction);
        }
        co_await io.next_edge(direction);
        if (!is_open()) fail(EBADF);
    }
}

Coro<> Socket::connect(SocketAddress address) {
    if (::connect(fd_, address.data(), address.size()) == 0) co_return;
    if (errno != EINPROGRESS) raise_os_error(errno, "connect to " + address.to_string());
    registration().drained(Direction::write);
    struct CloseIfCancelled {  // a connection attempt cannot be taken back
        Socket& socket;
        bool waiting = true;
        ~CloseIfCancelled() {
            if (waiting) socket.close();
        }
    } guard{*this};
    // Writable once the attempt has ended, either way: SO_ERROR tells which.
    auto ended = [] { return 0L; };
    co_await until_done(Direction::write, ended, "connect to", address);
    guard.waiting = false;
    if (const int error = get_option(SOL_SOCKET, SO_ERROR); error != 0) {
        raise_os_error(error, "connect to " + address.to_string());
    }
}

Coro<std::pair<Socket, SocketAddress>> Socket::accept() {
    SocketAddress peer;
    auto accept_one = [&] {
        return static_cast<long>(
            ::accept4(fd_, peer.data(), peer.size_slot(), SOCK_NONBLOCK | SOCK_CLOEXEC));
    };
    const std::size_t fd = co_await until_done(Direction::read, accept_one, "accept");
    co_return std::pair{Socket(static_cast<int>(fd), family_, type_), peer};
}

Coro<std::size_t> Socket::recv(std::span<char> buffer) {
    const iovec into = one_buffer(buffer.data(), buffer.size());
    return until_done(
        Direction::read,
        [this, into] {
            return try_readv({&into, 1});
        },
        "recv");
}

Coro<std::size_t> Socket::send(std::span<const char> data) {
    const iovec from = one_buffer(data.data(), data.size());
    return until_done(
        Direction::write,
        [this, from] {
            return try_writev({&from, 1});
        },
        "send");
}

Coro<> Socket::sendall(std::span<const char> data) {
    while (!data.empty()) data = data.subspan(co_await send(data));
}

Coro<std::pair<std::size_t, SocketAddress>> Socket::recvfrom(std::span<char> buffer) {
    SocketAddress peer;
    auto receive = [&] {
        return ::recvfrom(fd_, buffer.data(), buffer.size(), 0, peer.data(), peer.size_slot());
    };
    const std::size_t n = co_await until_done(Direction::read, receive, "recvfrom");
    co_return std::pair{n, peer};
}

Coro<std::size_t> Socket::sendto(std::span<const char> data, SocketAddress address) {
    auto send_one = [this, data, address] {
        return ::sendto(fd_, data.data(), data.size(), MSG_NOSIGNAL, address.data(),
                        address.size());
    };
    return until_done(Direction::write, send_one, "sendto", address);
}

}  // namespace asyncio
