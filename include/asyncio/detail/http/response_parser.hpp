// The HTTP/1.1 response parser: llhttp (Node.js's parser) behind a small sans-I/O interface,
// so that the connection, the fuzz target and the tests drive it the same way.
//
// `feed(bytes)` parses as far as the bytes go and stops at each point the caller must act
// on: a 1xx response (`informational`), the final response's head when a body follows
// (`head`), the end of the message (`done`; a response without a body gives only this, its
// head complete). Body bytes go to the sink as they are parsed, never buffered here, so a
// body of any size passes through in the reader's pieces. The head is bounded: more than
// `max_head_size` bytes of status line and fields, or more than `max_fields` fields, is a
// LimitError; anything llhttp rejects is a ProtocolError with its reason and the offset of
// the byte (counted from the start of the response). `finish()` is the end of the connection:
// it completes a close-delimited body, and raises IncompleteBodyError or
// ServerDisconnectedError for a response cut short.
#pragma once
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include "asyncio/http/headers.hpp"

namespace asyncio::http::detail {

struct ResponseLimits {
    std::size_t max_head_size = 64 * 1024;  // status line and header fields, in bytes
    std::size_t max_fields = 128;
};

struct ResponseHead {
    int status = 0;
    std::string reason;
    int version_major = 1;
    int version_minor = 1;
    Headers headers;
};

class ResponseParser {
  public:
    enum class Parsed { need_more, informational, head, done };
    struct Result {
        std::size_t consumed;  // bytes of the input used (the rest belongs to no response)
        Parsed what;
    };
    // Receives body bytes (after transfer coding is removed, before content coding). What it
    // throws comes out of feed() / finish().
    class BodySink {
      public:
        virtual void body(std::string_view bytes) = 0;

      protected:
        ~BodySink() = default;
    };

    explicit ResponseParser(ResponseLimits limits = {});
    ~ResponseParser();
    ResponseParser(const ResponseParser&) = delete;
    ResponseParser& operator=(const ResponseParser&) = delete;

    // Expects a new response. `head_request`: the request was HEAD, so no body follows
    // whatever the head says. `context` names the request in error messages ("GET http://...").
    void start(bool head_request, std::string_view context);
    Result feed(std::string_view data, BodySink& sink);
    // The connection ended; returns true if that completed the response (a close-delimited
    // body), throws if the response was cut short, false if no response had begun.
    bool finish(BodySink& sink);

    const ResponseHead& head() const noexcept { return head_; }
    ResponseHead take_head() noexcept { return std::move(head_); }
    // Whether the connection may carry another request after this response.
    bool keep_alive() const noexcept;
    // Whether any byte of the current response has arrived.
    bool started() const noexcept { return received_ > 0; }
    std::uint64_t body_received() const noexcept { return body_received_; }
    // Content-Length of the current response, if it gave one.
    std::optional<std::uint64_t> content_length() const noexcept { return content_length_; }

  private:
    struct Callbacks;
    struct Llhttp;
    [[noreturn]] void fail(std::size_t at);
    ResponseLimits limits_;
    std::unique_ptr<Llhttp> llhttp_;
    ResponseHead head_;
    std::string field_;  // the field name being read
    std::string value_;
    bool in_value_ = false;
    std::size_t head_size_ = 0;
    std::uint64_t received_ = 0;  // bytes of this response so far
    std::uint64_t body_received_ = 0;
    std::optional<std::uint64_t> content_length_;
    bool head_request_ = false;
    bool informational_ = false;
    bool paused_ = false;
    bool upgrade_ = false;
    std::string_view context_;
    std::string limit_reason_;
    std::exception_ptr callback_failure_;  // what a sink threw, raised once llhttp returns
    BodySink* sink_ = nullptr;
};

}  // namespace asyncio::http::detail
