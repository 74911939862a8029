#include "asyncio/detail/http/receive_window.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <climits>

#include "asyncio/net/socket.hpp"

namespace asyncio::http::detail {

void start_receive_window(Socket& socket, std::size_t bytes) noexcept {
    const int mark = static_cast<int>(std::min<std::size_t>(bytes, INT_MAX));
    const int one = 1;
    if (mark <= 1) return;
    if (::setsockopt(socket.fileno(), SOL_SOCKET, SO_RCVLOWAT, &mark, sizeof mark) == 0)
        ::setsockopt(socket.fileno(), SOL_SOCKET, SO_RCVLOWAT, &one, sizeof one);
}

}  // namespace asyncio::http::detail
