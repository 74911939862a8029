#include "fetcher.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <random>
#include <string>
#include <system_error>
#include <utility>

#include "asyncio/asyncio.hpp"
#include "asyncio/http/http.hpp"
#include "file_names.hpp"
#include "report.hpp"
#include "retry.hpp"

#ifndef ASYNCIO_FETCH_VERSION
#define ASYNCIO_FETCH_VERSION "0"
#endif

namespace fetch {
namespace {
namespace fs = std::filesystem;
namespace http = asyncio::http;
using Clock = std::chrono::steady_clock;

// A temporary file that is removed when this goes, unless released (renamed to its name).
class PartialFile {
  public:
    // Created here, synchronously: an open still running on a worker thread when its task is
    // cancelled could otherwise create the file after this guard had removed it.
    explicit PartialFile(fs::path path) : path_(std::move(path)) {
        const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0) {
            throw std::system_error(errno, std::generic_category(),
                                    "cannot create " + path_.string());
        }
        ::close(fd);
    }
    PartialFile(const PartialFile&) = delete;
    PartialFile& operator=(const PartialFile&) = delete;
    ~PartialFile() {
        if (!path_.empty()) ::unlink(path_.c_str());
    }
    const fs::path& path() const noexcept { return path_; }
    void release() noexcept { path_.clear(); }

  private:
    fs::path path_;
};

// Writes all of `data` to stdout (blocking: run on a worker thread).
void write_stdout(const std::string& data) {
    std::size_t written = 0;
    while (written < data.size()) {
        const ssize_t n = ::write(STDOUT_FILENO, data.data() + written, data.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0)
            throw std::system_error(errno, std::generic_category(), "cannot write to stdout");
        written += static_cast<std::size_t>(n);
    }
}

std::string describe(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        return e.what();
    }
}

http::ClientOptions client_options(const FetchOptions& options) {
    http::ClientOptions client;
    client.limit = options.jobs;  // every job has a connection; the pool never makes one wait
    client.timeout = http::Timeouts{};
    client.timeout.total = options.timeout;
    client.timeout.connect = options.connect_timeout;
    client.max_redirects = options.max_redirects;
    client.verify_ssl = !options.insecure;
    client.ca_file = options.cacert;
    client.trust_env = true;  // HTTP_PROXY, HTTPS_PROXY, NO_PROXY as curl reads them
    client.user_agent = std::string("asyncio-fetch/") + ASYNCIO_FETCH_VERSION;
    return client;
}

class Fetcher {
  public:
    Fetcher(FetchOptions options, Reporter& reporter, fs::path root)
        : options_(std::move(options)),
          reporter_(reporter),
          root_(std::move(root)),
          method_(options_.effective_method()),
          to_stdout_(root_.empty() && options_.urls.size() == 1 && !options_.json),
          client_(client_options(options_)),
          backoff_{options_.retry_delay, options_.retry_max_delay},
          random_(std::random_device{}()) {}

    // Every URL, `jobs` at once, with the progress line redrawn 10 times a second.
    asyncio::Coro<> run() {
        auto body = [this](asyncio::TaskGroup group) -> asyncio::Coro<> {
            asyncio::Task<> ticker = group.create_task(redraw_often(), "progress");
            auto submit_all = [this](asyncio::TaskPool pool) -> asyncio::Coro<> {
                for (const std::string& url : options_.urls) co_await pool.submit(fetch_one(url));
            };
            co_await asyncio::task_pool(options_.jobs, submit_all);
            ticker.cancel();
        };
        co_await asyncio::task_group(body);
    }

  private:
    asyncio::Coro<> redraw_often() {
        for (;;) {
            reporter_.redraw();
            co_await asyncio::sleep(std::chrono::milliseconds(100));
        }
    }

    // A URL as the reports show it: without a user name and password.
    static std::string shown(const std::string& url) {
        try {
            return http::URL(url).without_credentials();
        } catch (const http::InvalidURL&) {
            return url;  // reported as invalid, as given
        }
    }

    // One URL, to its end: never fails (a failure is reported), but can be cancelled.
    asyncio::Coro<> fetch_one(std::string url) {
        const Clock::time_point start = Clock::now();
        Outcome outcome;
        outcome.url = shown(url);
        for (int attempt = 1;; ++attempt) {
            outcome.attempts = attempt;
            const bool last = attempt > options_.retries;
            const std::optional<Milliseconds> wait = co_await try_once(url, &outcome, last);
            if (!wait) break;
            co_await asyncio::sleep(*wait);
        }
        outcome.elapsed = std::chrono::duration_cast<Milliseconds>(Clock::now() - start);
        reporter_.finished(outcome);
    }

    http::RequestOptions request_options() const {
        http::RequestOptions request;
        for (const auto& [name, value] : options_.headers) request.headers.add(name, value);
        if (options_.data) request.body = *options_.data;
        if (options_.data_file) request.body = http::Body::file(*options_.data_file);
        if ((options_.data || options_.data_file) && !request.headers.contains("Content-Type")) {
            request.headers.add("Content-Type", "application/x-www-form-urlencoded");  // curl's
        }
        return request;
    }

    // One attempt: the request and its body. Gives the wait before another attempt, or
    // nullopt when this one settles the URL (`outcome` says how).
    asyncio::Coro<std::optional<Milliseconds>> try_once(std::string url, Outcome* outcome,
                                                        bool last) {
        outcome->status.reset();
        outcome->final_url.clear();
        outcome->error.clear();
        outcome->bytes = 0;
        std::exception_ptr failure;
        try {
            http::RequestOptions request = request_options();
            http::Response response = co_await client_.request(method_, url, std::move(request));
            outcome->status = response.status();
            outcome->final_url = response.url().without_credentials();
            if (!last && retryable_status(response.status())) {
                std::optional<Milliseconds> retry_after;
                if (const auto header = response.headers().get("Retry-After")) {
                    retry_after = parse_retry_after(*header, std::chrono::system_clock::now());
                }
                co_return retry_delay(backoff_, outcome->attempts, retry_after, random_);
            }
            co_await take_body(&response, url, outcome);
            co_return std::nullopt;
        } catch (const std::exception&) {  // CancelledError is no std::exception: it passes
            failure = std::current_exception();
        }
        outcome->error = describe(failure);
        // Bytes already on stdout cannot be taken back: no second attempt after them.
        if (last || stdout_used_ || !retryable_error(failure)) co_return std::nullopt;
        co_return retry_delay(backoff_, outcome->attempts, std::nullopt, random_);
    }

    asyncio::Coro<> take_body(http::Response* response, std::string url, Outcome* outcome) {
        const int status = response->status();
        if (!root_.empty() && status >= 200 && status < 300) {
            co_await save_body(response, url, outcome);
        } else {
            co_await read_body(response, outcome, nullptr);
        }
    }

    // Reads the body to its end, each piece to `file` (or stdout, or nowhere).
    asyncio::Coro<> read_body(http::Response* response, Outcome* outcome, asyncio::File* file) {
        for (;;) {
            std::string piece = co_await response->read();
            if (piece.empty()) break;
            outcome->bytes += piece.size();
            reporter_.add_bytes(piece.size());
            if (file != nullptr) {
                co_await file->write(std::move(piece));
            } else if (to_stdout_) {
                stdout_used_ = true;
                auto write = [&piece] { write_stdout(piece); };
                co_await asyncio::to_thread(write);
            }
        }
    }

    asyncio::Coro<> save_body(http::Response* response, std::string url, Outcome* outcome) {
        const fs::path target = prepare_destination(root_, relative_path_for(http::URL(url)));
        PartialFile partial(temporary_name_for(target));
        // "r+": no O_CREAT, so an open finishing after a cancellation cannot bring the file
        // back.
        asyncio::File file = co_await asyncio::File::open(partial.path().string(), "r+");
        co_await read_body(response, outcome, &file);
        co_await file.close();
        outcome->file = commit_file(partial.path(), target, options_.force).string();
        partial.release();
    }

    FetchOptions options_;
    Reporter& reporter_;
    fs::path root_;  // canonical; empty: bodies are not saved
    std::string method_;
    bool to_stdout_;
    bool stdout_used_ = false;
    http::Client client_;
    Backoff backoff_;
    std::mt19937_64 random_;
};

// Erases the progress line however the run ends (Ctrl-C included).
struct ClearOnExit {
    Reporter& reporter;
    ~ClearOnExit() { reporter.clear(); }
};

}  // namespace

asyncio::Coro<int> fetch_all(FetchOptions options) {
    fs::path root;
    if (!options.output_dir.empty()) {
        std::error_code error;
        fs::create_directories(options.output_dir, error);
        if (!error) root = fs::canonical(options.output_dir, error);
        if (error) {
            std::fprintf(stderr, "asyncio-fetch: cannot use %s: %s\n", options.output_dir.c_str(),
                         error.message().c_str());
            co_return 1;
        }
    }
    const bool body_on_terminal =
        root.empty() && options.urls.size() == 1 && !options.json && ::isatty(STDOUT_FILENO);
    Reporter::Mode mode;
    mode.live = ::isatty(STDERR_FILENO) && !body_on_terminal;
    mode.quiet = options.quiet;
    mode.json = options.json;
    Reporter reporter(mode, options.urls.size(), stdout, stderr);
    {
        ClearOnExit clear{reporter};
        Fetcher fetcher(std::move(options), reporter, root);
        co_await fetcher.run();
    }
    reporter.summary();
    co_return reporter.tally().all_ok() ? 0 : 1;
}

}  // namespace fetch
