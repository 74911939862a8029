// A latency histogram for the load generators (bench/echo_load, asyncio-chat-bench): fixed
// size, so recording never allocates, and quantiles to within 0.8%.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>

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
