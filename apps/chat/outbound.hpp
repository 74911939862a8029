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
// Within a loop turn the writer gathers up to half the bound before it sends, so the bound
// is never reached by a client that keeps up.
#pragma once

#include <sys/socket.h>

#include <cstddef>
#include <exception>
#include <string_view>

#include "asyncio/asyncio.hpp"

namespace chat {

class Outbound {
  public:
    Outbound(asyncio::StreamWriter& writer, std::size_t bound) : writer_(&writer), bound_(bound) {
        // The writer gathers up to half the bound during a loop turn (a burst of lines leaves
        // in one system call, where the default 64 KiB would split a 64 KiB read's broadcast
        // in two); beyond that it sends at once, so what counts against the bound is what the
        // client has not taken, not what one turn wrote.
        writer.set_write_buffer_limits(bound / 2);
    }

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
    // A reset rather than a close (SO_LINGER 0): the kernel drops what it still holds for
    // this client too, instead of keeping it for a peer that does not read.
    void abort() noexcept {
        if (const std::optional<int> fd = writer_->get_extra_info<int>("socket"); fd && *fd >= 0) {
            const linger reset{1, 0};
            ::setsockopt(*fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
        }
        writer_->abort();
    }

    asyncio::StreamWriter* writer_;
    std::size_t bound_;
    bool overflowed_ = false;
};

}  // namespace chat
