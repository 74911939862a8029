// Where `asyncio-fetch -o DIR` saves a URL's body: a relative path derived from the URL alone
// (never from what the server says), and the file system steps that keep it inside DIR.
//
//   relative_path_for(URL("http://example.com:8080/a/b.txt?x=1"))
//       -> "example.com:8080/a/b.txt?x=1"
//   relative_path_for(URL("https://example.com/"))  -> "example.com/index.html"
//
// The path is the host (with its port when not the default), then the URL's path segments,
// each percent-decoded and then made safe: "/" and "\", control characters (C0, DEL, C1)
// and bytes that are not UTF-8 become "%XX"; a segment that is "." or ".." after decoding
// becomes "%2E" or "%2E%2E"; empty segments are dropped; a segment longer than
// kMaxComponent bytes is cut and given a hash of the whole ("~1a2b3c4d") so that two long
// names stay distinct. A path that ends in "/" gets "index.html"; a query is kept on the last
// segment after a "?". A path longer than kMaxPath bytes in all is folded into its host and
// last segment.
//
// The file system part does not trust the name either: `prepare_destination()` makes the
// directories one at a time and checks each, symbolic links resolved, to be inside DIR, so
// a link planted in DIR cannot lead outside it. `commit_file()` renames the finished
// temporary file to its name without ever replacing an existing file (unless `force`): the
// name then gets ".1", ".2"... as wget does.
#pragma once
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "asyncio/http/url.hpp"

namespace fetch {

inline constexpr std::size_t kMaxComponent = 200;  // bytes; Linux allows 255
inline constexpr std::size_t kMaxPath = 1024;      // bytes; Linux allows 4096

// `text` with its %XX escapes decoded (a '%' not followed by two hex digits stays).
std::string percent_decode(std::string_view text);
// One decoded path segment made into a safe file name (see above).
std::string safe_component(std::string_view decoded);
// The relative path a URL's body is saved under.
std::filesystem::path relative_path_for(const asyncio::http::URL& url);

// Raised when a URL's file cannot be placed: a directory on the way is a file, or leads
// outside the output directory.
class DestinationError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Creates the directories of `relative` under `root` (a canonical path) one by one,
// checking that each resolves inside `root`; gives the file's full path.
std::filesystem::path prepare_destination(const std::filesystem::path& root,
                                          const std::filesystem::path& relative);
// Renames `temporary` to `target` (same directory), or with `force` over an existing file.
// Without `force` an existing name is never replaced: "name.1", "name.2"... are tried.
// Gives the name used.
std::filesystem::path commit_file(const std::filesystem::path& temporary,
                                  const std::filesystem::path& target, bool force);
// A new name for a temporary file next to `target`: hidden, ending in ".part".
std::filesystem::path temporary_name_for(const std::filesystem::path& target);

}  // namespace fetch
