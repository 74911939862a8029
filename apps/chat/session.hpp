// What the server knows (ServerState) and what it knows of one client (Session), shared by
// the connection handling (chat_server.cpp) and the commands (commands.cpp).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "asyncio/asyncio.hpp"
#include "chat_server.hpp"
#include "flood_control.hpp"
#include "log.hpp"
#include "outbound.hpp"
#include "rooms.hpp"

namespace chat {

class Session;

struct ServerState {
    explicit ServerState(const ChatOptions& chosen) : options(chosen), log(chosen.log_level) {}

    ChatOptions options;
    Log log;
    LocalRooms local_rooms;
    Rooms& rooms = local_rooms;
    std::unordered_map<std::string, Session*> nicks;  // by folded nickname
    std::unordered_set<Session*> sessions;            // every client not refused
    std::optional<asyncio::Server> server;
    bool shutting_down = false;
};

class Session final : public Member {
  public:
    Session(ServerState& server, asyncio::StreamWriter& writer, std::string peer);
    // Leaves: the room hears of it, the nickname is free again, the log says why.
    ~Session() override;
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    const std::string& nick() const noexcept override { return nick_; }
    void deliver(std::string_view line) noexcept override { out_.send(line); }
    // One line to this client: `text` and CRLF.
    void reply(std::string_view text);

    // Handles one line from the client (without its end); false once the client is leaving.
    bool on_line(std::string_view line);
    bool on_line_too_long();
    // The client leaves with this reason (for the log and, from /quit, for the room).
    void end(std::string reason, std::string public_reason = {});
    bool ended() const noexcept { return ended_ || out_.overflowed(); }

    // -- for the commands (commands.cpp) --
    ServerState& server;
    bool named() const noexcept { return !nick_.empty(); }
    const std::string& room() const noexcept { return room_; }
    void rename(std::string nick);
    void move_to(std::string_view room);
    void enter(std::string nick);  // the first nickname: registers it and joins the lobby

  private:
    void announce(std::string_view text);  // a notice to the whole room, this client included

    Outbound out_;
    TokenBucket flood_;
    std::string peer_;
    std::string nick_;
    std::string room_;
    std::string reason_ = "closed by peer";
    std::string public_reason_;
    bool ended_ = false;
};

// The commands (commands.cpp): a sanitized line from a client that has chosen its nickname
// and a sanitized line from one that has not.
void run_line(Session& session, std::string_view text);
void choose_nick(Session& session, std::string_view text);

}  // namespace chat
