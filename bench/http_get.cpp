// http_get: an HTTP load client on asyncio::http, the one http_compare.sh measures against
// wrk, curl and aiohttp (see README.md). It is also a plain example of the client's API: one
// http::Client shared by a fixed number of worker tasks, each taking the next URL, getting it
// and reading its body to the end (which gives the connection back to the client's pool).
//
//   http_get (--urls FILE | --pattern URL --count N) [--concurrency 64] [--requests N]
//            [--read bytes|chunks] [--chunk BYTES] [--output FILE] [--receive-window BYTES]
//
//   --urls FILE       one URL a line
//   --pattern URL     URLs made by replacing "{}" in URL with 0, 1, ... N-1 (--count N)
//   --concurrency C   requests in flight (C workers; the client's connection limit is C)
//   --requests N      how many requests in all (default: one per URL); the list is cycled
//   --read bytes      each body read whole with Response::bytes() (the default)
//   --read chunks     each body read piece by piece with Response::read(--chunk), in bounded
//                     memory
//   --output FILE     the bodies written to FILE with asyncio::File (implies --read chunks;
//                     meant for one URL: several bodies in flight would interleave)
//   --receive-window B  ClientOptions::receive_window (default: the client's; 0: the kernel's
//                     own start), to see what it is worth
//
// One result line on stdout; the CPU times and the peak RSS are the whole process's
// (getrusage), start-up included:
//
//   http_get requests=N seconds=S rps=X bytes=B mb_per_s=X errors=E cpu_user_ms=X
//            cpu_sys_ms=X cpu_us_per_request=X max_rss_kib=X
//
// A request counts as an error if it raises an http::Error or answers a status outside 2xx;
// the first few are shown on stderr. Exit status: 0 if there was no error, 1 otherwise, 2 on a
// usage error.
#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "asyncio/asyncio.hpp"
#include "asyncio/http/http.hpp"

namespace {

namespace http = asyncio::http;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxErrorsShown = 5;

struct Options {
    std::vector<std::string> urls;
    std::size_t concurrency = 64;
    std::size_t requests = 0;  // 0: one per URL
    bool chunks = false;
    std::size_t chunk = http::Response::kDefaultChunk;
    std::string output;
    std::optional<std::size_t> receive_window;
};

// What the workers share (one thread: no locking).
struct Run {
    const Options* options = nullptr;
    http::Client* client = nullptr;
    std::optional<asyncio::File> output;
    std::size_t next = 0;  // the next request to start
    std::uint64_t bytes = 0;
    std::size_t errors = 0;
};

// Reads the rest of the body and returns its size; into the output file, if there is one.
asyncio::Coro<std::uint64_t> drain_body(Run* run, http::Response* response) {
    if (!run->options->chunks) {
        std::string body = co_await response->bytes();
        co_return body.size();
    }
    std::uint64_t size = 0;
    for (;;) {
        std::string piece = co_await response->read(run->options->chunk);
        if (piece.empty()) break;
        size += piece.size();
        if (run->output) co_await run->output->write(std::move(piece));
    }
    co_return size;
}

void count_error(Run* run, const std::string& url, const std::string& what) {
    if (run->errors++ < kMaxErrorsShown)
        std::fprintf(stderr, "http_get: %s: %s\n", url.c_str(), what.c_str());
}

asyncio::Coro<> worker(Run* run) {
    const Options& options = *run->options;
    while (run->next < options.requests) {
        const std::string& url = options.urls[run->next++ % options.urls.size()];
        try {
            http::Response response = co_await run->client->get(url);
            const std::uint64_t size = co_await drain_body(run, &response);
            run->bytes += size;
            if (response.status() < 200 || response.status() > 299)
                count_error(run, url, "status " + std::to_string(response.status()));
        } catch (const http::Error& e) {
            count_error(run, url, e.what());
        }
    }
}

asyncio::Coro<int> main_(Options options) {
    http::ClientOptions client_options;
    client_options.limit = options.concurrency;
    if (options.receive_window) client_options.receive_window = *options.receive_window;
    http::Client client(std::move(client_options));
    Run run;
    run.options = &options;
    run.client = &client;
    if (!options.output.empty()) run.output = co_await asyncio::File::open(options.output, "w");

    const auto start = Clock::now();
    co_await asyncio::task_group([&](asyncio::TaskGroup tg) {
        for (std::size_t i = 0; i < options.concurrency; ++i) tg.create_task(worker(&run));
    });
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (run.output) co_await run.output->close();

    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto ms = [](timeval t) {
        return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_usec) / 1e3;
    };
    const double user_ms = ms(usage.ru_utime), sys_ms = ms(usage.ru_stime);
    const auto n = static_cast<double>(options.requests);
    std::printf(
        "http_get requests=%zu seconds=%.3f rps=%.0f bytes=%llu mb_per_s=%.1f errors=%zu "
        "cpu_user_ms=%.1f cpu_sys_ms=%.1f cpu_us_per_request=%.2f max_rss_kib=%ld\n",
        options.requests, seconds, n / seconds, static_cast<unsigned long long>(run.bytes),
        static_cast<double>(run.bytes) / 1e6 / seconds, run.errors, user_ms, sys_ms,
        (user_ms + sys_ms) * 1e3 / n, usage.ru_maxrss);
    co_return run.errors == 0 ? 0 : 1;
}

[[noreturn]] void usage(const char* why) {
    std::fprintf(stderr,
                 "http_get: %s\n"
                 "usage: http_get (--urls FILE | --pattern URL --count N) [--concurrency 64] "
                 "[--requests N] [--read bytes|chunks] [--chunk BYTES] [--output FILE] "
                 "[--receive-window BYTES]\n",
                 why);
    std::exit(2);
}

std::size_t positive(const char* name, const char* text) {
    char* end = nullptr;
    const unsigned long long value = std::strtoull(text, &end, 10);
    if (*text == '\0' || *end != '\0' || value == 0)
        usage((std::string(name) + " needs a positive integer").c_str());
    return value;
}

Options parse(int argc, char** argv) {
    Options options;
    std::string urls_file, pattern;
    std::size_t count = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (i + 1 >= argc) usage(("missing value after " + std::string(arg)).c_str());
        const char* value = argv[++i];
        if (arg == "--urls")
            urls_file = value;
        else if (arg == "--pattern")
            pattern = value;
        else if (arg == "--count")
            count = positive("--count", value);
        else if (arg == "--concurrency")
            options.concurrency = positive("--concurrency", value);
        else if (arg == "--requests")
            options.requests = positive("--requests", value);
        else if (arg == "--chunk")
            options.chunk = positive("--chunk", value);
        else if (arg == "--receive-window")
            options.receive_window =
                std::string_view(value) == "0" ? 0 : positive(arg.data(), value);
        else if (arg == "--output")
            options.output = value;
        else if (arg == "--read" &&
                 (std::string_view(value) == "bytes" || std::string_view(value) == "chunks"))
            options.chunks = std::string_view(value) == "chunks";
        else
            usage(("unknown option " + std::string(arg) + " " + value).c_str());
    }
    if (urls_file.empty() == pattern.empty()) usage("give either --urls or --pattern");
    if (!urls_file.empty()) {
        std::ifstream in(urls_file);
        if (!in) usage(("cannot read " + urls_file).c_str());
        for (std::string line; std::getline(in, line);)
            if (!line.empty()) options.urls.push_back(line);
    } else {
        const auto hole = pattern.find("{}");
        if (hole == std::string::npos || count == 0) usage("--pattern needs a \"{}\" and --count");
        for (std::size_t i = 0; i < count; ++i)
            options.urls.push_back(pattern.substr(0, hole) + std::to_string(i) +
                                   pattern.substr(hole + 2));
    }
    if (options.urls.empty()) usage("no URL");
    if (options.requests == 0) options.requests = options.urls.size();
    if (!options.output.empty()) options.chunks = true;
    return options;
}

}  // namespace

int main(int argc, char** argv) { return asyncio::run(main_(parse(argc, argv))); }
