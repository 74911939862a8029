// asyncio-chat's server: a multi-room line chat over TCP (the protocol is in README.md,
// "The chat server").
//
//   chat::ChatOptions options;               // every limit, with its default
//   options.port = 0;                        // the kernel picks one: server.port() says which
//   chat::ChatServer server = co_await chat::ChatServer::start(options);
//   ...
//   co_await server.shutdown();              // `* server shutting down` to everyone, then a
//                                            // bounded graceful stop
//
// Each client is one task reading lines (chat_server.cpp); what it may send is limited by
// the options: the line length, the flood rate, the bytes queued for it, the idle time, and
// the number of clients at once.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <type_traits>

#include "asyncio/asyncio.hpp"
#include "log.hpp"

namespace chat {

struct ChatOptions {
    asyncio::FixedString<255> host = "127.0.0.1";
    std::uint16_t port = 8888;
    std::size_t max_clients = 10000;            // the next one gets `! server full`
    std::size_t max_line = 4096;                // bytes, without the line's end
    std::size_t max_queue = 256 * 1024;         // bytes queued for one client before it is dropped
    double flood_rate = 10;                     // lines per second; 0: no flood control
    double flood_burst = 20;                    // lines at once
    std::chrono::milliseconds idle_timeout{0};  // 0: none
    std::chrono::milliseconds shutdown_grace{5000};
    LogLevel log_level = LogLevel::info;
};
// Trivially destructible, so that it may be written inline in a co_await with g++ 12.
static_assert(std::is_trivially_destructible_v<ChatOptions>);

struct ServerState;

class ChatServer {
  public:
    // Listens on options.host:options.port and serves until shutdown().
    static asyncio::Coro<ChatServer> start(ChatOptions options);

    std::uint16_t port() const;
    // Clients connected and not refused (those still choosing a nickname included).
    std::size_t clients() const noexcept;
    // Tells every client `* server shutting down`, stops listening, and closes every
    // connection once its queue is sent, within options.shutdown_grace (then aborts).
    asyncio::Coro<> shutdown();

  private:
    explicit ChatServer(std::shared_ptr<ServerState> state) noexcept : state_(std::move(state)) {}
    std::shared_ptr<ServerState> state_;
};

}  // namespace chat
