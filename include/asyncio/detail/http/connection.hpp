// One HTTP/1.1 connection of the client: its streams, its response parser, and what the
// pool needs to know about it (which origin it serves, since when it is idle, whether it may
// carry another request).
//
// The parser reads straight from the stream's receive buffer (no copy on the way in); body
// bytes go to the caller's sink. At the end of the stream the parser is told, so a
// close-delimited body completes and a response cut short raises the error that says so.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include "asyncio/core/coro.hpp"
#include "asyncio/detail/http/response_parser.hpp"
#include "asyncio/loop/clock.hpp"
#include "asyncio/net/stream_reader.hpp"
#include "asyncio/net/stream_writer.hpp"

namespace asyncio::http::detail {

class Connection {
  public:
    Connection(StreamReader reader, StreamWriter writer, std::string key, ResponseLimits limits);

    const std::string& key() const noexcept { return key_; }
    StreamReader& reader() noexcept { return reader_; }
    StreamWriter& writer() noexcept { return writer_; }
    ResponseParser& parser() noexcept { return parser_; }

    // Parses what has arrived, waiting for more first if nothing has; returns at the first
    // event (or with `need_more` once the bytes are used). The end of the stream completes a
    // close-delimited response (`done`) or raises ServerDisconnectedError /
    // IncompleteBodyError. At most `limit` bytes are parsed, so a reader that asks for
    // pieces of n bytes gets them without a copy of a larger piece.
    Coro<ResponseParser::Parsed> parse_some(ResponseParser::BodySink* sink,
                                            std::size_t limit = std::string_view::npos);

    // Served a request already (a failure before any response byte may then mean the server
    // closed it while idle: safe to retry).
    bool reused = false;
    Clock::time_point idle_since{};

  private:
    StreamReader reader_;
    StreamWriter writer_;
    std::string key_;
    ResponseParser parser_;
};

}  // namespace asyncio::http::detail
