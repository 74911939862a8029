#include "asyncio/detail/http/response_parser.hpp"

#include <llhttp.h>

#include <charconv>
#include <exception>
#include <utility>

#include "asyncio/detail/http/headers_access.hpp"
#include "asyncio/http/errors.hpp"

namespace asyncio::http::detail {

struct ResponseParser::Llhttp {
    llhttp_t parser;
    Parsed event = Parsed::need_more;  // what the callback that paused the parser found
};

// llhttp's callbacks: `parser->data` is the ResponseParser.
struct ResponseParser::Callbacks {
    static ResponseParser& self(llhttp_t* p) { return *static_cast<ResponseParser*>(p->data); }

    static int limit(ResponseParser& r, llhttp_t* p, std::string reason) {
        r.limit_reason_ = std::move(reason);
        llhttp_set_error_reason(p, "limit");
        return HPE_USER;
    }

    static int count_head(llhttp_t* p, std::size_t n) {
        ResponseParser& r = self(p);
        r.head_size_ += n;
        if (r.head_size_ <= r.limits_.max_head_size) return HPE_OK;
        return limit(
            r, p,
            "response head larger than " + std::to_string(r.limits_.max_head_size) + " bytes");
    }

    static int on_message_begin(llhttp_t* p) {
        ResponseParser& r = self(p);
        r.head_ = ResponseHead{};
        HeadersAccess::reserve(r.head_.headers, 16);
        r.field_.clear();
        r.value_.clear();
        r.head_size_ = 0;
        r.body_received_ = 0;
        r.content_length_.reset();
        r.informational_ = false;
        return HPE_OK;
    }

    static int on_status(llhttp_t* p, const char* at, std::size_t n) {
        self(p).head_.reason.append(at, n);
        return count_head(p, n);
    }

    static int on_header_field(llhttp_t* p, const char* at, std::size_t n) {
        self(p).field_.append(at, n);
        return count_head(p, n);
    }

    static int on_header_value(llhttp_t* p, const char* at, std::size_t n) {
        self(p).value_.append(at, n);
        return count_head(p, n);
    }

    static int on_header_value_complete(llhttp_t* p) {
        ResponseParser& r = self(p);
        if (r.head_.headers.size() == r.limits_.max_fields) {
            return limit(r, p,
                         "response has more than " + std::to_string(r.limits_.max_fields) +
                             " header fields");
        }
        try {
            HeadersAccess::append_checked(r.head_.headers, r.field_, r.value_);
        } catch (...) {  // never through llhttp's C frames
            r.callback_failure_ = std::current_exception();
            return HPE_USER;
        }
        r.field_.clear();
        r.value_.clear();
        return HPE_OK;
    }

    static int on_headers_complete(llhttp_t* p) {
        ResponseParser& r = self(p);
        r.head_.status = p->status_code;
        r.head_.version_major = p->http_major;
        r.head_.version_minor = p->http_minor;
        if (r.head_.status >= 100 && r.head_.status < 200 && r.head_.status != 101) {
            r.informational_ = true;
            return 1;  // no body, whatever the head says; on_message_complete reports it
        }
        if (auto length = r.head_.headers.get("content-length")) {
            std::uint64_t n = 0;
            const auto [end, error] =
                std::from_chars(length->data(), length->data() + length->size(), n);
            if (error == std::errc() && end == length->data() + length->size())
                r.content_length_ = n;
        }
        r.upgrade_ = r.head_.status == 101;
        // No body, whatever the head says (1: llhttp skips it), and done comes next: the
        // answer to a HEAD, a 204 and a 304 (whose Content-Length is that of the
        // representation it stands for, RFC 9110 8.6; llhttp would read that many bytes).
        const int status = r.head_.status;
        if (r.head_request_ || status == 204 || status == 304) return 1;
        // A response without a body goes straight on to `done` (llhttp would only get there
        // with more bytes after a pause here, and none may come).
        const bool chunked = (p->flags & F_CHUNKED) != 0;
        if (r.content_length_ == 0u && !chunked) return HPE_OK;
        r.llhttp_->event = Parsed::head;
        return HPE_PAUSED;
    }

    static int on_body(llhttp_t* p, const char* at, std::size_t n) {
        ResponseParser& r = self(p);
        r.body_received_ += n;
        try {
            r.sink_->body({at, n});
        } catch (...) {  // never through llhttp's C frames
            r.callback_failure_ = std::current_exception();
            return HPE_USER;
        }
        return HPE_OK;
    }

    static int on_message_complete(llhttp_t* p) {
        ResponseParser& r = self(p);
        r.llhttp_->event = r.informational_ ? Parsed::informational : Parsed::done;
        return HPE_PAUSED;
    }

    static const llhttp_settings_t& settings() {
        static const llhttp_settings_t settings = [] {
            llhttp_settings_t s;
            llhttp_settings_init(&s);
            s.on_message_begin = on_message_begin;
            s.on_status = on_status;
            s.on_header_field = on_header_field;
            s.on_header_value = on_header_value;
            s.on_header_value_complete = on_header_value_complete;
            s.on_headers_complete = on_headers_complete;
            s.on_body = on_body;
            s.on_message_complete = on_message_complete;
            return s;
        }();
        return settings;
    }
};

ResponseParser::ResponseParser(ResponseLimits limits)
    : limits_(limits), llhttp_(std::make_unique<Llhttp>()) {
    llhttp_init(&llhttp_->parser, HTTP_RESPONSE, &Callbacks::settings());
    llhttp_->parser.data = this;
}

ResponseParser::~ResponseParser() = default;

void ResponseParser::start(bool head_request, std::string_view context) {
    if (paused_) {
        llhttp_resume(&llhttp_->parser);
        paused_ = false;
    }
    head_request_ = head_request;
    context_ = context;
    received_ = 0;
    body_received_ = 0;
    content_length_.reset();
    upgrade_ = false;
    limit_reason_.clear();
}

ResponseParser::Result ResponseParser::feed(std::string_view data, BodySink& sink) {
    if (paused_) {
        llhttp_resume(&llhttp_->parser);
        paused_ = false;
    }
    sink_ = &sink;
    const llhttp_errno_t error = llhttp_execute(&llhttp_->parser, data.data(), data.size());
    if (error == HPE_OK) {
        received_ += data.size();
        return {data.size(), Parsed::need_more};
    }
    const std::size_t at = llhttp_get_error_pos(&llhttp_->parser) - data.data();
    if (error == HPE_PAUSED || error == HPE_PAUSED_UPGRADE) {
        paused_ = error == HPE_PAUSED;
        received_ += at;
        const Parsed event = error == HPE_PAUSED ? llhttp_->event : Parsed::done;
        llhttp_->event = Parsed::need_more;
        return {at, event};
    }
    fail(at);
}

void ResponseParser::fail(std::size_t at) {
    const llhttp_t& p = llhttp_->parser;
    const std::uint64_t offset = received_ + at;
    std::string where = std::string(" (response to ") + std::string(context_) + ", at byte " +
                        std::to_string(offset) + ")";
    if (callback_failure_) {
        try {
            std::rethrow_exception(std::exchange(callback_failure_, nullptr));
        } catch (const ValueError& refused) {
            // A field llhttp's lenient rules let through (a space in a name) that Headers
            // refuses: a malformed response like any other, not a ValueError.
            throw ProtocolError(std::string("malformed HTTP response: ") + refused.what() + where,
                                offset);
        }
    }
    if (!limit_reason_.empty()) throw LimitError(limit_reason_ + where, offset);
    throw ProtocolError(std::string("malformed HTTP response: ") + llhttp_get_error_reason(&p) +
                            " [" + llhttp_errno_name(llhttp_get_errno(&p)) + "]" + where,
                        offset);
}

bool ResponseParser::finish(BodySink& sink) {
    if (received_ == 0) return false;
    if (paused_) {
        llhttp_resume(&llhttp_->parser);
        paused_ = false;
    }
    sink_ = &sink;
    const llhttp_errno_t error = llhttp_finish(&llhttp_->parser);
    if (callback_failure_) std::rethrow_exception(std::exchange(callback_failure_, nullptr));
    if (error == HPE_OK || error == HPE_PAUSED) {
        llhttp_->event = Parsed::need_more;
        return true;
    }
    const std::string who = std::string(context_);
    if (head_.status == 0 || informational_) {
        throw ServerDisconnectedError(
            "server closed the connection in the middle of the response "
            "head (response to " +
            who + ", after " + std::to_string(received_) + " bytes)");
    }
    const std::uint64_t expected = content_length_.value_or(0);
    throw IncompleteBodyError(
        "response body ended early: " + std::to_string(body_received_) +
            (content_length_ ? " of " + std::to_string(expected) + " bytes announced"
                             : " bytes, in the middle of a chunk") +
            " (response to " + who + ")",
        body_received_, expected);
}

bool ResponseParser::keep_alive() const noexcept {
    return !upgrade_ && llhttp_should_keep_alive(&llhttp_->parser);
}

}  // namespace asyncio::http::detail
