// Compression for the HTTP test servers: zlib and Brotli's encoder (libbrotlienc, linked to
// the tests only; the library decodes, it never encodes), and the decoders that check them.
#include "http/support/encodings.hpp"

#include <brotli/decode.h>
#include <brotli/encode.h>
#include <zlib.h>

#include <cstdio>
#include <stdexcept>
#include <vector>

namespace asyncio_test::http_test {

namespace {

// Deflates `data` with `flush` into `out` (every byte the stream gives back).
void deflate_into(z_stream& stream, std::string_view data, int flush, std::string& out) {
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    char buffer[64 * 1024];
    do {
        stream.next_out = reinterpret_cast<Bytef*>(buffer);
        stream.avail_out = sizeof buffer;
        if (::deflate(&stream, flush) == Z_STREAM_ERROR) throw std::runtime_error("deflate failed");
        out.append(buffer, sizeof buffer - stream.avail_out);
    } while (stream.avail_out == 0);
}

// One deflate stream: gzip-wrapped (window_bits 16 + 15) or raw (-15).
struct Deflater {
    z_stream stream{};
    Deflater(int window_bits, int strategy) {
        if (::deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, window_bits, 9, strategy) !=
            Z_OK) {
            throw std::runtime_error("deflateInit2 failed");
        }
    }
    ~Deflater() { ::deflateEnd(&stream); }
    Deflater(const Deflater&) = delete;
    Deflater& operator=(const Deflater&) = delete;
};

std::string compress(std::string_view data, int window_bits) {
    Deflater deflater(window_bits, Z_DEFAULT_STRATEGY);
    std::string out;
    deflate_into(deflater.stream, data, Z_FINISH, out);
    return out;
}

void append_le32(std::string& out, std::uint32_t value) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

// Deflating 1 GiB takes seconds. With run-length matching (Z_RLE: distance 1 only) and a sync
// flush after each MiB, every MiB after the first compresses to the same bytes: those are
// repeated, then an empty final block and the gzip trailer (CRC-32 and length mod 2^32).
std::string make_gzip_bomb() {
    constexpr std::size_t kPiece = 1 << 20;
    const std::string zeros(kPiece, '\0');
    Deflater deflater(16 + 15, Z_RLE);
    std::string first, steady, check;
    deflate_into(deflater.stream, zeros, Z_SYNC_FLUSH, first);
    deflate_into(deflater.stream, zeros, Z_SYNC_FLUSH, steady);
    deflate_into(deflater.stream, zeros, Z_SYNC_FLUSH, check);
    if (steady != check) throw std::runtime_error("gzip bomb: no steady state");
    constexpr std::size_t kPieces = kGzipBombSize / kPiece;
    std::string bomb = first;
    bomb.reserve(first.size() + steady.size() * kPieces + 10);
    for (std::size_t i = 1; i < kPieces; ++i) bomb += steady;
    bomb += std::string_view("\x03\x00", 2);  // a final fixed-Huffman block, empty
    const uLong piece_crc = ::crc32(0, reinterpret_cast<const Bytef*>(zeros.data()), kPiece);
    uLong crc = piece_crc;
    for (std::size_t i = 1; i < kPieces; ++i) crc = ::crc32_combine(crc, piece_crc, kPiece);
    append_le32(bomb, static_cast<std::uint32_t>(crc));
    append_le32(bomb, static_cast<std::uint32_t>(kGzipBombSize & 0xffffffffu));
    return bomb;
}

// Inflates `data` (window_bits as for Deflater), giving each decoded piece to `sink` while it
// returns true. True when the data was one whole stream, all of it decoded.
template <class Sink>
bool inflate_pieces(std::string_view data, int window_bits, Sink sink) {
    z_stream stream{};
    if (::inflateInit2(&stream, window_bits) != Z_OK) throw std::runtime_error("inflateInit2");
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    std::vector<char> buffer(1 << 20);
    int result = Z_OK;
    bool more = true;
    while (result == Z_OK && more) {
        stream.next_out = reinterpret_cast<Bytef*>(buffer.data());
        stream.avail_out = static_cast<uInt>(buffer.size());
        result = ::inflate(&stream, Z_NO_FLUSH);
        more = sink(std::string_view(buffer.data(), buffer.size() - stream.avail_out));
    }
    ::inflateEnd(&stream);
    return result == Z_STREAM_END && stream.avail_in == 0;
}

std::string inflate_all(std::string_view data, int window_bits) {
    std::string out;
    const bool complete = inflate_pieces(data, window_bits, [&out](std::string_view piece) {
        out += piece;
        return true;
    });
    if (!complete) throw std::runtime_error("the data does not inflate");
    return out;
}

}  // namespace

std::string gunzip(std::string_view data) { return inflate_all(data, 16 + 15); }

std::string inflate_raw(std::string_view data) { return inflate_all(data, -15); }

std::uint64_t gunzip_size(std::string_view data) {
    std::uint64_t size = 0;
    const bool complete = inflate_pieces(data, 16 + 15, [&size](std::string_view piece) {
        size += piece.size();
        return true;
    });
    if (!complete) throw std::runtime_error("the data does not inflate");
    return size;
}

std::string gunzip_prefix(std::string_view data, std::size_t n) {
    std::string out;
    inflate_pieces(data, 16 + 15, [&out, n](std::string_view piece) {
        out += piece.substr(0, n - out.size());
        return out.size() < n;
    });
    return out;
}

std::string unbrotli(std::string_view data) {
    BrotliDecoderState* state = ::BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
    std::size_t available_in = data.size();
    const auto* next_in = reinterpret_cast<const std::uint8_t*>(data.data());
    std::string out;
    BrotliDecoderResult result = BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT;
    while (result == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) {
        std::uint8_t buffer[64 * 1024];
        std::size_t available_out = sizeof buffer;
        std::uint8_t* next_out = buffer;
        result = ::BrotliDecoderDecompressStream(state, &available_in, &next_in, &available_out,
                                                 &next_out, nullptr);
        out.append(reinterpret_cast<const char*>(buffer), sizeof buffer - available_out);
    }
    ::BrotliDecoderDestroyInstance(state);
    if (result != BROTLI_DECODER_RESULT_SUCCESS || available_in != 0) {
        throw std::runtime_error("the data does not decode as brotli");
    }
    return out;
}

std::string text_pattern(std::size_t n) {
    std::string text;
    text.reserve(n + 64);
    char line[80];
    for (int k = 0; text.size() < n; ++k) {
        std::snprintf(line, sizeof line, "line %06d: the quick brown fox jumps over the lazy dog\n",
                      k);
        text += line;
    }
    text.resize(n);
    return text;
}

std::string gzip(std::string_view data) { return compress(data, 16 + 15); }

std::string deflate_raw(std::string_view data) { return compress(data, -15); }

std::string brotli(std::string_view data) {
    std::size_t size = ::BrotliEncoderMaxCompressedSize(data.size());
    if (size == 0) size = data.size() + 1024;
    std::string out(size, '\0');
    if (!::BrotliEncoderCompress(5, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC, data.size(),
                                 reinterpret_cast<const std::uint8_t*>(data.data()), &size,
                                 reinterpret_cast<std::uint8_t*>(out.data()))) {
        throw std::runtime_error("BrotliEncoderCompress failed");
    }
    out.resize(size);
    return out;
}

const std::string& gzip_bomb() {
    static const std::string bomb = make_gzip_bomb();
    return bomb;
}

}  // namespace asyncio_test::http_test
