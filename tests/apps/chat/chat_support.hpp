// Helpers for asyncio-chat's tests (namespace chat_test), on top of net/server_support.hpp:
//   start_chat()        the chat server in this process, on 127.0.0.1 port 0, quiet log;
//   Client              one chat client on the library's streams: send(), line() (one line as
//                       received, CRLF included, or "" at the end of the stream; 5 s at
//                       most), lines(n), rest() (everything up to the end of the stream);
//   connect(), join()   a client that has read the welcome, and one that has also chosen
//                       its nickname and read its own "has joined lobby".
// Clients synchronize by reading: to check that nothing else came, a test sends `/who` and
// expects its answer next (a client's lines arrive in the order the server wrote them).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "asyncio/asyncio.hpp"
#include "chat_server.hpp"
#include "net/server_support.hpp"

namespace chat_test {

using asyncio::Coro;
using namespace std::chrono_literals;

inline chat::ChatOptions test_options() {
    chat::ChatOptions options;
    options.port = 0;
    options.log_level = chat::LogLevel::quiet;
    options.shutdown_grace = std::chrono::milliseconds(2000);
    return options;
}

inline Coro<chat::ChatServer> start_chat(chat::ChatOptions options) {
    co_return co_await chat::ChatServer::start(options);
}

struct Client {
    asyncio::StreamReader reader;
    asyncio::StreamWriter writer;

    Coro<> send(std::string text) {
        writer.write(text);
        co_await writer.drain();
    }
    Coro<std::string> line() { co_return co_await asyncio::wait_for(reader.readline(), 5s); }
    Coro<std::vector<std::string>> lines(int n) {
        std::vector<std::string> got;
        for (int i = 0; i < n; ++i) got.push_back(co_await line());
        co_return got;
    }
    Coro<std::string> rest() { co_return co_await asyncio::wait_for(reader.read(), 5s); }
};

inline Coro<Client> open(std::uint16_t port) {
    auto [reader, writer] = co_await asyncio::open_connection("127.0.0.1", port);
    co_return Client{std::move(reader), std::move(writer)};
}

inline Coro<Client> connect(std::uint16_t port) {
    Client client = co_await open(port);
    const std::string welcome = co_await client.line();
    EXPECT_EQ(welcome, "* Welcome to asyncio-chat. Choose a nickname:\r\n");
    co_return client;
}

inline Coro<Client> join(std::uint16_t port, std::string nick) {
    Client client = co_await connect(port);
    co_await client.send(nick + "\n");
    const std::string joined = co_await client.line();
    EXPECT_EQ(joined, "* " + nick + " has joined lobby\r\n");
    co_return client;
}

}  // namespace chat_test
