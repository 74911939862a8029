// Peer for the echo benchmark: a minimal hand-written epoll echo server, the limit that a
// general-purpose event loop can approach but not beat on this workload.
//
//   echo_epoll PORT      (listens on 127.0.0.1:PORT until killed)
//
// Per message it makes the fewest syscalls an echo needs: one epoll_wait (shared by all the
// sockets ready at once), one read, one write. Level-triggered epoll, each socket registered once,
// so no epoll_ctl per message; one read per wake-up (looping until EAGAIN would add a failing
// read per message, and level triggering reports whatever is left). The write goes out at once;
// only if the kernel takes less does the rest wait in a buffer, with the socket switched to
// EPOLLOUT and reading paused until it drains (back-pressure, like `await writer.drain()`).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "server_setup.hpp"

namespace {

[[noreturn]] void die(const char* what) {
    std::fprintf(stderr, "echo_epoll: %s: %s\n", what, std::strerror(errno));
    std::exit(1);
}

struct Connection {
    int fd;
    std::vector<char> pending;  // what the kernel did not take yet
};

char buffer[65536];  // one read buffer for all: the data goes straight back out

void watch(int epoll, int op, Connection* c, unsigned events) {
    epoll_event interest{};
    interest.events = events;
    interest.data.ptr = c;
    if (epoll_ctl(epoll, op, c->fd, &interest) < 0) die("epoll_ctl");
}

void drop(Connection* c) {
    close(c->fd);  // also removes it from the epoll set
    delete c;
}

// Writes what it can; keeps the rest. False if the connection failed.
bool send_some(Connection* c, const char* data, std::size_t size) {
    const ssize_t n = write(c->fd, data, size);
    if (n < 0 && errno != EAGAIN) return false;
    const std::size_t sent = n < 0 ? 0 : static_cast<std::size_t>(n);
    if (sent < size)
        c->pending.assign(data + sent, data + size);
    else
        c->pending.clear();
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: echo_epoll PORT\n");
        return 2;
    }
    const int listener = listen_tcp("echo_epoll", "127.0.0.1", std::atoi(argv[1]));
    const int one = 1;

    const int epoll = epoll_create1(EPOLL_CLOEXEC);
    if (epoll < 0) die("epoll_create1");
    Connection listening{listener, {}};
    watch(epoll, EPOLL_CTL_ADD, &listening, EPOLLIN);

    epoll_event events[256];
    for (;;) {
        const int n = epoll_wait(epoll, events, 256, -1);
        if (n < 0 && errno != EINTR) die("epoll_wait");
        for (int k = 0; k < n; ++k) {
            auto* c = static_cast<Connection*>(events[k].data.ptr);
            if (c == &listening) {
                for (;;) {  // all the pending connections, until EAGAIN
                    const int fd =
                        accept4(listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
                    if (fd < 0) break;
                    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    watch(epoll, EPOLL_CTL_ADD, new Connection{fd, {}}, EPOLLIN);
                }
                continue;
            }
            if (!c->pending.empty()) {  // waiting for EPOLLOUT
                const std::vector<char> rest = std::move(c->pending);
                if (!send_some(c, rest.data(), rest.size()))
                    drop(c);
                else if (c->pending.empty())
                    watch(epoll, EPOLL_CTL_MOD, c, EPOLLIN);
                continue;
            }
            const ssize_t got = read(c->fd, buffer, sizeof buffer);
            if (got < 0 && errno == EAGAIN) continue;
            if (got <= 0 || !send_some(c, buffer, static_cast<std::size_t>(got)))
                drop(c);
            else if (!c->pending.empty())
                watch(epoll, EPOLL_CTL_MOD, c, EPOLLOUT);
        }
    }
}
