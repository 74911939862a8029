// Peer for the echo benchmark: a TCP echo server on Boost.Asio's C++20 coroutines, the nearest
// C++ peer of bench/echo_server.cpp (the same shape as Asio's own coroutine echo example).
//
//   echo_asio PORT      (listens on 127.0.0.1:PORT until killed)
//
// One thread, and an io_context told so (concurrency hint 1), as our loop is one per thread.
#include <boost/asio.hpp>
#include <cstdio>
#include <cstdlib>
#include <exception>

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

asio::awaitable<void> echo(tcp::socket socket) {
    char data[65536];  // as the Python peer's reader.read(65536)
    try {
        for (;;) {
            const std::size_t n =
                co_await socket.async_read_some(asio::buffer(data), asio::use_awaitable);
            co_await asio::async_write(socket, asio::buffer(data, n), asio::use_awaitable);
        }
    } catch (const std::exception&) {
        // EOF (asio::error::eof) or a reset: the client is gone; the socket closes here.
    }
}

asio::awaitable<void> accept_loop(tcp::acceptor acceptor) {
    for (;;) {
        tcp::socket socket = co_await acceptor.async_accept(asio::use_awaitable);
        socket.set_option(tcp::no_delay(true));
        asio::co_spawn(acceptor.get_executor(), echo(std::move(socket)), asio::detached);
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: echo_asio PORT\n");
        return 2;
    }
    try {
        asio::io_context context(1);
        const tcp::endpoint endpoint(asio::ip::address_v4::loopback(),
                                     static_cast<unsigned short>(std::atoi(argv[1])));
        asio::co_spawn(context, accept_loop(tcp::acceptor(context, endpoint)), asio::detached);
        context.run();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "echo_asio: %s\n", e.what());
        return 1;
    }
}
