// Helpers shared by the network tests (namespace asyncio_test), on top of test_support.hpp:
//   open_fds(), watched()     what a test must leave as it found: descriptors, poller watches;
//   ipv6_loopback()           whether ::1 can be used here (tests over IPv6 skip otherwise);
//   listen_on(), reserve()    a raw listening socket on a loopback address, port 0 by default,
//                             and a socket that only holds a port (connecting to it is refused);
//   make_blackhole()          a listener whose accept queue is full: a connect to it hangs
//                             (its SYNs are dropped), the loopback stand-in for a dead host;
//   recv_exactly(), ...       raw-socket peers: read n bytes, read to the end, send, reset;
//   pattern()                 deterministic bytes to check what arrived;
//   TempDir                   a private directory for Unix sockets, removed with its files;
//   raise_nofile()            RLIMIT_NOFILE's soft limit raised towards the hard one.
// Every address is 127.0.0.1 or ::1; every port is picked by the kernel (port 0).
#pragma once

#include <dirent.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <utility>

#include "asyncio/combinators/timeout.hpp"
#include "asyncio/core/coro.hpp"
#include "asyncio/loop/event_loop.hpp"
#include "asyncio/net/address.hpp"
#include "asyncio/net/errors.hpp"
#include "asyncio/net/socket.hpp"
#include "support/test_support.hpp"

namespace asyncio {
// For GoogleTest's messages: "127.0.0.1:8080" rather than the bytes of the sockaddr.
inline void PrintTo(const SocketAddress& address, std::ostream* out) {
    *out << address.to_string();
}
}  // namespace asyncio

namespace asyncio_test {

// Open file descriptors of this process.
inline int open_fds() {
    int count = 0;
    if (DIR* dir = ::opendir("/proc/self/fd")) {
        while (const dirent* entry = ::readdir(dir)) {
            if (entry->d_name[0] != '.') ++count;
        }
        ::closedir(dir);
        --count;  // the directory's own descriptor
    }
    return count;
}

// File descriptors watched by the running loop's poller.
inline std::size_t watched() {
    return asyncio::detail::LoopAccess::poller(asyncio::get_running_loop()).watched();
}

inline bool ipv6_loopback() {
    const int fd = ::socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    const asyncio::SocketAddress any_port = asyncio::SocketAddress::ip("::1", 0);
    const bool ok = ::bind(fd, any_port.data(), any_port.size()) == 0;
    ::close(fd);
    return ok;
}

inline const char* loopback(int family) { return family == AF_INET6 ? "::1" : "127.0.0.1"; }

// A raw TCP socket listening on `host`:`port`.
inline asyncio::Socket listen_on(const std::string& host = "127.0.0.1", std::uint16_t port = 0,
                                 int backlog = 128) {
    const asyncio::SocketAddress address = asyncio::SocketAddress::ip(host, port);
    asyncio::Socket socket = asyncio::Socket::create(address.family(), SOCK_STREAM);
    if (address.family() == AF_INET6) socket.set_option(IPPROTO_IPV6, IPV6_V6ONLY, 1);
    socket.bind(address);
    socket.listen(backlog);
    return socket;
}

// A TCP socket bound to `host`:`port` and not listening: connecting there is refused, and
// nobody else can take the port meanwhile. Empty if the port is taken.
inline std::optional<asyncio::Socket> reserve(const std::string& host, std::uint16_t port) {
    const asyncio::SocketAddress address = asyncio::SocketAddress::ip(host, port);
    asyncio::Socket socket = asyncio::Socket::create(address.family(), SOCK_STREAM);
    if (address.family() == AF_INET6) socket.set_option(IPPROTO_IPV6, IPV6_V6ONLY, 1);
    if (::bind(socket.fileno(), address.data(), address.size()) != 0) return std::nullopt;
    return socket;
}

inline std::uint16_t port_of(const asyncio::Socket& socket) { return socket.sockname().port(); }

// A listener that accepts nothing and whose accept queue is full: Linux drops the SYNs of
// further connects, which then hang as if the host were gone.
struct Blackhole {
    asyncio::Socket listener;
    asyncio::Socket filler;
    std::uint16_t port = 0;
};

// Empty when this system does not blackhole that way (the probe connect went through).
inline asyncio::Coro<std::optional<Blackhole>> make_blackhole(std::string host,
                                                              std::uint16_t port) {
    Blackhole hole;
    hole.listener = listen_on(host, port, 0);
    hole.port = port_of(hole.listener);
    const asyncio::SocketAddress address = asyncio::SocketAddress::ip(host, hole.port);
    hole.filler = asyncio::Socket::create(address.family(), SOCK_STREAM);
    co_await hole.filler.connect(address);  // takes the one place in the accept queue
    asyncio::Socket probe = asyncio::Socket::create(address.family(), SOCK_STREAM);
    bool hangs = false;
    try {
        co_await asyncio::wait_for(probe.connect(address), std::chrono::milliseconds(100));
    } catch (const asyncio::TimeoutError&) {
        hangs = true;
    }
    if (!hangs) co_return std::nullopt;
    co_return std::optional<Blackhole>(std::move(hole));
}

// -- raw-socket peers --

inline asyncio::Coro<std::string> recv_exactly(asyncio::Socket* socket, std::size_t n,
                                               std::size_t piece = 64 * 1024) {
    std::string data;
    std::string buffer(piece, '\0');
    while (data.size() < n) {
        const std::size_t want = std::min(piece, n - data.size());
        const std::size_t got = co_await socket->recv({buffer.data(), want});
        if (got == 0) break;
        data.append(buffer.data(), got);
    }
    co_return data;
}

inline asyncio::Coro<std::string> recv_to_eof(asyncio::Socket* socket,
                                              std::size_t piece = 64 * 1024) {
    std::string data;
    std::string buffer(piece, '\0');
    for (;;) {
        const std::size_t got = co_await socket->recv({buffer.data(), buffer.size()});
        if (got == 0) break;
        data.append(buffer.data(), got);
    }
    co_return data;
}

inline asyncio::Coro<> send_all(asyncio::Socket* socket, std::string data) {
    co_await socket->sendall({data.data(), data.size()});
}

// Closes with SO_LINGER {1, 0}: the peer gets a reset instead of the end of the stream.
inline void reset_close(asyncio::Socket& socket) {
    const linger abortive{1, 0};
    ::setsockopt(socket.fileno(), SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
    socket.close();
}

// `n` deterministic bytes that differ from one offset to the next.
inline std::string pattern(std::size_t n, unsigned seed = 1) {
    std::string data(n, '\0');
    std::uint32_t x = seed * 2654435761u + 1;
    for (std::size_t i = 0; i < n; ++i) {
        x = x * 1664525u + 1013904223u;
        data[i] = static_cast<char>(x >> 24);
    }
    return data;
}

// A private directory, removed with everything in it.
struct TempDir {
    std::string path;
    TempDir() {
        std::string name = (std::filesystem::temp_directory_path() / "asyncio-net-XXXXXX").string();
        if (::mkdtemp(name.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path = name;
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::string file(const std::string& name) const { return path + "/" + name; }
};

// Raises the soft RLIMIT_NOFILE to at least `need` (up to the hard limit); the soft limit
// after the attempt.
inline rlim_t raise_nofile(rlim_t need) {
    rlimit limit{};
    ::getrlimit(RLIMIT_NOFILE, &limit);
    if (limit.rlim_cur < need && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max == RLIM_INFINITY ? need : std::min(need, limit.rlim_max);
        ::setrlimit(RLIMIT_NOFILE, &limit);
        ::getrlimit(RLIMIT_NOFILE, &limit);
    }
    return limit.rlim_cur;
}

}  // namespace asyncio_test
