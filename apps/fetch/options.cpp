#include "options.hpp"

#include <CLI/CLI.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <istream>
#include <iterator>
#include <ostream>

#include "asyncio/http/headers.hpp"

#ifndef ASYNCIO_FETCH_VERSION
#define ASYNCIO_FETCH_VERSION "0"
#endif

namespace fetch {
namespace {

constexpr const char* kDescription =
    "Fetches URLs concurrently over HTTP/1.1 and HTTPS, as many at once as --jobs says.";

constexpr const char* kFooter = R"(
Output:
  With -o DIR, each 2xx body is streamed to DIR/HOST[:PORT]/PATH (a path ending in '/'
  saves as index.html; a query stays on the name after '?'). Names come from the URL only,
  made safe ('..', '/', control characters escaped; never outside DIR, links included).
  A body is written to a hidden temporary file and renamed when complete: a failed or
  interrupted download leaves nothing. An existing file is never replaced: the new one gets
  a numeric suffix (NAME.1, NAME.2, ...), unless --force replaces it.
  Without -o, a single URL's body goes to stdout (as curl does; not with --json); with
  several URLs, bodies are read and counted, not kept.
  Progress goes to stderr: a live line on a terminal, else one line per URL; then a summary.

Retries (--retries N): connection errors, timeouts, bodies cut short, 429 and 5xx are tried
  again after an exponential back-off with full jitter (--retry-delay doubled per attempt,
  at most --retry-max-delay), or after the server's Retry-After if longer (capped alike).

HTTP_PROXY, HTTPS_PROXY and NO_PROXY are honoured.

Exit status: 0 if every URL gave a 2xx status, 1 otherwise, 2 on a usage error,
  130 when interrupted (Ctrl-C).)";

// A check that does not spell itself out in --help (the option's text says it already).
CLI::Validator quiet(CLI::Validator check) {
    check.description("");
    return check;
}

// A duration in seconds: a finite number, above 0 (or 0 too, when `zero_allowed`).
CLI::Validator seconds(bool zero_allowed) {
    auto check = [zero_allowed](std::string& text) -> std::string {
        std::size_t used = 0;
        double value = 0;
        try {
            value = std::stod(text, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == 0 || used != text.size() || !std::isfinite(value)) {
            return "not a number of seconds: " + text;
        }
        if (value < 0 || (value == 0 && !zero_allowed)) {
            return std::string(zero_allowed ? "must be 0 or more" : "must be more than 0") +
                   ", not " + text;
        }
        return "";
    };
    return CLI::Validator(check, "");
}

std::chrono::milliseconds to_ms(double seconds) {
    return std::chrono::milliseconds(std::llround(seconds * 1000));
}

std::string trim(std::string text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return "";
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

// "Name: value" -> (Name, value), checked as the client would; CLI::ValidationError if not.
std::pair<std::string, std::string> split_header(const std::string& text) {
    const auto colon = text.find(':');
    if (colon == std::string::npos || colon == 0) {
        throw CLI::ValidationError("--header", "expected 'Name: value', got '" + text + "'");
    }
    std::pair<std::string, std::string> header{trim(text.substr(0, colon)),
                                               trim(text.substr(colon + 1))};
    try {
        asyncio::http::Headers check;
        check.add(header.first, header.second);
    } catch (const std::exception& e) {
        throw CLI::ValidationError("--header", e.what());
    }
    return header;
}

std::string read_all(std::istream& in) {
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

std::string FetchOptions::effective_method() const {
    if (!method.empty()) return method;
    return data || data_file ? "POST" : "GET";
}

std::vector<std::string> read_url_list(std::istream& in) {
    std::vector<std::string> urls;
    std::string line;
    while (std::getline(in, line)) {
        line = trim(std::move(line));
        if (!line.empty() && line.front() != '#') urls.push_back(std::move(line));
    }
    return urls;
}

ParseResult parse_command_line(int argc, const char* const* argv, std::istream& in,
                               std::ostream& out, std::ostream& err) {
    CLI::App app(kDescription, "asyncio-fetch");
    app.footer(kFooter);
    app.set_version_flag("-V,--version", std::string("asyncio-fetch ") + ASYNCIO_FETCH_VERSION);
    app.get_formatter()->column_width(30);

    FetchOptions options;
    std::string input;
    std::vector<std::string> headers;
    std::string data;
    std::optional<double> timeout, connect_timeout;
    double retry_delay = 1, retry_max_delay = 30;

    app.add_option("URL", options.urls, "URLs to fetch (http:// or https://)")->type_name("");
    app.add_option("-i,--input", input, "read URLs from FILE, one a line ('-': stdin)")
        ->type_name("FILE");
    app.add_option("-j,--jobs", options.jobs, "requests in flight at once")
        ->type_name("N")
        ->capture_default_str()
        ->check(quiet(CLI::Range(std::size_t{1}, std::size_t{100000})));
    app.add_option("-o,--output-dir", options.output_dir, "save bodies under DIR (created)")
        ->type_name("DIR");
    app.add_flag("-f,--force", options.force, "replace existing files in DIR");
    app.add_option("--timeout", timeout, "limit on each attempt, all of it (none by default)")
        ->type_name("SECONDS")
        ->check(seconds(false));
    app.add_option("--connect-timeout", connect_timeout, "limit on connecting (none by default)")
        ->type_name("SECONDS")
        ->check(seconds(false));
    app.add_option("--retries", options.retries, "attempts after the first")
        ->type_name("N")
        ->capture_default_str()
        ->check(quiet(CLI::Range(0, 100)));
    app.add_option("--retry-delay", retry_delay, "back-off's first wait")
        ->type_name("SECONDS")
        ->capture_default_str()
        ->check(seconds(true));
    app.add_option("--retry-max-delay", retry_max_delay, "longest wait between attempts")
        ->type_name("SECONDS")
        ->capture_default_str()
        ->check(seconds(true));
    app.add_option("-H,--header", headers, "send this header (repeatable)")
        ->type_name("'NAME: VALUE'")
        ->allow_extra_args(false);
    app.add_option("-X,--method", options.method, "request method (default GET, POST with -d)")
        ->type_name("METHOD");
    app.add_option("-d,--data", data, "send this body; @FILE sends a file, @- stdin")
        ->type_name("TEXT");
    app.add_flag("--json", options.json, "one JSON object per URL on stdout");
    app.add_flag("-q,--quiet", options.quiet, "no progress, per-URL lines or summary; errors only");
    app.add_flag("-k,--insecure", options.insecure, "do not verify TLS certificates");
    app.add_option("--cacert", options.cacert,
                   "trust the CAs in FILE (PEM) instead of the system's")
        ->type_name("FILE")
        ->check(quiet(CLI::ExistingFile));
    app.add_option("--max-redirects", options.max_redirects, "redirects followed")
        ->type_name("N")
        ->capture_default_str()
        ->check(quiet(CLI::Range(0, 1000)));

    try {
        app.parse(argc, argv);
        for (const std::string& header : headers) options.headers.push_back(split_header(header));
        if (timeout) options.timeout = to_ms(*timeout);
        if (connect_timeout) options.connect_timeout = to_ms(*connect_timeout);
        options.retry_delay = to_ms(retry_delay);
        options.retry_max_delay = to_ms(retry_max_delay);
        if (app.count("--data") > 0) {
            if (data == "@-") {
                options.data = read_all(in);
            } else if (!data.empty() && data.front() == '@') {
                if (!std::filesystem::is_regular_file(data.substr(1))) {
                    throw CLI::ValidationError("--data", "no such file: " + data.substr(1));
                }
                options.data_file = data.substr(1);
            } else {
                options.data = data;
            }
        }
        if (!input.empty()) {
            std::ifstream file;
            if (input != "-") {
                file.open(input);
                if (!file) throw CLI::ValidationError("--input", "cannot read " + input);
            }
            std::vector<std::string> more = read_url_list(input == "-" ? in : file);
            options.urls.insert(options.urls.end(), more.begin(), more.end());
        } else if (options.urls.empty()) {
            throw CLI::RequiredError("a URL (or -i FILE)");
        }
    } catch (const CLI::ParseError& e) {
        const int status = app.exit(e, out, err);
        return status == 0 ? 0 : 2;
    }
    return options;
}

}  // namespace fetch
