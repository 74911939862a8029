// `asyncio::Clock`: the clock of every loop's time (`loop.time()`, `call_at`, `timeout_at`,
// deadlines): std::chrono::steady_clock, which never jumps when the wall clock is set, as
// Python's loop.time() uses time.monotonic().
#pragma once

#include <chrono>

namespace asyncio {

using Clock = std::chrono::steady_clock;

}  // namespace asyncio
