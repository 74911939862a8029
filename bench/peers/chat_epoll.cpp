// Peer for the chat benchmark: a minimal hand-written epoll broadcast server, the limit that a
// general-purpose event loop can approach but not beat on this workload.
//
//   chat_epoll [--host 127.0.0.1] [--port 8888]      (serves until killed)
//
// It speaks the subset of asyncio-chat's protocol that asyncio-chat-bench uses: the welcome line,
// the nickname as the first line, one room `lobby`, each plain line relayed to everyone else as
// `<nick> text`, join and leave notices (CRLF out; LF or CRLF in).
//
// Writes are coalesced: the lines relayed to a client during one loop iteration are appended to
// its output buffer, and each buffer touched goes out with one write() at the end of the
// iteration. One read (up to 64 KiB) per readable client per iteration, level-triggered, each fd
// registered once; EPOLLOUT is asked for only while the kernel holds something back.
//
// Back-pressure, as drain() gives it: while some client has more than kHighWater bytes queued,
// clients that send are not read (their EPOLLIN interest is dropped until every queue is below
// kHighWater / 2). A client that stays above kHighWater with no byte taken by the kernel for
// kStuckLimit never reads again as far as we can tell: it is disconnected as a slow consumer,
// so that it cannot stall the others for longer than that. Memory stays bounded.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "server_setup.hpp"

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kHighWater = 256 * 1024;
constexpr auto kStuckLimit = std::chrono::seconds(2);
constexpr std::string_view kWelcome = "* Welcome to asyncio-chat. Choose a nickname:\r\n";

[[noreturn]] void die(const char* what) {
    std::fprintf(stderr, "chat_epoll: %s: %s\n", what, std::strerror(errno));
    std::exit(1);
}

struct Client {
    int fd = -1;
    std::string nick;  // empty until the first line
    std::string in;    // a line not complete yet
    std::string out;   // queued output, from out_pos
    std::size_t out_pos = 0;
    bool dirty = false;     // in the flush list
    bool want_out = false;  // EPOLLOUT asked for
    bool paused = false;    // not read: back-pressure
    bool over = false;      // more than kHighWater queued
    bool dead = false;      // closed at the end of the iteration
    Clock::time_point stuck_since{};
    std::size_t queued() const { return out.size() - out_pos; }
};

class Server {
  public:
    explicit Server(int listener);
    [[noreturn]] void run();

  private:
    void accept_all();
    void on_readable(Client* c);
    void on_line(Client* c, std::string_view line, std::string& batch);
    void queue(Client* c, std::string_view data);
    void relay(Client* from, std::string_view data);
    void flush(Client* c);
    void interest(Client* c);
    void drop(Client* c);
    void end_iteration();

    int listener_;
    int epoll_;
    Client listening_;
    std::vector<Client*> members_;  // joined clients, in order of arrival
    std::vector<Client*> dirty_;
    std::vector<Client*> paused_;
    std::vector<Client*> dead_;
    std::size_t over_ = 0;  // clients with more than kHighWater queued
    char buffer_[65536];
};

Server::Server(int listener) : listener_(listener), epoll_(epoll_create1(EPOLL_CLOEXEC)) {
    if (epoll_ < 0) die("epoll_create1");
    listening_.fd = listener;
    epoll_event e{};
    e.events = EPOLLIN;
    e.data.ptr = &listening_;
    if (epoll_ctl(epoll_, EPOLL_CTL_ADD, listener, &e) < 0) die("epoll_ctl");
}

void Server::interest(Client* c) {
    epoll_event e{};
    e.events = (c->paused ? 0u : EPOLLIN) | (c->want_out ? EPOLLOUT : 0u);
    e.data.ptr = c;
    epoll_ctl(epoll_, EPOLL_CTL_MOD, c->fd, &e);
}

void Server::accept_all() {
    const int one = 1;
    for (;;) {
        const int fd = accept4(listener_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) return;  // EAGAIN, or out of descriptors: the backlog keeps them
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        auto* c = new Client{};
        c->fd = fd;
        epoll_event e{};
        e.events = EPOLLIN;
        e.data.ptr = c;
        if (epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &e) < 0) die("epoll_ctl");
        queue(c, kWelcome);
    }
}

void Server::queue(Client* c, std::string_view data) {
    if (c->dead) return;
    c->out.append(data);
    if (!c->dirty) {
        c->dirty = true;
        dirty_.push_back(c);
    }
    if (!c->over && c->queued() > kHighWater) {
        c->over = true;
        c->stuck_since = Clock::now();
        ++over_;
    }
}

void Server::relay(Client* from, std::string_view data) {
    for (Client* m : members_) {
        if (m != from) queue(m, data);
    }
}

// One line from `c`: its nickname, or a line for the room (added to `batch`, relayed once per
// read).
void Server::on_line(Client* c, std::string_view line, std::string& batch) {
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (!c->nick.empty()) {
        batch.append("<").append(c->nick).append("> ").append(line).append("\r\n");
        return;
    }
    if (line.empty()) return;
    c->nick = line;
    members_.push_back(c);  // a member first, then announced (see chat_server.py)
    relay(c, "* " + c->nick + " has joined lobby\r\n");
}

void Server::on_readable(Client* c) {
    if (c->paused) return;  // a hang-up, reported whatever the interest: seen on resuming
    if (over_ > 0) {        // back-pressure: read no more until the queues drain
        c->paused = true;
        paused_.push_back(c);
        interest(c);
        return;
    }
    const ssize_t got = read(c->fd, buffer_, sizeof buffer_);
    if (got < 0 && errno == EAGAIN) return;
    if (got <= 0) return drop(c);
    std::string_view data(buffer_, static_cast<std::size_t>(got));
    std::string batch;
    for (std::size_t eol; !c->dead && (eol = data.find('\n')) != std::string_view::npos;) {
        if (c->in.empty()) {
            on_line(c, data.substr(0, eol), batch);
        } else {
            c->in.append(data.substr(0, eol));
            on_line(c, c->in, batch);
            c->in.clear();
        }
        data.remove_prefix(eol + 1);
    }
    c->in.append(data);
    if (!batch.empty()) relay(c, batch);
}

void Server::flush(Client* c) {
    c->dirty = false;
    if (c->dead || c->queued() == 0) return;
    const ssize_t n = write(c->fd, c->out.data() + c->out_pos, c->queued());
    if (n < 0 && errno != EAGAIN) return drop(c);
    if (n > 0) {
        c->out_pos += static_cast<std::size_t>(n);
        c->stuck_since = Clock::now();
    }
    if (c->queued() == 0) {
        c->out.clear();
        c->out_pos = 0;
    } else if (c->out_pos > c->out.size() / 2) {
        c->out.erase(0, c->out_pos);
        c->out_pos = 0;
    }
    if (c->over && c->queued() <= kHighWater / 2) {
        c->over = false;
        --over_;
    }
    if (c->want_out != (c->queued() > 0)) {
        c->want_out = c->queued() > 0;
        interest(c);
    }
}

void Server::drop(Client* c) {
    if (c->dead) return;
    c->dead = true;
    if (c->over) --over_;
    if (c->paused) std::erase(paused_, c);
    dead_.push_back(c);
    const auto member = std::find(members_.begin(), members_.end(), c);
    if (member == members_.end()) return;
    members_.erase(member);
    relay(c, "* " + c->nick + " has left lobby\r\n");
}

// The end of a loop iteration: every touched queue goes out in one write; slow consumers go;
// paused readers resume once the queues have drained; the dead are freed.
void Server::end_iteration() {
    for (std::size_t i = 0; i < dirty_.size(); ++i) flush(dirty_[i]);  // flush may drop: grows
    dirty_.clear();
    if (over_ > 0) {
        const auto now = Clock::now();
        for (Client* m : std::vector<Client*>(members_)) {
            if (!m->over || now - m->stuck_since < kStuckLimit) continue;
            std::fprintf(stderr, "chat_epoll: %s disconnected: slow consumer\n", m->nick.c_str());
            drop(m);
        }
        for (std::size_t i = 0; i < dirty_.size(); ++i) flush(dirty_[i]);
        dirty_.clear();
    }
    if (over_ == 0 && !paused_.empty()) {
        for (Client* c : paused_) {
            c->paused = false;
            interest(c);
        }
        paused_.clear();
    }
    for (Client* c : dead_) {
        close(c->fd);  // also leaves the epoll set
        delete c;
    }
    dead_.clear();
}

void Server::run() {
    epoll_event events[256];
    for (;;) {
        const int n = epoll_wait(epoll_, events, 256, over_ > 0 ? 100 : -1);
        if (n < 0 && errno != EINTR) die("epoll_wait");
        for (int k = 0; k < n; ++k) {
            auto* c = static_cast<Client*>(events[k].data.ptr);
            if (c == &listening_) {
                accept_all();
            } else if (!c->dead) {
                if (events[k].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) on_readable(c);
                if (!c->dead && (events[k].events & EPOLLOUT) && !c->dirty) {
                    c->dirty = true;
                    dirty_.push_back(c);
                }
            }
        }
        end_iteration();
    }
}

}  // namespace

int main(int argc, char** argv) {
    HostPort where;
    if (!parse_host_port(argc, argv, where)) {
        std::fprintf(stderr, "usage: chat_epoll [--host 127.0.0.1] [--port 8888]\n");
        return 2;
    }
    // static: its 64 KiB buffer is not on the stack
    static Server server(listen_tcp("chat_epoll", where.host, where.port));
    server.run();
}
