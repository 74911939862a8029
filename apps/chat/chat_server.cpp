// The connections: one task per client (serve_client) reading chunks, cutting them into
// lines and handing each to its Session; the Session's destructor is the one place a client
// leaves, however its task ends (the client closed, /quit, an error, dropped as a slow
// consumer, idle, or cancelled by the shutdown).
#include "chat_server.hpp"

#include <string>
#include <utility>

#include "lines.hpp"
#include "protocol.hpp"
#include "session.hpp"
#include "text.hpp"

namespace chat {

using namespace std::chrono_literals;

// -- Session --

Session::Session(ServerState& state, asyncio::StreamWriter& writer, std::string peer)
    : server(state),
      out_(writer, state.options.max_queue),
      flood_(state.options.flood_rate, state.options.flood_burst, asyncio::Clock::now()),
      peer_(std::move(peer)) {
    server.sessions.insert(this);
    server.log.info("connect " + peer_);
}

Session::~Session() {
    if (out_.overflowed()) reason_ = "slow consumer";
    if (named()) {
        std::string notice = "* " + nick_ + " has left " + room_;
        if (!public_reason_.empty()) notice += " (" + public_reason_ + ")";
        server.rooms.leave(room_, *this);
        server.rooms.publish(room_, notice + std::string(text::kEnd), this);
        server.nicks.erase(fold(nick_));
    }
    server.sessions.erase(this);
    const std::string who = named() ? " " + nick_ : std::string();
    const LogLevel level = out_.overflowed() ? LogLevel::warning : LogLevel::info;
    server.log.write(level, "disconnect " + peer_ + who + ": " + reason_);
}

void Session::reply(std::string_view text) {
    std::string line(text);
    line += text::kEnd;
    out_.send(line);
}

bool Session::on_line(std::string_view line) {
    if (!flood_.take(asyncio::Clock::now())) {
        reply(text::kSlowDown);
        return !ended();
    }
    const std::string clean = sanitize(line);
    if (named()) {
        run_line(*this, clean);
    } else {
        choose_nick(*this, clean);
    }
    return !ended();
}

bool Session::on_line_too_long() {
    reply(text::kLineTooLong);
    return !ended();
}

void Session::end(std::string reason, std::string public_reason) {
    ended_ = true;
    reason_ = std::move(reason);
    public_reason_ = std::move(public_reason);
}

void Session::announce(std::string_view text) {
    server.rooms.publish(room_, std::string(text) + std::string(text::kEnd), nullptr);
}

void Session::enter(std::string nick) {
    nick_ = std::move(nick);
    server.nicks[fold(nick_)] = this;
    room_ = server.rooms.join(text::kLobby, *this);
    announce("* " + nick_ + " has joined " + room_);
}

void Session::rename(std::string nick) {
    server.nicks.erase(fold(nick_));
    server.nicks[fold(nick)] = this;
    const std::string notice = "* " + nick_ + " is now known as " + nick;
    nick_ = std::move(nick);
    announce(notice);
}

void Session::move_to(std::string_view room) {
    announce("* " + nick_ + " has left " + room_);
    server.rooms.leave(room_, *this);
    room_ = server.rooms.join(room, *this);
    announce("* " + nick_ + " has joined " + room_);
}

// -- connections --

namespace {

constexpr std::size_t kReadSize = 64 * 1024;

// What ended a connection, for the log.
std::string reason_of(std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (const asyncio::TimeoutError&) {
        return "idle timeout";
    } catch (const std::exception& e) {
        return e.what();
    }
}

// Reads until the client leaves; errors of the connection end it with their reason.
asyncio::Coro<> read_lines(asyncio::StreamReader* reader, Session* session) {
    LineSplitter lines(session->server.options.max_line);
    const auto on_line = [session](std::string_view line) { return session->on_line(line); };
    const auto on_too_long = [session] { return session->on_line_too_long(); };
    while (!session->ended()) {
        std::string chunk = co_await reader->read(kReadSize);
        if (chunk.empty()) co_return;  // the client closed (or was dropped)
        lines.feed(chunk, on_line, on_too_long);
        // A client that always has more to read must not keep the others waiting.
        co_await asyncio::sleep(0s);
    }
}

// A plain function: the address is not kept in the frame of serve_client, which lasts as long
// as the connection.
std::string peer_of(const asyncio::StreamWriter& writer) {
    const auto address = writer.get_extra_info<asyncio::SocketAddress>("peername");
    return address ? address->to_string() : "?";
}

asyncio::Coro<> serve_client(std::shared_ptr<ServerState> state, asyncio::StreamReader reader,
                             asyncio::StreamWriter writer) {
    const std::string peer = peer_of(writer);
    if (!state || state->shutting_down) co_return;
    if (state->sessions.size() >= state->options.max_clients) {
        writer.write(std::string(text::kServerFull) + std::string(text::kEnd));
        state->log.warning("refused " + peer + ": server full");
        co_return;  // the writer closes the connection once the line is sent
    }
    Session session(*state, writer, peer);
    session.reply(text::kWelcome);
    std::exception_ptr failure;
    try {
        co_await read_lines(&reader, &session);
    } catch (const std::exception&) {
        failure = std::current_exception();
    }
    if (failure) session.end(reason_of(failure));
}

}  // namespace

asyncio::Coro<ChatServer> ChatServer::start(ChatOptions options) {
    auto state = std::make_shared<ServerState>(options);
    asyncio::ServerOptions server_options;
    server_options.idle_timeout = options.idle_timeout;
    server_options.shutdown_grace = options.shutdown_grace;
    // Refused clients are served too (they get `! server full`); this many of them at once
    // at most, the others wait in the backlog.
    server_options.max_connections = options.max_clients + 64;
    std::weak_ptr<ServerState> weak = state;
    asyncio::ClientConnected handler = [weak](asyncio::StreamReader reader,
                                              asyncio::StreamWriter writer) -> asyncio::Coro<> {
        return serve_client(weak.lock(), std::move(reader), std::move(writer));
    };
    asyncio::Server server = co_await asyncio::start_server(std::move(handler), options.host.str(),
                                                            options.port, server_options);
    state->server.emplace(std::move(server));
    state->log.info("listening on " + options.host.str() + ":" +
                    std::to_string(ChatServer(state).port()));
    co_return ChatServer(std::move(state));
}

std::uint16_t ChatServer::port() const { return state_->server->sockets().at(0).sockname().port(); }

std::size_t ChatServer::clients() const noexcept { return state_->sessions.size(); }

asyncio::Coro<> ChatServer::shutdown() {
    std::shared_ptr<ServerState> state = state_;
    if (state->shutting_down) co_return;
    state->shutting_down = true;
    state->log.info("shutting down");
    const std::string notice = std::string(text::kShuttingDown) + std::string(text::kEnd);
    for (Session* session : state->sessions) {
        session->deliver(notice);
        session->end("server shutting down");
    }
    co_await state->server->shutdown();
}

}  // namespace chat
