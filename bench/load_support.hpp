// What the load generators (bench/echo_load, asyncio-chat-bench) share: a latency histogram
// (fixed size, so recording never allocates; quantiles to within 0.8%) and a process's CPU time
// from /proc. Plain C++ and POSIX.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

// Latencies in ns, in log-linear buckets: exact below 128, then 128 buckets per power of two, so
// a bucket is less than 0.8% wide. Fixed size, so recording never allocates.
class LatencyHistogram {
  public:
    void add(std::uint64_t ns) { ++counts_[index(ns)]; }
    void clear() { counts_.fill(0); }

    // The q-quantile (0 < q <= 1), as the midpoint of its bucket, in ns.
    double quantile(double q) const {
        std::uint64_t total = 0;
        for (auto c : counts_) total += c;
        if (total == 0) return 0;
        const auto rank = static_cast<std::uint64_t>(q * static_cast<double>(total - 1)) + 1;
        std::uint64_t seen = 0;
        for (std::size_t i = 0; i < counts_.size(); ++i) {
            if ((seen += counts_[i]) >= rank) {
                if (i < kSub) return static_cast<double>(i);
                const std::size_t shift = (i >> kSubBits) - 1;
                const double lower = static_cast<double>((kSub + (i & (kSub - 1))) << shift);
                return lower + static_cast<double>(std::uint64_t{1} << shift) / 2;
            }
        }
        return 0;
    }

  private:
    static constexpr int kSubBits = 7;
    static constexpr std::size_t kSub = std::size_t{1} << kSubBits;

    static std::size_t index(std::uint64_t v) {
        if (v < kSub) return v;
        const int e = std::bit_width(v) - 1;  // v is in [2^e, 2^(e+1)), e >= kSubBits
        return (static_cast<std::size_t>(e - kSubBits + 1) << kSubBits) +
               ((v >> (e - kSubBits)) & (kSub - 1));
    }

    std::array<std::uint64_t, (64 - kSubBits + 1) << kSubBits> counts_{};
};

// utime + stime of a process (all its threads), in ns: fields 14 and 15 of /proc/PID/stat, in
// clock ticks; -1 if it cannot be read. The kernel keeps their sum equal to the precise run
// time, rounded to a tick (10 ms), which over a window of seconds is well under 1%.
inline std::int64_t process_cpu_ns(long pid) {
    char path[64], text[1024];
    std::snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    const int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    const ssize_t n = read(fd, text, sizeof text - 1);
    close(fd);
    if (n <= 0) return -1;
    text[n] = '\0';
    // Field 2, the command name, may hold spaces and parentheses: count from the last ')'.
    const char* p = std::strrchr(text, ')');
    long long ticks[2] = {0, 0};
    for (int field = 3; p && field <= 15; ++field) {
        p = std::strchr(p + 1, ' ');
        if (p && field >= 14) ticks[field - 14] = std::strtoll(p + 1, nullptr, 10);
    }
    if (!p) return -1;
    return (ticks[0] + ticks[1]) * (1'000'000'000 / sysconf(_SC_CLK_TCK));
}
