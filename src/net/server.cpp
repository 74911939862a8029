#include "asyncio/net/server.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <any>
#include <cerrno>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <string>

#include "asyncio/combinators/timeout.hpp"
#include "asyncio/core/exception_group.hpp"
#include "asyncio/core/task.hpp"
#include "asyncio/detail/net/stream_access.hpp"
#include "asyncio/loop/event_loop.hpp"
#include "asyncio/loop/sleep.hpp"
#include "asyncio/net/errors.hpp"
#include "asyncio/net/resolver.hpp"
#include "asyncio/net/streams.hpp"
#include "asyncio/sync/event.hpp"

namespace asyncio {

struct detail::ServerState {
    ClientConnected handler;
    ServerOptions options;  // options.ssl refers to `ssl`
    std::optional<SSLContext> ssl;
    std::vector<Socket> listeners;
    std::string unix_path;  // unlinked on close
    std::vector<AnyTask> acceptors;
    struct Client {
        AnyTask task;
        std::weak_ptr<detail::StreamTransport> transport;
    };
    std::map<std::uint64_t, Client> clients;
    std::uint64_t next_client = 0;
    std::weak_ptr<ServerState> self;  // the state the acceptors and handlers share
    bool serving = false;
    bool closed = false;
    bool shutting_down = false;  // shutdown() has begun
    Event idle;                  // closed, and no handler running
    detail::WaitQueue room;      // acceptors waiting for a connection to end (max_connections)

    void start();
    void update_idle() {
        if (closed && clients.empty()) idle.set();
    }
    bool full() const noexcept {
        return options.max_connections != 0 && clients.size() >= options.max_connections;
    }

    void close() {
        if (closed) return;
        closed = true;
        serving = false;
        for (AnyTask& acceptor : acceptors) acceptor.cancel();
        acceptors.clear();
        // Closed, not destroyed: an acceptor may be suspended in one of them until it has run.
        for (Socket& listener : listeners) listener.close();
        if (!unix_path.empty()) ::unlink(unix_path.c_str());
        update_idle();
    }

    // Applies `fn` to every connection's transport; one still in its TLS handshake has no
    // streams yet (nothing to flush): its task is cancelled.
    template <class Fn>
    void for_each_client(Fn fn) {
        for (auto& [id, client] : clients) {
            if (auto transport = client.transport.lock()) {
                fn(*transport);
            } else {
                client.task.cancel();
            }
        }
    }

    // The end of a graceful stop: every connection aborted, every handler cancelled.
    void abort_all() {
        for_each_client([](detail::StreamTransport& transport) { transport.abort(); });
        for (auto& [id, client] : clients) client.task.cancel();
    }
};

namespace detail {
struct ServerAccess {
    static Server make(std::shared_ptr<ServerState> state) noexcept {
        return Server(std::move(state));
    }
    static ServerState& state(const Server& server) noexcept { return *server.state_; }
};
}  // namespace detail

namespace {

bool out_of_descriptors(int error) {
    return error == EMFILE || error == ENFILE || error == ENOBUFS || error == ENOMEM;
}

void report(const char* what, const std::string& peer, const char* reason) {
    std::fprintf(stderr, "asyncio: %s (peer %s): %s\n", what, peer.c_str(), reason);
}

// The idle timeout of one connection: a timer every quarter of the timeout compares the
// transport's progress count with the last one seen; four quarters without a change and the
// connection fails with TimeoutError. No timer, clock read or system call per read or write.
class IdleWatch {
  public:
    IdleWatch(std::weak_ptr<detail::StreamTransport> transport, std::chrono::milliseconds timeout)
        : transport_(std::move(transport)), timeout_(timeout) {
        arm();
    }
    ~IdleWatch() { timer_.cancel(); }
    IdleWatch(const IdleWatch&) = delete;
    IdleWatch& operator=(const IdleWatch&) = delete;
    // The connection was closed for being idle.
    bool fired() const noexcept { return fired_; }

  private:
    static constexpr int kChecks = 4;

    void arm() {
        const auto quarter = std::max(timeout_ / kChecks, std::chrono::milliseconds(1));
        timer_ = get_running_loop().call_later(quarter, [this] { check(); });
    }
    void check() {
        std::shared_ptr<detail::StreamTransport> transport = transport_.lock();
        if (!transport || transport->is_closed()) return;
        if (transport->progress() != seen_) {
            seen_ = transport->progress();
            quiet_ = 0;
        } else if (++quiet_ == kChecks) {
            fired_ = true;
            const std::string why = "connection idle for " + std::to_string(timeout_.count()) +
                                    " ms: closed by the server";
            return transport->fail(std::make_exception_ptr(TimeoutError(why)));
        }
        arm();
    }

    std::weak_ptr<detail::StreamTransport> transport_;
    std::chrono::milliseconds timeout_;
    TimerHandle timer_;
    std::uint64_t seen_ = 0;
    int quiet_ = 0;
    bool fired_ = false;
};

std::string peer_of(const detail::StreamTransport& transport) {
    const std::any peer = transport.get_extra_info("peername");
    const auto* address = std::any_cast<SocketAddress>(&peer);
    return address ? address->to_string() : "?";
}

// The TLS handshake of an accepted connection: the writer, secured, or nothing (and a report)
// if it failed. A coroutine of its own, so that what the handshake needs is not kept in
// serve_client's frame, which lasts as long as the connection.
Coro<std::optional<StreamWriter>> handshake(std::shared_ptr<detail::ServerState> state,
                                            StreamWriter writer) {
    try {
        co_await writer.start_tls(*state->ssl, {}, state->options.ssl_handshake_timeout);
        co_return std::move(writer);
    } catch (const std::exception&) {  // the handler never ran: say what did fail
        report("connection setup failed", peer_of(detail::StreamAccess::transport(writer)),
               format_exception(std::current_exception()).c_str());
    }
    co_return std::nullopt;
}

Coro<> serve_client(std::shared_ptr<detail::ServerState> state, std::uint64_t id,
                    std::shared_ptr<detail::StreamTransport> transport) {
    StreamWriter writer = detail::StreamAccess::writer(transport);
    if (state->ssl) {
        std::optional<StreamWriter> secured = co_await handshake(state, std::move(writer));
        if (!secured) co_return;
        writer = std::move(*secured);
    }
    if (auto it = state->clients.find(id); it != state->clients.end()) {
        it->second.transport = transport;
    }
    std::optional<IdleWatch> idle;
    if (state->options.idle_timeout.count() > 0)
        idle.emplace(transport, state->options.idle_timeout);
    try {
        co_await state->handler(detail::StreamAccess::reader(transport, state->options.limit),
                                std::move(writer));
    } catch (const std::exception& e) {
        // The TimeoutError of an idle connection is the server's own doing: not news.
        const bool idled = idle && idle->fired() && dynamic_cast<const TimeoutError*>(&e);
        if (!idled)
            report("unhandled exception in client_connected_cb", peer_of(*transport),
                   format_exception(std::current_exception()).c_str());
    }
    // The handler's writer closed the connection on its way out; what it had queued is still
    // going: the connection counts until it is sent (or aborted by shutdown or idleness).
    if (transport->is_closing() && !transport->is_closed()) {
        co_await detail::StreamTransport::finish_closing(transport);
    }
}

Coro<> accept_connections(std::shared_ptr<detail::ServerState> state, std::size_t index) {
    Socket& listener = state->listeners[index];
    for (;;) {
        // max_connections: wait for a connection to end before accepting; meanwhile the
        // kernel keeps new ones in the backlog.
        while (state->full()) co_await state->room.wait();
        bool pause = false;
        try {
            auto [socket, peer] = co_await listener.accept();
            std::shared_ptr<detail::StreamTransport> transport =
                detail::make_transport(std::move(socket), state->options.keep_alive);
            const std::uint64_t id = state->next_client++;
            AnyTask task =
                get_running_loop().create_task(serve_client(state, id, std::move(transport)));
            state->clients.emplace(id, detail::ServerState::Client{task, {}});
            // On the task, not in its body: a task cancelled before its first step skips it.
            task.add_done_callback([weak = std::weak_ptr<detail::ServerState>(state), id](AnyTask) {
                if (auto shared = weak.lock()) {
                    shared->clients.erase(id);
                    shared->room.grant_one();
                    shared->update_idle();
                }
            });
        } catch (const OSError& e) {
            if (state->closed) co_return;
            const int error = e.code().value();
            if (out_of_descriptors(error)) {
                report("accept paused: out of file descriptors", "-", e.what());
                pause = true;
            } else if (error != ECONNABORTED && error != EPROTO && error != EPERM) {
                report("accept failed", "-", e.what());
                pause = true;  // unknown trouble: do not spin on it
            }
        }
        if (pause) co_await sleep(state->options.accept_retry_delay);
    }
}

// The backlog to listen with: the option, or the system's maximum (Linux clamps any larger
// value to net.core.somaxconn; reading it says what that is).
int backlog_of(const ServerOptions& options) {
    if (options.backlog) return *options.backlog;
    static const int system = [] {
        int value = 0;
        std::ifstream("/proc/sys/net/core/somaxconn") >> value;
        return value > 0 ? value : SOMAXCONN;
    }();
    return system;
}

Socket listen_on(const AddrInfo& info, const ServerOptions& options) {
    Socket socket = Socket::create(info.family, SOCK_STREAM, info.protocol);
    if (options.reuse_address) socket.set_option(SOL_SOCKET, SO_REUSEADDR, 1);
    if (options.reuse_port) socket.set_option(SOL_SOCKET, SO_REUSEPORT, 1);
    if (info.family == AF_INET6) socket.set_option(IPPROTO_IPV6, IPV6_V6ONLY, 1);
    socket.bind(info.address);
    return socket;
}

}  // namespace

Server::Server(std::shared_ptr<detail::ServerState> state) noexcept : state_(std::move(state)) {}

void Server::close() { state_->close(); }
void Server::close_clients() {
    state_->for_each_client([](detail::StreamTransport& transport) { transport.close(); });
}
void Server::abort_clients() {
    state_->for_each_client([](detail::StreamTransport& transport) { transport.abort(); });
}
bool Server::is_serving() const noexcept { return state_->serving; }
const std::vector<Socket>& Server::sockets() const noexcept {
    static const std::vector<Socket> none;
    return state_->closed ? none : state_->listeners;
}
std::size_t Server::active_connections() const noexcept { return state_->clients.size(); }

namespace {

// (Takes the state: a Server handle may go while this waits.)
Coro<> wait_idle(std::shared_ptr<detail::ServerState> state) { co_await state->idle.wait(); }

// The end of every shutdown: waits at most `grace` for the handlers to end, then aborts the
// connections left, cancels their handlers and waits for them. Cancelled while it waits, it
// does that at once, then raises CancelledError.
Coro<> finish_within(std::shared_ptr<detail::ServerState> state, std::chrono::milliseconds grace) {
    std::exception_ptr cancelled;
    try {
        co_await wait_for(wait_idle(state), grace);
    } catch (const TimeoutError&) {
    } catch (const CancelledError&) {
        cancelled = std::current_exception();
    }
    if (!state->idle.is_set()) {
        state->abort_all();
        co_await state->idle.wait();
    }
    if (cancelled) std::rethrow_exception(cancelled);
}

}  // namespace

Coro<> Server::wait_closed() { return wait_idle(state_); }

Coro<> Server::shutdown(std::chrono::milliseconds grace) {
    std::shared_ptr<detail::ServerState> state = state_;
    state->shutting_down = true;
    state->close();
    close_clients();
    co_await finish_within(state, grace);
}

Coro<> Server::shutdown() { return shutdown(state_->options.shutdown_grace); }

void detail::ServerState::start() {
    if (closed) throw RuntimeError("Server is closed");
    if (serving) return;
    serving = true;
    // As Python: the sockets listen only now, so a server made with start_serving = false
    // refuses connections until then instead of holding them in the backlog.
    for (Socket& listener : listeners) listener.listen(backlog_of(options));
    std::shared_ptr<ServerState> shared = self.lock();
    EventLoop& loop = get_running_loop();
    for (std::size_t i = 0; i < listeners.size(); ++i) {
        acceptors.push_back(loop.create_task(accept_connections(shared, i)));
    }
}

Coro<> Server::start_serving() {
    state_->start();
    co_return;
}

Coro<> Server::serve_forever() {
    std::shared_ptr<detail::ServerState> state = state_;
    state->start();
    std::exception_ptr cancelled;
    try {
        co_await state->idle.wait();  // set once the server is closed and its handlers ended
    } catch (const CancelledError&) {
        cancelled = std::current_exception();
    }
    if (!cancelled) co_return;
    // Shut down in order: no new connections, cancel the handlers, wait for them (a while:
    // at once if a graceful shutdown was already under way).
    const auto grace =
        state->shutting_down ? std::chrono::milliseconds(0) : state->options.shutdown_grace;
    state->close();
    for (auto& [id, client] : state->clients) client.task.cancel();
    co_await finish_within(state, grace);
    std::rethrow_exception(cancelled);
}

namespace {

// The server copies `options.ssl` when it starts: point it at the copy this frame holds.
ServerOptions with_context(ServerOptions options, const std::optional<SSLContext>& ssl) {
    options.ssl = ssl ? SSLContextRef(*ssl) : SSLContextRef();
    return options;
}

}  // namespace

namespace detail {

Coro<Server> start_server(ClientConnected handler, std::string host, std::uint16_t port,
                          ServerOptions options, std::optional<SSLContext> ssl) {
    const int flags = AI_PASSIVE;
    std::vector<AddrInfo> addresses = co_await getaddrinfo(
        host, port, {.family = options.family, .type = SOCK_STREAM, .flags = flags});
    std::vector<Socket> listeners;
    for (const AddrInfo& info : addresses) listeners.push_back(listen_on(info, options));
    co_return serve_sockets(std::move(handler), std::move(listeners), with_context(options, ssl));
}

Coro<Server> start_unix_server(ClientConnected handler, std::string path, ServerOptions options,
                               std::optional<SSLContext> ssl) {
    // A socket file left by a server that died would make bind fail: remove it, as Python.
    struct stat info {};
    if (::stat(path.c_str(), &info) == 0 && S_ISSOCK(info.st_mode)) ::unlink(path.c_str());
    Socket socket = Socket::create(AF_UNIX, SOCK_STREAM);
    socket.bind(SocketAddress::unix_path(path));
    std::vector<Socket> listeners;
    listeners.push_back(std::move(socket));
    Server server =
        serve_sockets(std::move(handler), std::move(listeners), with_context(options, ssl));
    ServerAccess::state(server).unix_path = path;
    co_return server;
}

}  // namespace detail

Server serve_sockets(ClientConnected handler, std::vector<Socket> listeners,
                     ServerOptions options) {
    auto state = std::make_shared<detail::ServerState>();
    state->self = state;
    state->handler = std::move(handler);
    state->listeners = std::move(listeners);
    const bool start = options.start_serving;
    state->options = options;
    state->ssl = options.ssl.copy();
    state->options.ssl = state->ssl ? SSLContextRef(*state->ssl) : SSLContextRef();
    // The user's handle: when its last copy goes, the server closes (the acceptors share the
    // state itself and end when it closes).
    detail::ServerState* raw = state.get();
    Server server = detail::ServerAccess::make(std::shared_ptr<detail::ServerState>(
        raw, [keep = std::move(state)](detail::ServerState* s) mutable {
            s->close();
            keep.reset();
        }));
    if (start) detail::ServerAccess::state(server).start();
    return server;
}

}  // namespace asyncio
