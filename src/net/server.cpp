#include "asyncio/net/server.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <map>

#include "asyncio/core/task.hpp"
#include "asyncio/loop/event_loop.hpp"
#include "asyncio/loop/sleep.hpp"
#include "asyncio/net/errors.hpp"
#include "asyncio/net/resolver.hpp"
#include "asyncio/net/stream_transport.hpp"
#include "asyncio/net/streams.hpp"
#include "asyncio/sync/event.hpp"

namespace asyncio {

struct Server::State {
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
    std::weak_ptr<State> self;  // the state the acceptors and handlers share
    bool serving = false;
    bool closed = false;
    Event idle;  // closed, and no handler running

    void start();
    void update_idle() {
        if (closed && clients.empty()) idle.set();
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
};

namespace {

bool out_of_descriptors(int error) {
    return error == EMFILE || error == ENFILE || error == ENOBUFS || error == ENOMEM;
}

void report(const char* what, const std::string& peer, const char* reason) {
    std::fprintf(stderr, "asyncio: %s (peer %s): %s\n", what, peer.c_str(), reason);
}

Coro<> serve_client(std::shared_ptr<Server::State> state, std::uint64_t id, Socket socket,
                    SocketAddress peer) {
    StreamOptions options;
    options.limit = state->options.limit;
    options.ssl = state->options.ssl;
    options.ssl_handshake_timeout = state->options.ssl_handshake_timeout;
    options.keep_alive = state->options.keep_alive;
    std::optional<Streams> streams;
    try {
        streams.emplace(co_await open_connection(std::move(socket), std::move(options)));
    } catch (const std::exception& e) {  // the handler never ran: say what did fail
        report("connection setup failed", peer.to_string(), e.what());
        co_return;
    }
    auto& [reader, writer] = *streams;
    if (auto it = state->clients.find(id); it != state->clients.end()) {
        it->second.transport = writer.transport().shared_from_this();
    }
    try {
        co_await state->handler(std::move(reader), std::move(writer));
    } catch (const std::exception& e) {
        report("unhandled exception in client_connected_cb", peer.to_string(), e.what());
    }
}

Coro<> accept_connections(std::shared_ptr<Server::State> state, std::size_t index) {
    Socket& listener = state->listeners[index];
    for (;;) {
        bool pause = false;
        try {
            auto [socket, peer] = co_await listener.accept();
            const std::uint64_t id = state->next_client++;
            AnyTask task = get_running_loop().create_task(
                serve_client(state, id, std::move(socket), std::move(peer)));
            state->clients.emplace(id, Server::State::Client{task, {}});
            // On the task, not in its body: a task cancelled before its first step skips it.
            task.add_done_callback([weak = std::weak_ptr<Server::State>(state), id](AnyTask) {
                if (auto shared = weak.lock()) {
                    shared->clients.erase(id);
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

Socket listen_on(const AddrInfo& info, const ServerOptions& options) {
    Socket socket = Socket::create(info.family, SOCK_STREAM, info.protocol);
    if (options.reuse_address) socket.set_option(SOL_SOCKET, SO_REUSEADDR, 1);
    if (options.reuse_port) socket.set_option(SOL_SOCKET, SO_REUSEPORT, 1);
    if (info.family == AF_INET6) socket.set_option(IPPROTO_IPV6, IPV6_V6ONLY, 1);
    socket.bind(info.address);
    socket.listen(options.backlog);
    return socket;
}

}  // namespace

Server::Server(std::shared_ptr<State> state) : state_(std::move(state)) {}

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

Coro<> Server::wait_closed() {
    std::shared_ptr<State> state = state_;  // the handle may go while this waits
    co_await state->idle.wait();
}

void Server::State::start() {
    if (closed) throw RuntimeError("Server is closed");
    if (serving) return;
    serving = true;
    std::shared_ptr<State> shared = self.lock();
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
    std::shared_ptr<State> state = state_;
    state->start();
    std::exception_ptr cancelled;
    try {
        co_await state->idle.wait();  // set once the server is closed and its handlers ended
    } catch (const CancelledError&) {
        cancelled = std::current_exception();
    }
    if (!cancelled) co_return;
    // Shut down in order: no new connections, cancel the handlers, wait for them.
    state->close();
    for (auto& [id, client] : state->clients) client.task.cancel();
    co_await state->idle.wait();
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
    socket.listen(options.backlog);
    std::vector<Socket> listeners;
    listeners.push_back(std::move(socket));
    Server server =
        serve_sockets(std::move(handler), std::move(listeners), with_context(options, ssl));
    server.state().unix_path = path;
    co_return server;
}

}  // namespace detail

Server serve_sockets(ClientConnected handler, std::vector<Socket> listeners,
                     ServerOptions options) {
    auto state = std::make_shared<Server::State>();
    state->self = state;
    state->handler = std::move(handler);
    state->listeners = std::move(listeners);
    const bool start = options.start_serving;
    state->options = options;
    state->ssl = options.ssl.copy();
    state->options.ssl = state->ssl ? SSLContextRef(*state->ssl) : SSLContextRef();
    // The user's handle: when its last copy goes, the server closes (the acceptors share the
    // state itself and end when it closes).
    Server::State* raw = state.get();
    Server server(
        std::shared_ptr<Server::State>(raw, [keep = std::move(state)](Server::State* s) mutable {
            s->close();
            keep.reset();
        }));
    if (start) server.state().start();
    return server;
}

}  // namespace asyncio
