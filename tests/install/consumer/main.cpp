// A program outside the project, built against the installed library, perhaps by another
// compiler than the one that built it: it goes through tasks, gather, a task group, sleep and
// a TCP echo on 127.0.0.1, spelled as the README spells them, and prints what it saw.
#include <asyncio/asyncio.hpp>
#include <chrono>
#include <iostream>
#include <string>

using namespace std::chrono_literals;

asyncio::Coro<int> after(std::chrono::milliseconds delay, int value) {
    co_await asyncio::sleep(delay);
    co_return value;
}

asyncio::Coro<> echo(asyncio::StreamReader reader, asyncio::StreamWriter writer) {
    std::string line = co_await reader.readline();
    writer.write(line);
    co_await writer.drain();
}

// One line to an echo server on a port of the system's choice, and its echo back.
asyncio::Coro<std::string> echo_round_trip() {
    asyncio::Server server = co_await asyncio::start_server(echo, "127.0.0.1", 0);
    const std::uint16_t port = server.sockets()[0].sockname().port();
    auto [reader, writer] = co_await asyncio::open_connection("127.0.0.1", port);
    writer.write("hello\n");
    co_await writer.drain();
    std::string line = co_await reader.readline();
    writer.close();
    co_await writer.wait_closed();
    server.close();
    co_await server.wait_closed();
    co_return line;
}

asyncio::Coro<> main_() {
    auto a = asyncio::create_task(after(2ms, 40));
    auto b = asyncio::create_task(after(1ms, 2));
    auto [x, y] = co_await asyncio::gather(a, b);
    std::cout << "gather " << x + y << "\n";

    int sum = 0;
    co_await asyncio::task_group([&](asyncio::TaskGroup tg) -> asyncio::Coro<> {
        auto c = tg.create_task(after(1ms, 20));
        auto d = tg.create_task(after(0ms, 22));
        const int first = co_await c;
        const int second = co_await d;
        sum = first + second;
    });
    std::cout << "task_group " << sum << "\n";

    const std::string line = co_await echo_round_trip();
    std::cout << "echo " << line;
}

int main() { return asyncio::run(main_()); }
