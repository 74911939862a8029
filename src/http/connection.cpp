#include "asyncio/detail/http/connection.hpp"

#include "asyncio/detail/net/stream_access.hpp"
#include "asyncio/http/errors.hpp"

namespace asyncio::http::detail {

using asyncio::detail::StreamAccess;

constexpr std::size_t kReceiveBuffer = 64 * 1024;

Connection::Connection(StreamReader reader, StreamWriter writer, std::string key,
                       ResponseLimits limits)
    : reader_(std::move(reader)),
      writer_(std::move(writer)),
      key_(std::move(key)),
      parser_(limits) {
    // Bodies arrive in bulk: the kernel copies them straight into a buffer that stays.
    StreamAccess::buffer(reader_).keep_capacity(kReceiveBuffer);
}

Coro<ResponseParser::Parsed> Connection::parse_some(ResponseParser::BodySink* sink,
                                                    std::size_t limit) {
    asyncio::detail::ReadBuffer& buffer = StreamAccess::buffer(reader_);
    if (buffer.empty()) {
        const bool more = co_await StreamAccess::fill(reader_);
        if (!more) {
            if (parser_.finish(*sink)) co_return ResponseParser::Parsed::done;
            throw ServerDisconnectedError("server closed the connection without a response");
        }
    }
    const auto [consumed, what] = parser_.feed(buffer.view().substr(0, limit), *sink);
    buffer.consume(consumed);
    co_return what;
}

}  // namespace asyncio::http::detail
