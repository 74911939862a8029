// asyncio-fetch's command line (CLI11): the options, their checks, and the list of URLs
// (from the arguments and from `-i FILE`, one per line, blank lines and "#" comments
// skipped). `parse_command_line` never exits: it gives the options, or the exit status to
// end with (0 after --help / --version, 2 after a usage error) with the text already
// printed.
#pragma once
#include <chrono>
#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace fetch {

struct FetchOptions {
    std::vector<std::string> urls;
    std::size_t jobs = 16;
    std::string output_dir;  // empty: bodies are not saved
    bool force = false;
    std::optional<std::chrono::milliseconds> timeout;          // total, per attempt
    std::optional<std::chrono::milliseconds> connect_timeout;  // per connection
    int retries = 0;
    std::chrono::milliseconds retry_delay{1000};       // back-off base
    std::chrono::milliseconds retry_max_delay{30000};  // back-off and Retry-After cap
    std::vector<std::pair<std::string, std::string>> headers;
    std::string method;                    // empty: GET, or POST with --data
    std::optional<std::string> data;       // the body's text
    std::optional<std::string> data_file;  // or a file's bytes (-d @FILE)
    bool json = false;
    bool quiet = false;
    bool insecure = false;
    std::string cacert;
    int max_redirects = 10;

    // The method sent: the one given, else POST with a body, else GET.
    std::string effective_method() const;
};

// Options, or the status to exit with.
using ParseResult = std::variant<FetchOptions, int>;

// `in` stands for stdin ("-i -").
ParseResult parse_command_line(int argc, const char* const* argv, std::istream& in,
                               std::ostream& out, std::ostream& err);

// The URLs in a list: one per line, surrounding blanks trimmed, blank lines and lines
// starting with '#' skipped.
std::vector<std::string> read_url_list(std::istream& in);

}  // namespace fetch
