// Flood control: a token bucket per client. The bucket holds at most `burst` tokens and
// gains `rate` tokens a second; each line takes one, and a line that finds the bucket empty
// is refused (the server answers `! slow down` and drops it). A rate of 0 turns the control
// off. The clock is the caller's, so that tests can drive it.
#pragma once

#include <algorithm>
#include <chrono>

namespace chat {

class TokenBucket {
  public:
    using Clock = std::chrono::steady_clock;

    TokenBucket(double rate, double burst, Clock::time_point now) noexcept
        : rate_(rate), burst_(burst), tokens_(burst), last_(now) {}

    // Takes a token if there is one at `now`.
    bool take(Clock::time_point now) noexcept {
        if (rate_ <= 0) return true;
        const std::chrono::duration<double> elapsed = now - last_;
        if (elapsed.count() > 0) {
            tokens_ = std::min(burst_, tokens_ + elapsed.count() * rate_);
            last_ = now;
        }
        if (tokens_ < 1) return false;
        tokens_ -= 1;
        return true;
    }

  private:
    double rate_;
    double burst_;
    double tokens_;
    Clock::time_point last_;
};

}  // namespace chat
