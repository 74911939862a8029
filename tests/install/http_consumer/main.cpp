// A program outside the project using the installed HTTP component (find_package(asyncio
// COMPONENTS http), or pkg-config's asyncio-http): one GET, spelled as the README spells it,
// to a one-line web server of its own on 127.0.0.1.
#include <asyncio/asyncio.hpp>
#include <asyncio/http/http.hpp>
#include <iostream>
#include <string>

asyncio::Coro<> answer(asyncio::StreamReader reader, asyncio::StreamWriter writer) {
    for (;;) {  // the request's head, up to its blank line
        const std::string line = co_await reader.readline();
        if (line.empty() || line == "\r\n") break;
    }
    writer.write("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nhello\n");
    co_await writer.drain();
}

asyncio::Coro<> main_() {
    asyncio::Server server = co_await asyncio::start_server(answer, "127.0.0.1", 0);
    const std::string url =
        "http://127.0.0.1:" + std::to_string(server.sockets()[0].sockname().port()) + "/";
    asyncio::http::Response response = co_await asyncio::http::get(url);
    std::cout << "http " << response.status() << " " << co_await response.text();
}

int main() { return asyncio::run(main_()); }
