// What the fixtures that run a real server as a child process share (namespace
// asyncio_test::http_test), on top of openssl_support.hpp (ChildProcess) and net_support.hpp:
//   PortReservation, reserve_port()   a port on 127.0.0.1 held for a child: bound (never
//                          listening) with SO_REUSEADDR, so nobody else takes it and a child
//                          that sets SO_REUSEADDR too (nginx, Python's HTTPServer) can listen
//                          on it while we hold it;
//   wait_until_accepting() a bounded wait (blocking: nothing else runs meanwhile) until the child
//                          accepts connections there, failing with its log if it exits or the
//                          time runs out.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include "asyncio/net/address.hpp"
#include "asyncio/net/socket.hpp"
#include "net/net_support.hpp"
#include "net/openssl_support.hpp"

namespace asyncio_test::http_test {

struct PortReservation {
    asyncio::Socket socket;
    std::uint16_t port = 0;
};

inline PortReservation reserve_port() {
    std::optional<asyncio::Socket> socket = reserve("127.0.0.1", 0);
    if (!socket) throw std::runtime_error("cannot reserve a port on 127.0.0.1");
    socket->set_option(SOL_SOCKET, SO_REUSEADDR, 1);
    const std::uint16_t port = port_of(*socket);
    return PortReservation{std::move(*socket), port};
}

// Whether something accepts on 127.0.0.1:port now.
inline bool accepting(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    const asyncio::SocketAddress address = asyncio::SocketAddress::ip("127.0.0.1", port);
    const bool connected = ::connect(fd, address.data(), address.size()) == 0;
    ::close(fd);
    return connected;
}

// Waits until the child accepts on `port`, at most `limit`; std::runtime_error saying `what`
// and the child's log (the file `log`) if it ends first or the time runs out.
inline void wait_until_accepting(ChildProcess& child, std::uint16_t port, const std::string& what,
                                 const std::string& log,
                                 std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!accepting(port)) {
        if (const std::optional<int> status = child.poll()) {
            throw std::runtime_error(what + " exited with status " + std::to_string(*status) +
                                     " before accepting on port " + std::to_string(port) +
                                     "; its log (" + log + "):\n" + read_text_file(log));
        }
        if (std::chrono::steady_clock::now() > deadline) {
            throw std::runtime_error(what + " did not accept on port " + std::to_string(port) +
                                     " within " + std::to_string(limit.count()) + " ms; its log (" +
                                     log + "):\n" + read_text_file(log));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

// The program at `path`, or std::runtime_error saying what installs it.
inline void require_program(const std::string& path, const std::string& package) {
    if (::access(path.c_str(), X_OK) != 0) {
        throw std::runtime_error(path + " is not installed: install Debian's " + package +
                                 " (scripts/install-deps.sh does)");
    }
}

}  // namespace asyncio_test::http_test
