// A client's outbound queue, bounded in bytes.
//
// `send(line)` hands the line to the client's StreamWriter and never waits: a broadcast
// writes to every recipient in turn, and a slow recipient must not slow the sender. The
// writer queues what the kernel does not take (the lines written during one loop turn leave
// together); when that queue grows past `bound`, the client is not keeping up: its
// connection is aborted (queued bytes dropped, the peer gets a reset) and the queue is marked
// overflowed, after which sends are ignored. The client's own task sees the end of its
// stream and leaves; memory per client stays below `bound` plus one line.
//
// The bound must exceed what one client can be sent in one loop turn (a burst of lines read
// in one go), since those bytes count until the turn ends.
#pragma once

#include <sys/socket.h>

#include <cstddef>
#include <exception>
#include <string_view>

#include "asyncio/asyncio.hpp"

namespace chat {

class Outbound {
  public:
    Outbound(asyncio::StreamWriter& writer, std::size_t bound) noexcept
        : writer_(&writer), bound_(bound) {}

    void send(std::string_view line) noexcept {
        if (overflowed_) return;
        try {
            writer_->write(line);
        } catch (const std::exception&) {
            return;  // the connection has failed: its reader will say so
        }
        if (writer_->get_write_buffer_size() > bound_) {
            overflowed_ = true;
            abort();
        }
    }
    bool overflowed() const noexcept { return overflowed_; }

  private:
    // Python would call writer.transport.abort(); StreamWriter has no abort(), so this does
    // what it would through the socket: SO_LINGER 0 makes the close a reset that drops the
    // kernel's queue too, and shutdown() ends the stream both ways now, so the client's read
    // returns the end of the stream and the transport's next send fails, dropping its queue.
    void abort() noexcept {
        const std::optional<int> fd = writer_->get_extra_info<int>("socket");
        if (!fd || *fd < 0) return writer_->close();
        const linger reset{1, 0};
        ::setsockopt(*fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
        ::shutdown(*fd, SHUT_RDWR);
    }

    asyncio::StreamWriter* writer_;
    std::size_t bound_;
    bool overflowed_ = false;
};

}  // namespace chat
