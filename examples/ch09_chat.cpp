// Chapter 9: a chat server. Every line a client sends goes to every other client.
//
//   ch09_chat [PORT]   serves on 127.0.0.1:PORT (default 8888): join with `nc 127.0.0.1 8888`
//   ch09_chat --demo   serves on a free port and lets two clients talk (the golden test)
//
// The real one, with nicknames, rooms and limits, is apps/chat (`asyncio-chat`).
#include <cstdio>
#include <set>
#include <string>

#include "asyncio/asyncio.hpp"

namespace {

std::set<asyncio::StreamWriter*> clients;

struct Member {  // in the room until the handler ends, however it ends
    asyncio::StreamWriter* writer;
    explicit Member(asyncio::StreamWriter* w) : writer(w) { clients.insert(w); }
    ~Member() { clients.erase(writer); }
};

asyncio::Coro<> handle(asyncio::StreamReader reader, asyncio::StreamWriter writer) {
    Member member(&writer);
    writer.write(
        std::string("* welcome: ").append(std::to_string(clients.size())).append(" here\n"));
    for (;;) {
        std::string line = co_await reader.readline();
        if (line.empty()) co_return;  // the client left
        for (asyncio::StreamWriter* other : clients) {
            if (other != &writer) other->write(line);  // no drain: nobody waits for a slow one
        }
    }
}

asyncio::Coro<> hear(std::string who, asyncio::StreamReader* reader) {
    const std::string line = co_await reader->readline();
    std::printf("%s got: %s", who.c_str(), line.c_str());
}

asyncio::Coro<> demo() {
    asyncio::Server server = co_await asyncio::start_server(handle, "127.0.0.1", 0);
    const int port = server.sockets()[0].sockname().port();
    auto [alice_in, alice_out] = co_await asyncio::open_connection("127.0.0.1", port);
    co_await hear("alice", &alice_in);
    auto [bob_in, bob_out] = co_await asyncio::open_connection("127.0.0.1", port);
    co_await hear("bob", &bob_in);
    alice_out.write("hello, bob\n");
    co_await hear("bob", &bob_in);
    bob_out.write("hi alice\n");
    co_await hear("alice", &alice_in);
}

}  // namespace

int ch09_chat() { return asyncio::run(demo()), 0; }

#ifndef ASYNCIO_COURSE
asyncio::Coro<> serve(int port) {
    asyncio::Server server = co_await asyncio::start_server(handle, "127.0.0.1", port);
    std::printf("chat on 127.0.0.1:%d: join with `nc 127.0.0.1 %d`\n", port, port);
    std::fflush(stdout);
    co_await server.serve_forever();
}

int main(int argc, char** argv) {
    const std::string arg = argc > 1 ? argv[1] : "8888";
    asyncio::run(arg == "--demo" ? demo() : serve(std::stoi(arg)));
}
#endif
