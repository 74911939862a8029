// Compressed bodies decode the same however they arrive in pieces; bad, cut or hostile data
// gives the error a user can act on, and a decompression bomb is refused before it allocates.
// The data is made here with zlib and Brotli's encoder.
#include "asyncio/detail/http/content_decoder.hpp"

#include <brotli/encode.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "asyncio/http/errors.hpp"

namespace http = asyncio::http;
using http::detail::ContentDecoder;
using http::detail::DecodeLimits;

namespace {

std::string random_bytes(std::size_t size, unsigned seed) {
    std::mt19937 random(seed);
    std::string data(size, '\0');
    for (char& c : data) c = static_cast<char>(random());
    return data;
}

// Words from a small vocabulary: compresses about as well as HTML or JSON.
std::string text_like(std::size_t size, unsigned seed) {
    static const char* const words[] = {"the ",    "client ",  "<div>",   "</div>\n", "asyncio ",
                                        "stream ", "\"id\": ", "12345, ", "body ",    "gzip "};
    std::mt19937 random(seed);
    std::string data;
    while (data.size() < size) data += words[random() % std::size(words)];
    data.resize(size);
    return data;
}

// zlib's formats by window bits: 15 + 16 gzip, 15 zlib-wrapped deflate, -15 raw deflate.
constexpr int kGzip = 15 + 16;
constexpr int kZlib = 15;
constexpr int kRaw = -15;

// Compresses what `next` hands out (an empty piece ends it), so a large input need not exist
// in memory at once.
template <class Next>
std::string deflate_stream(int window_bits, Next next, int strategy = Z_DEFAULT_STRATEGY) {
    z_stream z{};
    if (deflateInit2(&z, 6, Z_DEFLATED, window_bits, 8, strategy) != Z_OK) {
        throw std::runtime_error("deflateInit2");
    }
    std::string out;
    char buffer[64 * 1024];
    for (int flush = Z_NO_FLUSH; flush != Z_FINISH;) {
        const std::string_view piece = next();
        flush = piece.empty() ? Z_FINISH : Z_NO_FLUSH;
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(piece.data()));
        z.avail_in = static_cast<uInt>(piece.size());
        do {
            z.next_out = reinterpret_cast<Bytef*>(buffer);
            z.avail_out = sizeof buffer;
            deflate(&z, flush);
            out.append(buffer, sizeof buffer - z.avail_out);
        } while (z.avail_out == 0);
    }
    deflateEnd(&z);
    return out;
}

std::string compress(int window_bits, std::string_view data) {
    bool given = false;
    return deflate_stream(window_bits, [&] {
        const std::string_view piece = given ? std::string_view() : data;
        given = true;
        return piece;
    });
}

std::string brotli(std::string_view data) {
    std::size_t size = BrotliEncoderMaxCompressedSize(data.size());
    std::string out(size, '\0');
    if (!BrotliEncoderCompress(5, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC, data.size(),
                               reinterpret_cast<const std::uint8_t*>(data.data()), &size,
                               reinterpret_cast<std::uint8_t*>(out.data()))) {
        throw std::runtime_error("BrotliEncoderCompress");
    }
    out.resize(size);
    return out;
}

// The ways a body arrives: all at once, byte by byte, in random pieces.
enum class Chunking { whole, bytes, random };
constexpr Chunking kChunkings[] = {Chunking::whole, Chunking::bytes, Chunking::random};

std::vector<std::string_view> split(std::string_view data, Chunking chunking, unsigned seed = 7) {
    std::vector<std::string_view> pieces;
    std::mt19937 random(seed);
    while (!data.empty()) {
        std::size_t size = data.size();
        if (chunking == Chunking::bytes) size = 1;
        if (chunking == Chunking::random) size = 1 + random() % 5000;
        size = std::min(size, data.size());
        pieces.push_back(data.substr(0, size));
        data.remove_prefix(size);
    }
    return pieces;
}

std::string decode(std::string_view encoding, std::string_view body, Chunking chunking,
                   DecodeLimits limits = {}) {
    auto decoder = ContentDecoder::create(encoding, limits);
    if (decoder == nullptr) throw std::logic_error("no decoder");
    std::string out;
    for (std::string_view piece : split(body, chunking)) decoder->decode(piece, out);
    decoder->finish(out);
    EXPECT_EQ(decoder->decoded_size(), out.size());
    EXPECT_EQ(decoder->encoded_size(), body.size());
    return out;
}

// The message of the ContentDecodingError that decoding `body` gives (in decode or finish).
std::string decoding_error(std::string_view encoding, std::string_view body,
                           Chunking chunking = Chunking::whole) {
    try {
        decode(encoding, body, chunking);
    } catch (const http::ContentDecodingError& error) {
        return error.what();
    }
    ADD_FAILURE() << "no ContentDecodingError for " << encoding;
    return {};
}

const char* name(Chunking chunking) {
    return chunking == Chunking::whole ? "whole" : chunking == Chunking::bytes ? "bytes" : "random";
}

}  // namespace

TEST(ContentDecoder, IdentityAndEmptyNeedNoDecoder) {
    for (const char* encoding : {"", "identity", " Identity ", "identity, IDENTITY", " , "}) {
        EXPECT_EQ(ContentDecoder::create(encoding), nullptr) << "'" << encoding << "'";
    }
}

TEST(ContentDecoder, EveryEncodingRoundTripsInAnyChunking) {
    const std::string random = random_bytes(64 * 1024, 1);
    const std::string text = text_like(300 * 1024, 2);
    struct Case {
        const char* encoding;
        std::string (*encode)(std::string_view);
    };
    const Case cases[] = {
        {"gzip", [](std::string_view data) { return compress(kGzip, data); }},
        {"x-gzip", [](std::string_view data) { return compress(kGzip, data); }},
        {"deflate", [](std::string_view data) { return compress(kZlib, data); }},
        {"deflate", [](std::string_view data) { return compress(kRaw, data); }},
        {"br", [](std::string_view data) { return brotli(data); }},
    };
    for (const Case& c : cases) {
        for (const std::string* data : {&random, &text}) {
            const std::string body = c.encode(*data);
            for (Chunking chunking : kChunkings) {
                SCOPED_TRACE(std::string(c.encoding) + ", " + name(chunking) + ", " +
                             std::to_string(data->size()) + " bytes");
                EXPECT_EQ(decode(c.encoding, body, chunking), *data);
            }
        }
    }
}

TEST(ContentDecoder, DeflateIsZlibWrappedOrRaw) {
    const std::string text = "Content-Encoding: deflate, as servers send it";
    const std::string zlib = compress(kZlib, text);
    const std::string raw = compress(kRaw, text);
    ASSERT_EQ(zlib.substr(2, zlib.size() - 6), raw);  // the same data, with and without wrapper
    for (Chunking chunking : kChunkings) {
        EXPECT_EQ(decode("deflate", zlib, chunking), text);
        EXPECT_EQ(decode("deflate", raw, chunking), text);
    }
    // zlib's Adler-32 is checked when the wrapper is there.
    std::string bad_check = zlib;
    bad_check.back() = static_cast<char>(bad_check.back() ^ 1);
    EXPECT_NE(decoding_error("deflate", bad_check).find("incorrect data check"), std::string::npos);
}

TEST(ContentDecoder, GzipMembersDecodeOneAfterTheOther) {
    const std::string first = text_like(100 * 1024, 3);
    const std::string second = random_bytes(10 * 1024, 4);
    const std::string third = "the end\n";
    const std::string body = compress(kGzip, first) + compress(kGzip, second) +
                             compress(kGzip, "") + compress(kGzip, third);
    for (Chunking chunking : kChunkings) {
        SCOPED_TRACE(name(chunking));
        EXPECT_EQ(decode("gzip", body, chunking), first + second + third);
    }
}

TEST(ContentDecoder, BytesAfterTheEndOfTheStreamAreIgnored) {
    const std::string text = text_like(20 * 1024, 5);
    const std::string garbage = std::string(10, '\0') + "\r\ntrailing junk\x1f";
    for (Chunking chunking : kChunkings) {
        SCOPED_TRACE(name(chunking));
        EXPECT_EQ(decode("gzip", compress(kGzip, text) + garbage, chunking), text);
        EXPECT_EQ(decode("gzip", compress(kGzip, text) + "\x1f", chunking), text);
        EXPECT_EQ(decode("deflate", compress(kZlib, text) + garbage, chunking), text);
        EXPECT_EQ(decode("deflate", compress(kRaw, text) + garbage, chunking), text);
        EXPECT_EQ(decode("br", brotli(text) + garbage, chunking), text);
    }
}

TEST(ContentDecoder, StackedEncodingsDecodeInReverseOrder) {
    const std::string text = text_like(200 * 1024, 6);
    // "gzip, br": gzip applied first, then br.
    const std::string body = brotli(compress(kGzip, text));
    for (Chunking chunking : kChunkings) {
        SCOPED_TRACE(name(chunking));
        EXPECT_EQ(decode("gzip, br", body, chunking), text);
    }
    const std::string three = compress(kGzip, compress(kRaw, brotli(text)));
    EXPECT_EQ(decode("br,deflate,gzip", three, Chunking::random), text);
    // The other order decodes gzip first, and the body is not gzip data.
    EXPECT_NE(decoding_error("br, gzip", body).find("the gzip body"), std::string::npos);
}

TEST(ContentDecoder, NamesAreCaseInsensitiveAndListsMayHaveSpaces) {
    const std::string text = text_like(5000, 7);
    EXPECT_EQ(decode("GZip", compress(kGzip, text), Chunking::whole), text);
    EXPECT_EQ(decode("X-GZIP", compress(kGzip, text), Chunking::whole), text);
    EXPECT_EQ(decode("\tDeflate ", compress(kZlib, text), Chunking::whole), text);
    EXPECT_EQ(decode(" gzip ,\tBR ", brotli(compress(kGzip, text)), Chunking::whole), text);
    EXPECT_EQ(decode("gzip,, identity ,br", brotli(compress(kGzip, text)), Chunking::whole), text);
}

TEST(ContentDecoder, AnUnknownEncodingIsNamed) {
    const auto message = [](std::string_view encoding) -> std::string {
        try {
            ContentDecoder::create(encoding);
        } catch (const http::ContentDecodingError& error) {
            return error.what();
        }
        return "no error";
    };
    EXPECT_EQ(message("zstd"), "unsupported Content-Encoding 'zstd'");
    EXPECT_EQ(message("gzip, Compress"), "unsupported Content-Encoding 'Compress'");
    EXPECT_NE(message("gzip, gzip, gzip, gzip, gzip, gzip").find("too many Content-Encodings"),
              std::string::npos);
}

TEST(ContentDecoder, DataThatDoesNotDecodeNamesTheEncoding) {
    const std::string text = text_like(50 * 1024, 8);
    const std::string not_compressed = "<html>this was never compressed</html>";
    EXPECT_EQ(decoding_error("gzip", not_compressed),
              "cannot decode the gzip body: incorrect header check");
    EXPECT_NE(decoding_error("deflate", not_compressed).find("cannot decode the deflate body: "),
              std::string::npos);
    EXPECT_NE(decoding_error("br", not_compressed)
                  .find("cannot decode the br body: invalid Brotli data ("),
              std::string::npos);

    // A byte changed in the middle: gzip's CRC catches what the deflate data does not.
    std::string corrupted = compress(kGzip, text);
    corrupted[corrupted.size() / 2] = static_cast<char>(corrupted[corrupted.size() / 2] ^ 0x55);
    for (Chunking chunking : kChunkings) {
        const std::string message = decoding_error("x-gzip", corrupted, chunking);
        EXPECT_EQ(message.rfind("cannot decode the x-gzip body: ", 0), 0u) << message;
    }
    // A second member that is not one.
    const std::string bad_member = compress(kGzip, text) + "\x1f\x8b garbage";
    EXPECT_NE(decoding_error("gzip", bad_member).find("gzip body"), std::string::npos);
    // In a stack, the layer that fails is named.
    EXPECT_NE(decoding_error("gzip, br", brotli(not_compressed)).find("the gzip body"),
              std::string::npos);
}

TEST(ContentDecoder, ATruncatedStreamFailsAtTheEnd) {
    const std::string text = text_like(100 * 1024, 9);
    const std::string bodies[] = {compress(kGzip, text), compress(kZlib, text),
                                  compress(kRaw, text), brotli(text)};
    const char* encodings[] = {"gzip", "deflate", "deflate", "br"};
    for (std::size_t i = 0; i < std::size(bodies); ++i) {
        for (std::size_t cut :
             {std::size_t{1}, std::size_t{4}, bodies[i].size() / 2, bodies[i].size() - 1}) {
            SCOPED_TRACE(std::string(encodings[i]) + " cut to " + std::to_string(cut));
            auto decoder = ContentDecoder::create(encodings[i]);
            std::string out;
            decoder->decode(std::string_view(bodies[i]).substr(0, cut), out);
            try {
                decoder->finish(out);
                ADD_FAILURE() << "no error";
            } catch (const http::ContentDecodingError& error) {
                EXPECT_EQ(std::string(error.what())
                              .rfind("truncated " + std::string(encodings[i]) + " body", 0),
                          0u)
                    << error.what();
            }
        }
    }
    // The inner stream of a stack cut short, the outer complete.
    const std::string gzip = compress(kGzip, text);
    const std::string cut_inside = brotli(std::string_view(gzip).substr(0, gzip.size() - 3));
    EXPECT_NE(decoding_error("gzip, br", cut_inside).find("truncated gzip body"),
              std::string::npos);
}

TEST(ContentDecoder, AnEmptyBodyIsEmptyContent) {
    for (const char* encoding : {"gzip", "deflate", "br", "gzip, br"}) {
        auto decoder = ContentDecoder::create(encoding);
        std::string out;
        decoder->decode("", out);
        decoder->finish(out);
        EXPECT_EQ(out, "") << encoding;
    }
}

// 1 GiB of zeros, gzip-compressed (about 1 MiB), made without holding the GiB (run-length
// matches only: as small, and several times faster to make than zlib's default).
const std::string& gzip_bomb() {
    static const std::string bomb = [] {
        const std::string zeros(1 << 20, '\0');
        int left = 1024;
        return deflate_stream(
            kGzip, [&] { return left-- > 0 ? std::string_view(zeros) : std::string_view(); },
            Z_RLE);
    }();
    return bomb;
}

TEST(ContentDecoder, AGzipBombIsRefusedBeforeItGrows) {
    const std::string& bomb = gzip_bomb();
    ASSERT_LT(bomb.size(), 2u << 20);
    const DecodeLimits limits;  // 100 to 1 past 1 MiB
    auto decoder = ContentDecoder::create("gzip", limits);
    std::string out;
    std::string message;
    try {
        for (std::string_view piece : split(bomb, Chunking::random)) decoder->decode(piece, out);
    } catch (const http::LimitError& error) {
        message = error.what();
    }
    EXPECT_EQ(message.rfind("decompression bomb refused: ", 0), 0u) << message;
    EXPECT_NE(message.find("(limit 100 per compressed byte beyond 1048576 bytes)"),
              std::string::npos)
        << message;
    // Refused as soon as the ratio was passed: the output holds no more than it allows.
    const std::size_t allowed = std::max(limits.ratio_floor, 100 * decoder->encoded_size());
    EXPECT_EQ(out.size(), allowed);
    EXPECT_EQ(decoder->decoded_size(), out.size());
    EXPECT_LE(out.capacity(), 2 * (allowed + 1));
    EXPECT_LT(decoder->encoded_size(), 64u * 1024);
    EXPECT_EQ(out.find_first_not_of('\0'), std::string::npos);
}

TEST(ContentDecoder, MaxDecodedHoldsEvenInsideOneCall) {
    const std::string& bomb = gzip_bomb();
    // The whole bomb in one call: the ratio alone would allow 100 MiB; the cap says 10.
    const std::size_t cap = 10 << 20;
    auto decoder = ContentDecoder::create("gzip", {.max_decoded = cap});
    std::string out;
    try {
        decoder->decode(bomb, out);
        ADD_FAILURE() << "no LimitError";
    } catch (const http::LimitError& error) {
        EXPECT_NE(std::string(error.what()).find("(limit 10485760 bytes)"), std::string::npos)
            << error.what();
    }
    EXPECT_EQ(out.size(), cap);
    EXPECT_LE(out.capacity(), 2 * (cap + 1));

    // Exactly at the cap is allowed; one byte over is not, in any chunking.
    const std::string text = text_like(100 * 1024, 10);
    const std::string body = compress(kGzip, text);
    for (Chunking chunking : kChunkings) {
        EXPECT_EQ(decode("gzip", body, chunking, {.max_decoded = text.size()}), text);
        EXPECT_THROW(decode("gzip", body, chunking, {.max_decoded = text.size() - 1}),
                     http::LimitError);
    }
}

TEST(ContentDecoder, SmallBodiesMayCompressBetterThanTheRatio) {
    const std::string zeros(1 << 20, '\0');  // about 1000 to 1, within the floor
    EXPECT_EQ(decode("gzip", compress(kGzip, zeros), Chunking::random), zeros);
    // Without the floor the same body breaks the ratio; 0 turns the ratio off.
    EXPECT_THROW(decode("gzip", compress(kGzip, zeros), Chunking::random, {.ratio_floor = 0}),
                 http::LimitError);
    EXPECT_EQ(decode("br", brotli(zeros), Chunking::whole, {.max_ratio = 0, .ratio_floor = 0}),
              zeros);
}

TEST(ContentDecoder, ABombInsideAStackIsRefusedToo) {
    const std::string body = brotli(gzip_bomb());  // a few KiB for the GiB
    for (const DecodeLimits limits :
         {DecodeLimits{}, DecodeLimits{.max_ratio = 0, .max_decoded = 4 << 20}}) {
        auto decoder = ContentDecoder::create("gzip, br", limits);
        std::string out;
        EXPECT_THROW(decoder->decode(body, out), http::LimitError);
        const std::size_t allowed = limits.max_ratio == 0
                                        ? limits.max_decoded
                                        : std::max(limits.ratio_floor, 100 * body.size());
        EXPECT_EQ(out.size(), allowed);
    }
}

TEST(ContentDecoder, DecodesIntoTheSpareCapacityTheCallerReserved) {
    const std::string text = text_like(3 << 20, 11);
    const std::string body = compress(kGzip, text);
    auto decoder = ContentDecoder::create("gzip");
    std::string out;
    out.reserve(text.size() + 4096);
    const char* const storage = out.data();
    decoder->decode(body, out);
    decoder->finish(out);
    EXPECT_EQ(out, text);
    EXPECT_EQ(out.data(), storage);  // never moved
}

// Damaged bodies (bytes changed, cut) give either the content or a ContentDecodingError,
// the same however they arrive (Brotli's reason may differ: where it notices depends on the
// pieces); under ASan, nothing is read or written out of bounds.
TEST(ContentDecoder, DamagedBodiesFailTheSameInAnyChunking) {
    const std::string text = text_like(20 * 1024, 12) + random_bytes(2048, 13);
    const std::pair<const char*, std::string> cases[] = {{"gzip", compress(kGzip, text)},
                                                         {"deflate", compress(kZlib, text)},
                                                         {"deflate", compress(kRaw, text)},
                                                         {"br", brotli(text)}};
    const DecodeLimits no_ratio{.max_ratio = 0};  // the ratio depends on the chunking
    std::mt19937 random(14);
    for (const auto& [encoding, body] : cases) {
        for (int round = 0; round < 100; ++round) {
            std::string damaged = body;
            for (int changes = 1 + random() % 3; changes > 0; --changes) {
                damaged[random() % damaged.size()] = static_cast<char>(random());
            }
            if (round % 4 == 0) damaged.resize(random() % damaged.size());
            std::string outcomes[std::size(kChunkings)];
            for (std::size_t i = 0; i < std::size(kChunkings); ++i) {
                try {
                    outcomes[i] = "content " + decode(encoding, damaged, kChunkings[i], no_ratio);
                } catch (const http::ContentDecodingError& error) {
                    const std::string message = error.what();
                    outcomes[i] = message.substr(0, message.find(" body") + 5);
                }
            }
            EXPECT_EQ(outcomes[0], outcomes[1]) << encoding << " round " << round;
            EXPECT_EQ(outcomes[0], outcomes[2]) << encoding << " round " << round;
        }
    }
}
