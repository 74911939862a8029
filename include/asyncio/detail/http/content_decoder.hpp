// Decoding of compressed HTTP bodies (Content-Encoding), piece by piece as they arrive: gzip
// (and its alias x-gzip), deflate, br and identity, and lists of them ("gzip, br": applied in
// that order, so decoded br first). Names are case-insensitive; zlib and Brotli stay out of
// this header.
//
// What is accepted, and why:
//   - gzip: concatenated members (what `cat a.gz b.gz` gives) decode one after the other.
//   - deflate: RFC 9110 says zlib-wrapped, but servers also send raw deflate; the first two
//     bytes decide (a valid zlib header or not), as browsers do.
//   - Bytes after the end of a compressed stream are ignored, as browsers do (Chromium's
//     gzip filter says so, "matches the behavior of other browsers") and gzip(1) does (with a
//     warning): what came before is complete and checked (gzip's CRC and length, zlib's
//     Adler-32), so they cannot change the content, and refusing would fail responses that
//     browsers show. (curl reports a write error for them, a second gzip member included.)
//     After a gzip member, bytes starting with gzip's magic are a further member, anything
//     else is such trailing garbage.
//   - An empty body is an empty content whatever the encoding: servers send
//     `Content-Encoding: gzip` with `Content-Length: 0`. A body cut anywhere later is an error.
//
// Limits: a hostile server cannot make the decoder allocate without bound. The decoded size
// may exceed `max_ratio` times the compressed bytes received only while it is at most
// `ratio_floor`, and never `max_decoded` (if set). Decoding stops as soon as a limit is
// passed, even inside one call: the output never holds more than the limit allows.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace asyncio::http::detail {

struct DecodeLimits {
    std::size_t max_ratio = 100;        // decoded bytes per compressed byte, at most (0: none)...
    std::size_t ratio_floor = 1 << 20;  // ...once more than this many bytes came out
    std::size_t max_decoded = 0;        // an absolute cap on the decoded size; 0: none
};

class ContentDecoder {
  public:
    // For a Content-Encoding header value; nullptr for identity / empty (no decoding needed).
    // ContentDecodingError for an encoding we do not know ("unsupported Content-Encoding
    // 'zstd'").
    static std::unique_ptr<ContentDecoder> create(std::string_view content_encoding,
                                                  DecodeLimits limits = {});
    virtual ~ContentDecoder();
    ContentDecoder(const ContentDecoder&) = delete;
    ContentDecoder& operator=(const ContentDecoder&) = delete;

    // Decodes the next piece of the body, appending what comes out to `output`.
    // ContentDecodingError for data that does not decode (the codec's reason, and which
    // encoding); LimitError when the decoded size breaks the limits ("decompression bomb
    // refused: ..."), with `output` holding no more than the limits allow. After an error the
    // decoder must not be used again.
    virtual void decode(std::string_view input, std::string& output) = 0;
    // The body ended: ContentDecodingError if a compressed stream is incomplete (truncated).
    virtual void finish(std::string& output) = 0;

    // Totals so far: bytes appended to outputs, bytes given to decode().
    std::size_t decoded_size() const noexcept { return decoded_; }
    std::size_t encoded_size() const noexcept { return encoded_; }

  protected:
    ContentDecoder() = default;
    std::size_t decoded_ = 0;
    std::size_t encoded_ = 0;
};

}  // namespace asyncio::http::detail
