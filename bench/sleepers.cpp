// Whole-process benchmark: many concurrent sleeping tasks, their memory and the loop's timing.
//
// The C++ twin of peers/sleepers.py. Starts --tasks tasks (default 100,000) that are all
// asleep at once, task i sleeping (i % 1001) ms, then gathers them. Memory per task is
// (peak RSS - RSS measured right after the loop started, before any task exists) / N, from
// VmHWM and VmRSS in /proc/self/status; wall time runs from the creation of the first task to
// the end of the gather. Prints one line:
//   sleepers wall_ms=<int> longest_sleep_ms=<int> bytes_per_task=<int> tasks=<N>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "asyncio/asyncio.hpp"

namespace {

struct Result {
    std::int64_t wall_ms = 0;
    std::int64_t longest_ms = 0;
    std::int64_t bytes_per_task = 0;
};

[[noreturn]] void usage_error(const std::string& message) {
    std::fprintf(stderr, "usage: sleepers [--tasks N]\nsleepers: error: %s\n", message.c_str());
    std::exit(2);
}

// Accepts `--tasks N` and `--tasks=N`, as Python's argparse does.
std::int64_t parse_tasks(int argc, char** argv) {
    std::int64_t tasks = 100'000;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        std::string text;
        if (arg.starts_with("--tasks=")) {
            text = arg.substr(8);
        } else if (arg == "--tasks") {
            if (i + 1 >= argc) usage_error("--tasks: expected one argument");
            text = argv[++i];
        } else {
            usage_error("unrecognized argument: " + std::string(arg));
        }
        char* end = nullptr;
        tasks = std::strtoll(text.c_str(), &end, 10);
        if (text.empty() || *end != '\0') usage_error("--tasks: not an integer: " + text);
    }
    if (tasks <= 0) usage_error("--tasks must be positive");
    return tasks;
}

// A field of /proc/self/status, in KiB (the kernel always reports these in kB).
std::int64_t status_kib(std::string_view field) {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);) {
        if (line.size() > field.size() && line.starts_with(field) && line[field.size()] == ':') {
            return std::strtoll(line.c_str() + field.size() + 1, nullptr, 10);
        }
    }
    throw std::runtime_error(std::string(field) + " not in /proc/self/status");
}

asyncio::Coro<> sleeper(std::int64_t ms) { co_await asyncio::sleep(std::chrono::milliseconds(ms)); }

asyncio::Coro<Result> run(std::int64_t n) {
    const std::int64_t baseline_kib = status_kib("VmRSS");
    const auto start = std::chrono::steady_clock::now();
    std::vector<asyncio::Task<>> tasks;
    tasks.reserve(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) tasks.push_back(asyncio::create_task(sleeper(i % 1001)));
    co_await asyncio::gather(std::move(tasks));
    const auto wall = std::chrono::steady_clock::now() - start;
    const std::int64_t peak_kib = status_kib("VmHWM");

    Result result;
    result.wall_ms = static_cast<std::int64_t>(
        std::chrono::duration<double, std::milli>(wall).count());  // truncated, as int() does
    result.longest_ms = n - 1 < 1000 ? n - 1 : 1000;               // max(i % 1001 for i < n)
    result.bytes_per_task = (peak_kib - baseline_kib) * 1024 / n;  // VmHWM >= VmRSS: not negative
    co_return result;
}

}  // namespace

int main(int argc, char** argv) {
    const std::int64_t n = parse_tasks(argc, argv);
    const Result result = asyncio::run(run(n));
    std::printf("sleepers wall_ms=%lld longest_sleep_ms=%lld bytes_per_task=%lld tasks=%lld\n",
                static_cast<long long>(result.wall_ms), static_cast<long long>(result.longest_ms),
                static_cast<long long>(result.bytes_per_task), static_cast<long long>(n));
    return 0;
}
