// A libFuzzer target for the HTTP client's response path: random bytes parsed as the responses
// of one connection by ResponseParser (llhttp), in random pieces, each body decoded by
// ContentDecoder when its head names a Content-Encoding, as the client does.
//
// The input (every byte is optional: a short input reads as zeros):
//   byte 0     flags: bit 0 = the connection ends after the last byte (finish() is called);
//              bits 1-3 = the 1st, 2nd, 3rd request was a HEAD; bit 4 = the decoder's limit is
//              a ratio (see byte 2) rather than an absolute size
//   byte 1     the parser's limits: max_head_size = 32 + (b % 16) * 64, max_fields = 1 + b / 16
//   byte 2     the decoder's limit: max_decoded = 1 + b * 256 bytes; or, with flag bit 4,
//              max_ratio = 1 + b % 8 past ratio_floor = 64 + (b / 8) * 32 bytes
//   byte 3     how many piece sizes follow (1 + b % 8), each a byte s: a piece of 1 + s bytes
//              below 0xF0, else of (s - 0xEF) * 1024 bytes; the sizes are used in turn
//   the rest   the bytes the server sent: up to 3 responses, a next one read only when the
//              previous one ended and left its connection reusable (keep-alive), as the pool does
//
// The connection is modelled as the client's: a buffer that is refilled with the next piece
// only once the parser has consumed all of it, fed whole to feed(). Every outcome is recorded
// (the events, the heads, the bodies before and after decoding, the error's type) and the
// same input is run again fed in one piece: both must give the same record, except when a
// ratio limit is on (that limit depends on how much compressed data has arrived at each step,
// so pieces may legitimately trip it where the whole does not): then only the invariants hold.
// Checked at every step: consumed bytes never exceed what was fed, body bytes never exceed the
// bytes fed to that response, the parser's count of body bytes is the sink's, the decoded size
// respects the limits, a response whose Content-Length was met has exactly that many bytes,
// and nothing but an http::Error comes out. A violation prints the check and traps, so that
// libFuzzer reports the input; HTTP_RESPONSE_FUZZ_TRACE=1 prints each run's record.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

#include "asyncio/detail/http/content_decoder.hpp"
#include "asyncio/detail/http/response_parser.hpp"
#include "asyncio/http/errors.hpp"
#include "fuzz_check.hpp"

namespace {

namespace http = asyncio::http;
using http::detail::ContentDecoder;
using http::detail::DecodeLimits;
using http::detail::ResponseLimits;
using http::detail::ResponseParser;
using Parsed = ResponseParser::Parsed;

bool tracing() {
    static const bool on = fuzz_tracing("HTTP_RESPONSE_FUZZ_TRACE");
    return on;
}

constexpr int kMaxResponses = 3;
constexpr const char* kEvents[] = {"need_more", "informational", "head", "done"};

struct Config {
    bool eof = false;
    bool head_request[kMaxResponses] = {};
    ResponseLimits limits;
    DecodeLimits decode;
    bool ratio_limit = false;
    std::vector<std::size_t> pieces;
    std::string_view wire;
};

Config decode_input(const std::uint8_t* data, std::size_t size) {
    std::size_t at = 0;
    auto byte = [&]() -> std::uint8_t { return at < size ? data[at++] : 0; };
    Config c;
    const std::uint8_t flags = byte();
    c.eof = flags & 1;
    for (int i = 0; i < kMaxResponses; ++i) c.head_request[i] = (flags >> (1 + i)) & 1;
    c.ratio_limit = (flags >> 4) & 1;
    const std::uint8_t limits = byte();
    c.limits.max_head_size = 32 + std::size_t(limits % 16) * 64;
    c.limits.max_fields = 1 + limits / 16;
    const std::uint8_t decode = byte();
    if (c.ratio_limit) {
        c.decode.max_ratio = 1 + decode % 8;
        c.decode.ratio_floor = 64 + std::size_t(decode / 8) * 32;
    } else {
        c.decode.max_ratio = 0;
        c.decode.max_decoded = 1 + std::size_t(decode) * 256;
    }
    const int sizes = 1 + byte() % 8;
    for (int i = 0; i < sizes; ++i) {
        const std::uint8_t s = byte();
        c.pieces.push_back(s < 0xF0 ? 1 + std::size_t(s) : std::size_t(s - 0xEF) * 1024);
    }
    c.wire = std::string_view(reinterpret_cast<const char*>(data) + at, size - at);
    return c;
}

bool same_fields(const http::Headers& a, const http::Headers& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](const http::Headers::Field& x, const http::Headers::Field& y) {
                          return x.name == y.name && x.value == y.value;
                      });
}

// What one response gave.
struct Outcome {
    std::vector<int> informational;  // the 1xx statuses, in order
    std::optional<http::detail::ResponseHead> head;
    std::string raw;      // body bytes after the transfer coding
    std::string decoded;  // ...and after the content coding
    bool done = false;
    bool keep_alive = false;

    bool operator==(const Outcome& o) const {
        const bool same_head =
            head.has_value() == o.head.has_value() &&
            (!head || (head->status == o.head->status && head->reason == o.head->reason &&
                       head->version_major == o.head->version_major &&
                       head->version_minor == o.head->version_minor &&
                       same_fields(head->headers, o.head->headers)));
        return informational == o.informational && same_head && raw == o.raw &&
               decoded == o.decoded && done == o.done && keep_alive == o.keep_alive;
    }
};

struct Record {
    std::vector<Outcome> responses;
    std::string error;  // the type of the http::Error that ended the run, if one did

    // What must not depend on the pieces. After an error, the body of the response it ended
    // is left out: a decoding error inside a piece the parser handed over leaves as much of
    // it as that piece held.
    Record comparable() const {
        Record r = *this;
        if (!r.error.empty() && !r.responses.empty()) {
            r.responses.back().raw.clear();
            r.responses.back().decoded.clear();
        }
        return r;
    }
    bool operator==(const Record&) const = default;
};

// The body's bytes as the connection's Exchange takes them: decoded on the way if needed.
struct Sink final : ResponseParser::BodySink {
    Outcome* out = nullptr;
    ContentDecoder* decoder = nullptr;
    std::uint64_t fed = 0;  // bytes fed to the parser for this response
    void body(std::string_view bytes) override {
        FUZZ_CHECK(!bytes.empty());
        out->raw.append(bytes);
        FUZZ_CHECK(out->raw.size() <= fed);
        if (decoder) decoder->decode(bytes, out->decoded);
    }
};

void check_decoded(const Config& c, const ContentDecoder& decoder, const Outcome& out) {
    FUZZ_CHECK(decoder.decoded_size() == out.decoded.size());
    FUZZ_CHECK(decoder.encoded_size() <= out.raw.size());
    if (c.decode.max_decoded != 0) FUZZ_CHECK(out.decoded.size() <= c.decode.max_decoded);
    if (c.decode.max_ratio != 0) {
        const std::size_t allowed = c.decode.max_ratio * decoder.encoded_size();
        FUZZ_CHECK(out.decoded.size() <= std::max(allowed, c.decode.ratio_floor));
    }
}

// One connection's responses, fed in pieces of the sizes given (in turn), or whole.
class Run {
  public:
    Run(const Config& c, bool whole) : c_(c), whole_(whole), parser_(c.limits) {}

    Record go() {
        try {
            responses();
        } catch (const http::Error& e) {
            record_.error = typeid(e).name();
            if (tracing()) std::fprintf(stderr, "  error: %s\n", e.what());
        } catch (const std::exception& e) {
            std::fprintf(stderr, "not an http::Error: %s: %s\n", typeid(e).name(), e.what());
            fuzz_check_failed("only http::Errors come out", __FILE__, __LINE__);
        }
        return record_;
    }

  private:
    void responses() {
        for (int i = 0; i < kMaxResponses; ++i) {
            record_.responses.emplace_back();
            parser_.start(c_.head_request[i], "GET http://fuzz/");
            if (!response(record_.responses.back(), c_.head_request[i])) return;
            if (!record_.responses.back().keep_alive) return;
        }
    }

    // Refills the buffer with the next piece once it is empty; false at the end of the input.
    bool fill() {
        if (!buffer_.empty()) return true;
        if (next_ == c_.wire.size()) return false;
        std::size_t n = c_.wire.size() - next_;
        if (!whole_) n = std::min(n, c_.pieces[piece_++ % c_.pieces.size()]);
        buffer_ = c_.wire.substr(next_, n);
        next_ += n;
        return true;
    }

    // Reads one response; true if it ended (done).
    bool response(Outcome& out, bool head_request) {
        std::unique_ptr<ContentDecoder> decoder;
        Sink sink;
        sink.out = &out;
        const std::uint64_t begin = next_ - buffer_.size();  // where this response starts
        // Each turn consumes bytes or stops at an event, which needs bytes of its own: far
        // fewer turns than this. More means the parser is stuck.
        for (std::size_t turns = 0; turns < 4 * c_.wire.size() + 8; ++turns) {
            if (!fill()) {
                if (!c_.eof) return false;
                sink.fed = next_ - begin;
                const bool completed = parser_.finish(sink);
                if (!completed) return false;
                finish(out, decoder.get(), sink);
                return true;
            }
            sink.fed = next_ - begin;
            const auto [consumed, what] = parser_.feed(buffer_, sink);
            FUZZ_CHECK(consumed <= buffer_.size());
            FUZZ_CHECK(what != Parsed::need_more || consumed == buffer_.size());
            if (tracing()) {
                std::fprintf(stderr, "  fed %zu, consumed %zu: %s\n", buffer_.size(), consumed,
                             kEvents[static_cast<int>(what)]);
            }
            buffer_.remove_prefix(consumed);
            FUZZ_CHECK(parser_.body_received() == out.raw.size());
            if (decoder) check_decoded(c_, *decoder, out);
            switch (what) {
                case Parsed::need_more:
                    break;
                case Parsed::informational:
                    FUZZ_CHECK(!out.head);
                    out.informational.push_back(parser_.head().status);
                    FUZZ_CHECK(out.informational.back() >= 100 && out.informational.back() < 200);
                    break;
                case Parsed::head:
                    FUZZ_CHECK(!out.head && !head_request);
                    out.head = parser_.head();
                    if (const auto encoding = out.head->headers.get("content-encoding")) {
                        decoder = ContentDecoder::create(*encoding, c_.decode);
                        sink.decoder = decoder.get();
                    }
                    break;
                case Parsed::done:
                    finish(out, decoder.get(), sink);
                    return true;
            }
        }
        fuzz_check_failed("the parser makes no progress", __FILE__, __LINE__);
    }

    void finish(Outcome& out, ContentDecoder* decoder, Sink& sink) {
        if (!out.head) {
            out.head = parser_.head();  // a response without a body: its head comes with done
            FUZZ_CHECK(out.raw.empty());
        }
        FUZZ_CHECK(parser_.body_received() == out.raw.size());
        FUZZ_CHECK(out.raw.size() <= sink.fed);
        const std::optional<std::uint64_t> length = parser_.content_length();
        if (length && !out.head->headers.contains("transfer-encoding") && !out.raw.empty())
            FUZZ_CHECK(out.raw.size() == *length);
        if (decoder) {
            decoder->finish(out.decoded);
            check_decoded(c_, *decoder, out);
        } else {
            FUZZ_CHECK(out.decoded.empty());
            out.decoded = out.raw;
        }
        out.keep_alive = parser_.keep_alive();
        out.done = true;
    }

    const Config& c_;
    const bool whole_;
    ResponseParser parser_;
    Record record_;
    std::string_view buffer_;  // fed, not consumed yet
    std::size_t next_ = 0;     // the next byte of the wire to put in the buffer
    std::size_t piece_ = 0;
};

void trace(const char* name, const Record& r) {
    std::fprintf(stderr, "%s: %zu responses, error '%s'\n", name, r.responses.size(),
                 r.error.c_str());
    for (const Outcome& o : r.responses) {
        std::fprintf(stderr, "  %zu informational, status %d, raw %zu, decoded %zu, %s%s\n",
                     o.informational.size(), o.head ? o.head->status : 0, o.raw.size(),
                     o.decoded.size(), o.done ? "done" : "not done",
                     o.keep_alive ? ", keep-alive" : "");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const Config config = decode_input(data, size);
    const Record pieces = Run(config, false).go();
    Record whole = Run(config, true).go();
    // A response that breaks a limit and is malformed too may give either error, depending
    // on the pieces; both refuse it. The head's size is counted as llhttp hands out its spans
    // (fed whole, a field is counted when it ends, so a malformed byte inside an over-long one
    // is seen first), and a decoder's output comes in blocks (fed whole, Brotli may find the
    // data corrupt before it gives out what passes the limit).
    const auto refused = [](const std::string& type) {
        return type == typeid(http::ProtocolError).name() ||
               type == typeid(http::ContentDecodingError).name();
    };
    const std::string limit = typeid(http::LimitError).name();
    if ((pieces.error == limit && refused(whole.error)) ||
        (whole.error == limit && refused(pieces.error)))
        whole.error = pieces.error;
    if (tracing()) {
        trace("in pieces", pieces);
        trace("whole", whole);
    }
    if (!config.ratio_limit) FUZZ_CHECK(pieces.comparable() == whole.comparable());
    return 0;
}
