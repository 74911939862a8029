// The fixed texts of the chat protocol (README.md, "The chat server"). Bots depend on them:
// change none without changing the README and the tests.
#pragma once

#include <string_view>

namespace chat::text {

constexpr std::string_view kEnd = "\r\n";  // every line sent ends so; LF or CRLF are read
constexpr std::string_view kWelcome = "* Welcome to asyncio-chat. Choose a nickname:";
constexpr std::string_view kPrompt = "* Choose a nickname:";
constexpr std::string_view kLobby = "lobby";
constexpr std::string_view kBadNick = "! invalid nickname: use 1-32 characters of A-Z a-z 0-9 _ -";
constexpr std::string_view kBadRoom = "! invalid room name: use 1-32 characters of A-Z a-z 0-9 _ -";
constexpr std::string_view kNickTaken = "! nickname taken: ";        // + the nickname
constexpr std::string_view kNoSuchNick = "! no such nickname: ";     // + the nickname
constexpr std::string_view kUnknownCommand = "! unknown command: ";  // + the command
constexpr std::string_view kLineTooLong = "! line too long";
constexpr std::string_view kSlowDown = "! slow down";
constexpr std::string_view kServerFull = "! server full";
constexpr std::string_view kShuttingDown = "* server shutting down";

}  // namespace chat::text
