// Putting a request on the wire: its head (request line and fields, in one string) and its
// body, with a Content-Length when the size is known and chunked otherwise.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include "asyncio/core/coro.hpp"
#include "asyncio/http/headers.hpp"
#include "asyncio/http/request.hpp"
#include "asyncio/net/stream_writer.hpp"

namespace asyncio::http::detail {

struct BodyAccess {
    // The body's size, if known before it is sent (text; a file: its size now).
    static std::optional<std::uint64_t> length(const Body& body);
    // Text held in memory, or null.
    static const std::string* text(const Body& body) noexcept {
        return std::get_if<std::string>(&body.source_);
    }
    // Writes the body (not text: see `text`), with drain() between pieces, chunked when
    // `chunked`.
    static Coro<> send(const Body* body, StreamWriter* writer, bool chunked);
};

// A request's head, written straight into one string: "METHOD target HTTP/1.1", a line per
// field, the blank line. The values are written as given (checked where they came from).
class RequestHead {
  public:
    RequestHead(std::string_view method, std::string_view target) {
        text_.reserve(256);
        text_.append(method).append(" ").append(target).append(" HTTP/1.1\r\n");
    }
    void field(std::string_view name, std::string_view value) {
        text_.append(name).append(": ").append(value).append("\r\n");
    }
    std::string finish() && {
        text_.append("\r\n");
        return std::move(text_);
    }

  private:
    std::string text_;
};

}  // namespace asyncio::http::detail
