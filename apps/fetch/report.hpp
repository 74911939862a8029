// What `asyncio-fetch` tells its user: one `Outcome` per URL, shown as a JSON line (--json,
// on stdout) or a plain line (on stderr), a live progress line on a terminal, and the
// summary at the end. Everything here formats text and keeps counts; `Reporter` decides
// what goes where and when.
//
//   {"url":"http://h/a","final_url":"http://h/b","status":200,"bytes":1024,"ms":12,
//    "error":null,"attempts":1,"file":"out/h/b"}
//   200 1.0 KiB 12 ms http://h/a -> out/h/b
//   [#########           ] 45/100 URLs  12.3 MiB  4.1 MiB/s  ETA 0:07
//   100 URLs in 2.4 s (41.7 requests/s), 27.5 MiB (11.4 MiB/s): 98 x 200, 1 x 404, 1 error
#pragma once
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <string>

namespace fetch {

struct Outcome {
    std::string url;                       // as given, without user name and password
    std::string final_url;                 // after redirects; empty without a response
    std::optional<int> status;             // none without a response
    std::uint64_t bytes = 0;               // body bytes received (decoded)
    std::chrono::milliseconds elapsed{0};  // all attempts and waits
    std::string error;                     // empty: none
    int attempts = 0;
    std::string file;  // where the body was saved; empty: not saved

    bool ok() const noexcept { return error.empty() && status && *status >= 200 && *status < 300; }
};

// One line of JSON (no newline): url, final_url, status, bytes, ms, error, attempts, file;
// absent values are null.
std::string json_line(const Outcome& outcome);
// "200 1.0 KiB 12 ms URL[ -> FILE]" or "error URL: MESSAGE" (after "STATUS" if there was one).
std::string plain_line(const Outcome& outcome);

// "512 B", "1.5 KiB", "12.3 MiB", "2.0 GiB".
std::string format_bytes(double bytes);
// "0:07", "12:34", "1:02:03".
std::string format_eta(std::chrono::seconds left);

// The counts the progress line and the summary show.
class Tally {
  public:
    void add(const Outcome& outcome);
    void add_bytes(std::uint64_t bytes) noexcept { bytes_ += bytes; }

    std::size_t done() const noexcept { return done_; }
    std::size_t failed() const noexcept { return failed_; }
    std::uint64_t bytes() const noexcept { return bytes_; }
    std::uint64_t requests() const noexcept { return requests_; }
    bool all_ok() const noexcept { return failed_ == 0; }

    // "[####      ] 45/100 URLs  12.3 MiB  4.1 MiB/s  ETA 0:07", `width` columns at most.
    std::string progress_line(std::size_t total, std::chrono::duration<double> elapsed,
                              std::size_t width) const;
    // "100 URLs in 2.4 s (41.7 requests/s), 27.5 MiB (11.4 MiB/s): 98 x 200, 1 x 404, 1 error"
    std::string summary(std::chrono::duration<double> elapsed) const;

  private:
    std::size_t done_ = 0;
    std::size_t failed_ = 0;  // not 2xx
    std::size_t errors_ = 0;  // no response at all
    std::uint64_t bytes_ = 0;
    std::uint64_t requests_ = 0;
    std::map<int, std::size_t> statuses_;
};

// Where the lines go. On a terminal (`live`), the progress line is redrawn in place (at
// most as often as redraw() is called) and only failures get a line of their own; off a
// terminal every URL gets a plain line. `quiet`: only failures. `json`: a JSON line per URL
// on `out`, flushed at once.
class Reporter {
  public:
    struct Mode {
        bool live = false;
        bool quiet = false;
        bool json = false;
    };
    Reporter(Mode mode, std::size_t total, std::FILE* out, std::FILE* err);

    void add_bytes(std::uint64_t bytes) noexcept { tally_.add_bytes(bytes); }
    void finished(const Outcome& outcome);
    // Draws the progress line again if anything changed since the last time (live only).
    void redraw();
    // Erases the progress line (live only), before the summary or on Ctrl-C.
    void clear();
    // Clears, then prints the summary (unless quiet).
    void summary();

    const Tally& tally() const noexcept { return tally_; }

  private:
    std::chrono::duration<double> elapsed() const;

    Mode mode_;
    std::size_t total_;
    std::FILE* out_;
    std::FILE* err_;
    Tally tally_;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    std::string drawn_;  // the progress line on screen now
};

}  // namespace fetch
