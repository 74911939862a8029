// The command table: what each line a client sends does, once sanitized (session.hpp).
#include <algorithm>
#include <array>
#include <initializer_list>
#include <string>
#include <string_view>

#include "protocol.hpp"
#include "session.hpp"
#include "text.hpp"

namespace chat {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}

// "word rest of it" -> {"word", "rest of it"}.
std::pair<std::string_view, std::string_view> split_word(std::string_view s) {
    s = trim(s);
    const std::size_t space = s.find(' ');
    if (space == std::string_view::npos) return {s, {}};
    return {s.substr(0, space), trim(s.substr(space + 1))};
}

// Appends in order (g++ 12 at -O3 misreads `"literal" + std::string&&` as an overlapping copy).
std::string joined(std::initializer_list<std::string_view> parts) {
    std::string line;
    for (std::string_view part : parts) line += part;
    return line;
}

bool taken(const Session& session, std::string_view nick) {
    auto it = session.server.nicks.find(fold(nick));
    return it != session.server.nicks.end() && it->second != &session;
}

void nick_command(Session& session, std::string_view args) {
    const std::string_view nick = args;
    if (nick.empty()) return session.reply("! usage: /nick NAME");
    if (!valid_name(nick)) return session.reply(text::kBadNick);
    if (nick == session.nick()) return session.reply(joined({"! you are already ", nick}));
    if (taken(session, nick)) return session.reply(joined({text::kNickTaken, nick}));
    session.rename(std::string(nick));
}

void join_command(Session& session, std::string_view args) {
    const std::string_view room = args;
    if (room.empty()) return session.reply("! usage: /join ROOM");
    if (!valid_name(room)) return session.reply(text::kBadRoom);
    if (fold(room) == fold(session.room()))
        return session.reply(joined({"! you are already in ", session.room()}));
    session.move_to(room);
}

void rooms_command(Session& session, std::string_view) {
    const std::vector<RoomCount> rooms = session.server.rooms.list();
    session.reply(joined({"* rooms: ", std::to_string(rooms.size())}));
    for (const RoomCount& room : rooms) {
        session.reply(joined({"* ", room.name, " ", std::to_string(room.members)}));
    }
}

void who_command(Session& session, std::string_view) {
    const std::vector<std::string> nicks = session.server.rooms.members(session.room());
    session.reply(joined({"* members of ", session.room(), ": ", std::to_string(nicks.size())}));
    for (const std::string& nick : nicks) session.reply(joined({"* ", nick}));
}

void me_command(Session& session, std::string_view args) {
    if (args.empty()) return session.reply("! usage: /me ACTION");
    const std::string line = joined({"* ", session.nick(), " ", args, text::kEnd});
    session.server.rooms.publish(session.room(), line, &session);
}

void msg_command(Session& session, std::string_view args) {
    const auto [nick, message] = split_word(args);
    if (nick.empty() || message.empty()) return session.reply("! usage: /msg NICK TEXT");
    auto it = session.server.nicks.find(fold(nick));
    if (it == session.server.nicks.end()) return session.reply(joined({text::kNoSuchNick, nick}));
    it->second->deliver(joined({"[", session.nick(), "] ", message, text::kEnd}));
}

void quit_command(Session& session, std::string_view args) {
    session.end(args.empty() ? "quit" : joined({"quit (", args, ")"}), std::string(args));
}

constexpr std::string_view kHelp[] = {
    "* /nick NAME      change your nickname",
    "* /join ROOM      go to another room (made on first join)",
    "* /rooms          list the rooms and how many are in each",
    "* /who            list who is in your room",
    "* /me ACTION      tell your room what you are doing",
    "* /msg NICK TEXT  send a private message",
    "* /quit [REASON]  leave",
    "* /help           this list",
};

void help_command(Session& session, std::string_view) {
    for (std::string_view line : kHelp) session.reply(line);
}

struct Command {
    std::string_view name;
    void (*run)(Session&, std::string_view args);
};

constexpr std::array<Command, 8> kCommands{{
    {"/nick", nick_command},
    {"/join", join_command},
    {"/rooms", rooms_command},
    {"/who", who_command},
    {"/me", me_command},
    {"/msg", msg_command},
    {"/quit", quit_command},
    {"/help", help_command},
}};

const Command* find_command(std::string_view name) {
    const std::string key = fold(name);
    for (const Command& command : kCommands) {
        if (command.name == key) return &command;
    }
    return nullptr;
}

}  // namespace

void run_line(Session& session, std::string_view text) {
    if (text.empty()) return;
    // "//..." says a line that starts with "/": "/..." is sent as is.
    if (text.starts_with("//"))
        text.remove_prefix(1);
    else if (text.starts_with('/')) {
        const auto [name, args] = split_word(text);
        const Command* command = find_command(name);
        if (!command) return session.reply(joined({text::kUnknownCommand, name}));
        return command->run(session, args);
    }
    const std::string line = joined({"<", session.nick(), "> ", text, text::kEnd});
    session.server.rooms.publish(session.room(), line, &session);
}

void choose_nick(Session& session, std::string_view text) {
    const auto [word, args] = split_word(text);
    if (fold(word) == "/quit") return quit_command(session, args);
    const std::string_view nick = trim(text);
    if (!valid_name(nick)) {
        session.reply(text::kBadNick);
    } else if (taken(session, nick)) {
        session.reply(joined({text::kNickTaken, nick}));
    } else {
        return session.enter(std::string(nick));
    }
    session.reply(text::kPrompt);
}

}  // namespace chat
