// The library's way between the streams a user holds and the transport under them: making a
// StreamReader and a StreamWriter over a transport, and reaching a writer's transport (the
// server, to close its connections; tests, to abort one; the HTTP client, to parse in place).
// Not for users.
#pragma once

#include <cstddef>
#include <memory>
#include <utility>

#include "asyncio/detail/net/stream_transport.hpp"
#include "asyncio/net/stream_reader.hpp"
#include "asyncio/net/stream_writer.hpp"

namespace asyncio::detail {

struct StreamAccess {
    static StreamReader reader(std::shared_ptr<StreamTransport> transport, std::size_t limit) {
        return StreamReader(std::move(transport), limit);
    }
    static StreamWriter writer(std::shared_ptr<StreamTransport> transport) noexcept {
        return StreamWriter(std::move(transport));
    }
    static StreamTransport& transport(const StreamWriter& writer) noexcept {
        return *writer.transport_;
    }
    // A protocol parsing straight from the reader's buffer (the HTTP client): the bytes
    // received and not read, and a wait for more (false at the end of the stream).
    static ReadBuffer& buffer(StreamReader& reader) noexcept { return reader.buffer_; }
    static Coro<bool> fill(StreamReader& reader) { return reader.fill("read"); }
};

}  // namespace asyncio::detail
