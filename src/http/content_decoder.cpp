// The content decoder: a chain of stages (one per Content-Encoding, in decoding order), each
// pulling what it decodes from the stage before it through a fixed buffer, so a stage that
// blows up (a bomb in an inner layer) never fills more than that buffer. The last stage
// decodes straight into the caller's string, in steps no larger than the limits allow.
#include "asyncio/detail/http/content_decoder.hpp"

#include <brotli/decode.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <limits>
#include <new>
#include <vector>

#include "asyncio/http/errors.hpp"

namespace asyncio::http::detail {

ContentDecoder::~ContentDecoder() = default;

namespace {

// Output room per step: from the input's size times 4 (text compresses about that well),
// at least kFirstStep, doubling while one call keeps filling it, up to kMaxStep. The room is
// zero-filled by resize() before the codec writes it (C++20 has no resize_and_overwrite): a
// pass of memset, small next to inflating.
constexpr std::size_t kFirstStep = 1024;
constexpr std::size_t kMaxStep = 256 * 1024;
// What a stage decodes waits in a buffer of this size for the next stage.
constexpr std::size_t kBetweenStages = 64 * 1024;
// As curl (CVE-2022-32206): "gzip, gzip, gzip, ..." must not cost a zlib state each.
constexpr std::size_t kMaxEncodings = 5;
// What zlib takes per call (its counts are 32-bit).
constexpr std::size_t kMaxZlibInput = std::size_t{1} << 30;

[[noreturn]] void fail(const std::string& encoding, std::string_view reason) {
    throw ContentDecodingError("cannot decode the " + encoding + " body: " + std::string(reason));
}

// One decoding step of the chain.
class Stage {
  public:
    explicit Stage(std::string name) : name_(std::move(name)) {}
    virtual ~Stage() = default;
    Stage(const Stage&) = delete;
    Stage& operator=(const Stage&) = delete;

    // Decodes from the front of `input` (consuming it) into `out`, returning the bytes written:
    // fewer than `room` only once the stage can go no further without more input. Input past
    // the end of the stream is consumed and ignored.
    virtual std::size_t run(std::string_view& input, char* out, std::size_t room) = 0;
    // At the end of the body: whether the stream was complete (or nothing at all came).
    virtual bool complete() const = 0;
    const std::string& name() const noexcept { return name_; }

  private:
    std::string name_;
};

// gzip and deflate, on zlib. The first two bytes of a stream (of each gzip member) are held
// back until both are here: they say whether deflate is zlib-wrapped or raw, and whether what
// follows a gzip member is another member or trailing garbage.
class ZlibStage final : public Stage {
  public:
    enum class Format { gzip, deflate };

    ZlibStage(std::string name, Format format) : Stage(std::move(name)), format_(format) {
        if (inflateInit2(&z_, format == Format::gzip ? kGzipBits : kZlibBits) != Z_OK) {
            throw std::bad_alloc();
        }
    }
    ~ZlibStage() override { inflateEnd(&z_); }

    std::size_t run(std::string_view& input, char* out, std::size_t room) override {
        z_.next_out = reinterpret_cast<Bytef*>(out);
        z_.avail_out = static_cast<uInt>(room);
        while (z_.avail_out > 0) {
            if (state_ == State::ended) {
                input = {};
                break;
            }
            if (state_ == State::head) {
                if (!take_head(input)) break;
                start_stream();
            } else if (!inflate_some(input)) {
                break;
            }
        }
        return room - z_.avail_out;
    }

    bool complete() const override {
        return state_ == State::ended ||
               (state_ == State::head && (after_member_ || head_size_ == 0));
    }

  private:
    static constexpr int kZlibBits = MAX_WBITS;
    static constexpr int kRawBits = -MAX_WBITS;
    static constexpr int kGzipBits = 16 + MAX_WBITS;

    enum class State { head, body, ended };

    // RFC 1950: method 8 (deflate), a window of at most 32 KiB, no preset dictionary, and the
    // check bits. A raw stream starting like this is possible but rare; browsers decide alike.
    static bool zlib_header(const unsigned char* head) {
        return (head[0] & 0x0f) == Z_DEFLATED && (head[0] >> 4) <= 7 && (head[1] & 0x20) == 0 &&
               ((head[0] << 8) | head[1]) % 31 == 0;
    }

    // Holds back the first two bytes of a stream; true once both are here.
    bool take_head(std::string_view& input) {
        while (head_size_ < 2 && !input.empty()) {
            head_[head_size_++] = static_cast<unsigned char>(input.front());
            input.remove_prefix(1);
        }
        return head_size_ == 2;
    }

    void start_stream() {
        if (format_ == Format::deflate) {
            inflateReset2(&z_, zlib_header(head_) ? kZlibBits : kRawBits);
        } else if (after_member_) {
            if (head_[0] != 0x1f || head_[1] != 0x8b) {
                state_ = State::ended;  // trailing garbage, not a member
                return;
            }
            inflateReset(&z_);
        }
        head_used_ = 0;
        state_ = State::body;
    }

    void end_stream() {
        if (format_ == Format::deflate) {
            state_ = State::ended;
            return;
        }
        after_member_ = true;
        head_size_ = 0;
        state_ = State::head;
    }

    // One inflate() over the held-back head, or else `input` (even empty: zlib may still hold
    // output). False when nothing more can come out without more input.
    bool inflate_some(std::string_view& input) {
        const bool from_head = head_used_ < head_size_;
        const std::string_view source =
            from_head ? std::string_view(reinterpret_cast<const char*>(head_) + head_used_,
                                         head_size_ - head_used_)
                      : input.substr(0, kMaxZlibInput);
        z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(source.data()));
        z_.avail_in = static_cast<uInt>(source.size());
        const int status = inflate(&z_, Z_NO_FLUSH);
        const std::size_t used = source.size() - z_.avail_in;
        if (from_head) {
            head_used_ += used;
        } else {
            input.remove_prefix(used);
        }
        switch (status) {
            case Z_STREAM_END:
                end_stream();
                return true;
            case Z_OK:
                return true;
            case Z_BUF_ERROR:
                return false;  // no progress possible: needs input
            case Z_MEM_ERROR:
                throw std::bad_alloc();
            case Z_NEED_DICT:
                fail(name(), "the stream needs a preset dictionary");
            default:
                fail(name(), z_.msg != nullptr ? z_.msg : zError(status));
        }
    }

    Format format_;
    z_stream z_{};
    State state_ = State::head;
    bool after_member_ = false;  // gzip: a member ended, what follows is another or garbage
    unsigned char head_[2] = {};
    std::size_t head_size_ = 0;
    std::size_t head_used_ = 0;  // of head_, given to zlib
};

class BrotliStage final : public Stage {
  public:
    explicit BrotliStage(std::string name)
        : Stage(std::move(name)), state_(BrotliDecoderCreateInstance(nullptr, nullptr, nullptr)) {
        if (state_ == nullptr) throw std::bad_alloc();
    }
    ~BrotliStage() override { BrotliDecoderDestroyInstance(state_); }

    std::size_t run(std::string_view& input, char* out, std::size_t room) override {
        std::size_t avail_out = room;
        auto* next_out = reinterpret_cast<std::uint8_t*>(out);
        while (!ended_) {
            started_ = started_ || !input.empty();
            std::size_t avail_in = input.size();
            const auto* next_in = reinterpret_cast<const std::uint8_t*>(input.data());
            const std::size_t out_before = avail_out;
            const BrotliDecoderResult result = BrotliDecoderDecompressStream(
                state_, &avail_in, &next_in, &avail_out, &next_out, nullptr);
            const bool progress = avail_in != input.size() || avail_out != out_before;
            input.remove_prefix(input.size() - avail_in);
            if (result == BROTLI_DECODER_RESULT_SUCCESS) {
                ended_ = true;
            } else if (result == BROTLI_DECODER_RESULT_ERROR) {
                fail_with_code();
            } else if (result == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT || avail_out == 0 ||
                       !progress) {
                break;
            }
        }
        if (ended_) input = {};
        return room - avail_out;
    }

    bool complete() const override { return ended_ || !started_; }

  private:
    [[noreturn]] void fail_with_code() {
        const BrotliDecoderErrorCode code = BrotliDecoderGetErrorCode(state_);
        if (code <= BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MODES &&
            code >= BROTLI_DECODER_ERROR_ALLOC_BLOCK_TYPE_TREES) {
            throw std::bad_alloc();
        }
        // "PADDING_1, code -14": BROTLI_DECODER_ERROR_FORMAT_PADDING_1 in brotli/decode.h.
        fail(name(), std::string("invalid Brotli data (") + BrotliDecoderErrorString(code) +
                         ", code " + std::to_string(static_cast<int>(code)) + ")");
    }

    BrotliDecoderState* state_;
    bool started_ = false;
    bool ended_ = false;
};

std::size_t saturating_multiply(std::size_t a, std::size_t b) {
    if (a != 0 && b > std::numeric_limits<std::size_t>::max() / a) {
        return std::numeric_limits<std::size_t>::max();
    }
    return a * b;
}

class ChainDecoder final : public ContentDecoder {
  public:
    ChainDecoder(std::vector<std::unique_ptr<Stage>> stages, DecodeLimits limits)
        : stages_(std::move(stages)), limits_(limits) {
        for (std::size_t i = 1; i < stages_.size(); ++i) {
            between_.push_back({std::make_unique<char[]>(kBetweenStages), {}});
        }
    }

    void decode(std::string_view input, std::string& output) override {
        encoded_ += input.size();
        input_ = input;
        pump(input.size(), output);
    }

    void finish(std::string& output) override {
        input_ = {};
        pump(0, output);
        for (const auto& stage : stages_) {
            if (!stage->complete()) {
                throw ContentDecodingError("truncated " + stage->name() +
                                           " body: the compressed stream ends early (after " +
                                           std::to_string(encoded_) + " bytes)");
            }
        }
    }

  private:
    struct Buffer {
        std::unique_ptr<char[]> data;
        std::string_view pending;  // decoded by the stage before, not yet taken by the next
    };

    // Decodes all there is into `output`, one step of room at a time; each step's room
    // stops one byte past what the limits allow, which is how passing them shows.
    void pump(std::size_t input_size, std::string& output) {
        std::size_t step = std::clamp(saturating_multiply(input_size, 4), kFirstStep, kMaxStep);
        for (;;) {
            const std::size_t limit = allowed();
            const std::size_t left = limit - decoded_;
            // Spare capacity (a reserve() the caller made) is used before growing the string.
            const std::size_t spare = output.capacity() - output.size();
            const std::size_t want = spare >= kFirstStep ? std::min(step, spare) : step;
            const std::size_t room = left < want ? left + 1 : want;
            const std::size_t old_size = output.size();
            output.resize(old_size + room);
            std::size_t written = 0;
            try {
                written = pull(stages_.size() - 1, output.data() + old_size, room);
            } catch (...) {
                output.resize(old_size);
                throw;
            }
            if (written > left) {
                output.resize(old_size + left);
                const std::size_t reached = decoded_ + written;
                decoded_ += left;
                refuse(reached, limit);
            }
            output.resize(old_size + written);
            decoded_ += written;
            if (written < room) return;
            step = std::min(step * 2, kMaxStep);
        }
    }

    // Fills `out` from stage `index`, refilling its input from the stage before as it goes.
    std::size_t pull(std::size_t index, char* out, std::size_t room) {
        if (index == 0) return stages_[0]->run(input_, out, room);
        Buffer& from = between_[index - 1];
        std::size_t written = 0;
        for (;;) {
            written += stages_[index]->run(from.pending, out + written, room - written);
            if (written == room) return written;
            const std::size_t refilled = pull(index - 1, from.data.get(), kBetweenStages);
            from.pending = {from.data.get(), refilled};
            if (refilled == 0) return written;
        }
    }

    // The decoded size allowed so far.
    std::size_t allowed() const {
        std::size_t limit = std::numeric_limits<std::size_t>::max();
        if (limits_.max_ratio != 0) {
            limit = std::max(limits_.ratio_floor, saturating_multiply(limits_.max_ratio, encoded_));
        }
        if (limits_.max_decoded != 0) limit = std::min(limit, limits_.max_decoded);
        return limit;
    }

    [[noreturn]] void refuse(std::size_t decoded, std::size_t limit) const {
        std::string rule = limits_.max_decoded != 0 && limit == limits_.max_decoded
                               ? std::to_string(limits_.max_decoded) + " bytes"
                               : std::to_string(limits_.max_ratio) +
                                     " per compressed byte beyond " +
                                     std::to_string(limits_.ratio_floor) + " bytes";
        throw LimitError("decompression bomb refused: " + std::to_string(decoded) + " bytes from " +
                         std::to_string(encoded_) + " compressed (limit " + rule + ")");
    }

    std::vector<std::unique_ptr<Stage>> stages_;  // in decoding order: the last applied first
    std::vector<Buffer> between_;                 // between_[i]: from stage i to stage i + 1
    DecodeLimits limits_;
    std::string_view input_;  // of the current call, not yet taken by the first stage
};

std::string_view trim(std::string_view text) {
    const auto space = [](char c) { return c == ' ' || c == '\t'; };
    while (!text.empty() && space(text.front())) text.remove_prefix(1);
    while (!text.empty() && space(text.back())) text.remove_suffix(1);
    return text;
}

std::string lower(std::string_view text) {
    std::string result(text);
    for (char& c : result) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return result;
}

// The stage for one coding; nullptr for identity.
std::unique_ptr<Stage> make_stage(std::string_view token) {
    std::string name = lower(token);
    if (name == "identity") return nullptr;
    if (name == "gzip" || name == "x-gzip") {
        return std::make_unique<ZlibStage>(std::move(name), ZlibStage::Format::gzip);
    }
    if (name == "deflate") {
        return std::make_unique<ZlibStage>(std::move(name), ZlibStage::Format::deflate);
    }
    if (name == "br") return std::make_unique<BrotliStage>(std::move(name));
    throw ContentDecodingError("unsupported Content-Encoding '" + std::string(token) + "'");
}

}  // namespace

std::unique_ptr<ContentDecoder> ContentDecoder::create(std::string_view content_encoding,
                                                       DecodeLimits limits) {
    std::vector<std::unique_ptr<Stage>> stages;
    for (std::string_view rest = content_encoding; !rest.empty();) {
        const std::size_t comma = rest.find(',');
        const std::string_view token = trim(rest.substr(0, comma));
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        if (token.empty()) continue;  // a list may have empty elements (RFC 9110, 5.6.1)
        auto stage = make_stage(token);
        if (stage == nullptr) continue;
        if (stages.size() == kMaxEncodings) {
            throw ContentDecodingError("too many Content-Encodings in '" +
                                       std::string(content_encoding) + "' (at most " +
                                       std::to_string(kMaxEncodings) + ")");
        }
        stages.push_back(std::move(stage));
    }
    if (stages.empty()) return nullptr;
    std::reverse(stages.begin(), stages.end());
    return std::make_unique<ChainDecoder>(std::move(stages), limits);
}

}  // namespace asyncio::http::detail
