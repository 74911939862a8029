// The receive window an HTTP connection starts with (ClientOptions::receive_window): the
// socket's buffer made larger without locking its size, so the kernel can still grow it.
#include "asyncio/detail/http/receive_window.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>

#include "asyncio/net/socket.hpp"

namespace asyncio_test::http_test {
namespace {

using asyncio::Socket;
using asyncio::http::detail::start_receive_window;

constexpr int kMiB = 1024 * 1024;

int receive_buffer(const Socket& socket) { return socket.get_option(SOL_SOCKET, SO_RCVBUF); }

TEST(ReceiveWindow, MakesRoomForTheWindowAndLeavesReadsAsTheyWere) {
    Socket socket = Socket::create(AF_INET, SOCK_STREAM);
    start_receive_window(socket, kMiB);
    EXPECT_GE(receive_buffer(socket), kMiB);
    EXPECT_EQ(socket.get_option(SOL_SOCKET, SO_RCVLOWAT), 1);  // any data still wakes a read
}

TEST(ReceiveWindow, LeavesTheSizeFreeToGrow) {
    // SO_RCVBUF would have locked it: neither autotuning nor a later call could grow it.
    Socket socket = Socket::create(AF_INET6, SOCK_STREAM);
    start_receive_window(socket, kMiB / 2);
    const int first = receive_buffer(socket);
    start_receive_window(socket, 2 * kMiB);
    EXPECT_GT(receive_buffer(socket), first);
    EXPECT_GE(receive_buffer(socket), 2 * kMiB);
}

TEST(ReceiveWindow, ZeroLeavesTheKernelsStart) {
    Socket socket = Socket::create(AF_INET, SOCK_STREAM);
    const int before = receive_buffer(socket);
    start_receive_window(socket, 0);
    EXPECT_EQ(receive_buffer(socket), before);
    EXPECT_EQ(socket.get_option(SOL_SOCKET, SO_RCVLOWAT), 1);
}

}  // namespace
}  // namespace asyncio_test::http_test
