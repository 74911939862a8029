// Bodies for the HTTP tests (namespace asyncio_test::http_test), the same in every server:
//   text_pattern(n)      n bytes of numbered text lines (compressible, easy to make in Python:
//                        f"line {k:06d}: the quick brown fox jumps over the lazy dog\n");
//   gzip(), deflate_raw(), brotli()   a body compressed as a server sends it for
//                        Content-Encoding gzip, deflate (raw deflate, no zlib wrapper: what
//                        real servers send) and br;
//   gzip_bomb()          about 1 MiB of gzip that inflates to 1 GiB of zeros (kGzipBombSize),
//                        made once per process in a few milliseconds: a few MiB are deflated,
//                        then the steady-state part of the stream is repeated;
//   gunzip(), inflate_raw(), unbrotli(), gunzip_size(), gunzip_prefix()   the decoders the servers'
//   own tests
//                        check those bodies with.
// The random-looking bytes of the plain routes are asyncio_test::pattern() (net_support.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace asyncio_test::http_test {

inline constexpr std::uint64_t kGzipBombSize = std::uint64_t{1} << 30;

std::string text_pattern(std::size_t n);
std::string gzip(std::string_view data);
std::string deflate_raw(std::string_view data);
std::string brotli(std::string_view data);
// The same bytes at each call (built on the first).
const std::string& gzip_bomb();

// The other way, for the servers' own tests: std::runtime_error on data that does not decode.
std::string gunzip(std::string_view data);
std::string inflate_raw(std::string_view data);
std::string unbrotli(std::string_view data);
// The size gzip data decodes to, counted in pieces (a bomb never sits in memory; the whole
// gzip_bomb() takes zlib about 5 s).
std::uint64_t gunzip_size(std::string_view data);
// At most the first `n` decoded bytes of gzip data, however much of it there is.
std::string gunzip_prefix(std::string_view data, std::size_t n);

}  // namespace asyncio_test::http_test
