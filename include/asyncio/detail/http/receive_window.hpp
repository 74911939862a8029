// A large receive window from a connection's first byte (ClientOptions::receive_window), with
// the kernel still free to grow it.
#pragma once
#include <cstddef>

namespace asyncio {
class Socket;
}

namespace asyncio::http::detail {

// Makes room in `socket`'s receive buffer for a window of `bytes` (at most half of
// net.ipv4.tcp_rmem's largest size). The kernel starts a connection with a small window and
// grows it a round trip at a time, which holds a fast server back for most of a body of a few
// MiB. Setting SO_RCVBUF would lock the size instead: no more autotuning, and a cap at
// net.core.rmem_max, far below what autotuning reaches on a long, fast path. Linux grows an
// unlocked buffer to fit a receive low-water mark, so the mark is set to `bytes` and put back
// to one byte at once (a read still wakes for any data). Best effort: where the kernel does
// not do this, or refuses, nothing changes.
void start_receive_window(Socket& socket, std::size_t bytes) noexcept;

}  // namespace asyncio::http::detail
