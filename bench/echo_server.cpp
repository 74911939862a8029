// The echo benchmark's server on asyncio-cpp: the textbook streams echo, line for line the twin
// of peers/echo_server.py (read up to 64 KiB, write it back, await drain()). See README.md and
// echo_compare.sh, which runs it against a hand-written epoll server, Boost.Asio and uvloop.
//
//   echo_server PORT      (listens on 127.0.0.1:PORT until killed)
#include <cstdio>
#include <cstdlib>
#include <string>

#include "asyncio/asyncio.hpp"

namespace {

asyncio::Coro<> echo(asyncio::StreamReader reader, asyncio::StreamWriter writer) {
    for (;;) {
        std::string data = co_await reader.read(65536);  // empty at EOF
        if (data.empty()) break;
        writer.write(data);
        co_await writer.drain();
    }
    writer.close();
    co_await writer.wait_closed();
}

asyncio::Coro<> main_(int port) {
    asyncio::Server server = co_await asyncio::start_server(echo, "127.0.0.1", port);
    co_await server.serve_forever();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: echo_server PORT\n");
        return 2;
    }
    return asyncio::run(main_(std::atoi(argv[1])));
}
