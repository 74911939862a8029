// What the benchmark's servers share: their command line (`--host H --port P`) and, for the
// hand-written epoll peers, the listening socket. Plain C++ and POSIX, no asyncio library.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

struct HostPort {
    const char* host = "127.0.0.1";
    int port = 8888;
};

// `[--host H] [--port P]`; false on anything else.
inline bool parse_host_port(int argc, char** argv, HostPort& out) {
    if (argc % 2 == 0) return false;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--host") == 0)
            out.host = argv[i + 1];
        else if (std::strcmp(argv[i], "--port") == 0)
            out.port = std::atoi(argv[i + 1]);
        else
            return false;
    }
    return out.port > 0 && out.port <= 65535;
}

// A non-blocking IPv4 socket listening on host:port; exits with a message naming `program` if
// that fails.
inline int listen_tcp(const char* program, const char* host, int port) {
    const auto fail = [program](const char* what) {
        std::fprintf(stderr, "%s: %s: %s\n", program, what, std::strerror(errno));
        std::exit(1);
    };
    const int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    const int one = 1;
    if (listener < 0) fail("socket");
    if (setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0) fail("SO_REUSEADDR");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    if (inet_pton(AF_INET, host, &address.sin_addr) != 1) fail(host);
    if (bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) < 0) fail("bind");
    if (listen(listener, SOMAXCONN) < 0) fail("listen");
    return listener;
}
