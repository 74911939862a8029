// The chat benchmark's fan-out server on asyncio-cpp's streams, written the textbook way: line
// for line the twin of peers/chat_server.py. For each line it writes to every other client, then
// awaits drain() on each. It speaks the subset of asyncio-chat's protocol that
// asyncio-chat-bench uses (welcome, nickname, room `lobby`, `<nick> text`, join and leave
// notices), and has no limits: a client that never reads stalls everyone, as in Python.
// How fast this naive code runs is what the library's write coalescing is for (see README.md).
//
//   fanout_server [--host 127.0.0.1] [--port 8888]      (serves until killed)
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "asyncio/asyncio.hpp"
#include "server_setup.hpp"

namespace {

using Writer = std::shared_ptr<asyncio::StreamWriter>;  // shared: a broadcast keeps it alive

struct Room {
    std::vector<Writer> members;  // in order of arrival
};

asyncio::Coro<> broadcast(Room* room, std::string data, Writer sender) {
    std::vector<Writer> others;  // a copy: the room may change while we drain
    for (const Writer& member : room->members) {
        if (member != sender && !member->is_closing()) others.push_back(member);
    }
    for (const Writer& writer : others) writer->write(data);
    for (const Writer& writer : others) {
        try {
            co_await writer->drain();
        } catch (const asyncio::ConnectionError&) {
            // its own handler sees the connection end
        }
    }
}

std::string_view strip(std::string_view line) {
    while (line.ends_with('\n') || line.ends_with('\r')) line.remove_suffix(1);
    return line;
}

asyncio::Coro<> chat(Room* room, asyncio::StreamReader reader, Writer writer) {
    writer->write("* Welcome to asyncio-chat. Choose a nickname:\r\n");
    const std::string first = co_await reader.readline();
    const std::string nick(strip(first));
    if (nick.empty()) co_return;
    // A member first, then announced: whoever sees the notice knows the newcomer gets what
    // follows.
    room->members.push_back(writer);
    try {
        co_await broadcast(room, "* " + nick + " has joined lobby\r\n", writer);
        for (;;) {
            const std::string line = co_await reader.readline();
            if (line.empty()) break;
            std::string relayed = "<" + nick + "> ";
            relayed.append(strip(line)).append("\r\n");
            co_await broadcast(room, std::move(relayed), writer);
        }
    } catch (const asyncio::ConnectionError&) {
    }
    std::erase(room->members, writer);
    writer->close();
    co_await broadcast(room, "* " + nick + " has left lobby\r\n", nullptr);
}

asyncio::Coro<> main_(std::string host, int port) {
    Room room;
    auto handler = [&room](asyncio::StreamReader reader, asyncio::StreamWriter writer) {
        return chat(&room, std::move(reader),
                    std::make_shared<asyncio::StreamWriter>(std::move(writer)));
    };
    asyncio::Server server = co_await asyncio::start_server(handler, host, port);
    co_await server.serve_forever();
}

}  // namespace

int main(int argc, char** argv) {
    HostPort where;
    if (!parse_host_port(argc, argv, where)) {
        std::fprintf(stderr, "usage: fanout_server [--host 127.0.0.1] [--port 8888]\n");
        return 2;
    }
    return asyncio::run(main_(where.host, where.port));
}
