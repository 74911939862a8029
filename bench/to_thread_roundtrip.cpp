// Whole-process benchmark: the round trip of a call to a worker thread and back.
//
// The C++ twin of peers/to_thread_roundtrip.py. Awaits --calls (default 20,000) sequential
// `co_await asyncio::to_thread([] { return 1; })` on the loop's default thread pool; one
// untimed call first starts the pool's thread. The sum of the results is checked. Prints:
//   to_thread_roundtrip us_per_call=<float> calls=<N>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "asyncio/asyncio.hpp"

namespace {

struct Outcome {
    std::int64_t total = 0;
    std::chrono::steady_clock::duration elapsed{};
};

[[noreturn]] void usage_error(const std::string& message) {
    std::fprintf(stderr, "usage: to_thread_roundtrip [--calls N]\nto_thread_roundtrip: error: %s\n",
                 message.c_str());
    std::exit(2);
}

// Accepts `--calls value` and `--calls=value`, as Python's argparse does.
std::int64_t parse_calls(int argc, char** argv) {
    std::int64_t calls = 20'000;
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        std::string_view value;
        if (auto eq = arg.find('='); eq != std::string_view::npos) {
            value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
        } else if (arg == "--calls") {
            if (i + 1 >= argc) usage_error("--calls: expected one argument");
            value = argv[++i];
        }
        if (arg != "--calls") usage_error("unrecognized argument: " + std::string(argv[i]));
        char* end = nullptr;
        const std::string text(value);
        calls = std::strtoll(text.c_str(), &end, 10);
        if (text.empty() || *end != '\0') usage_error("--calls: not an integer: " + text);
    }
    if (calls <= 0) usage_error("--calls must be positive");
    return calls;
}

asyncio::Coro<Outcome> run(std::int64_t calls) {
    Outcome outcome;
    const int warm_up = co_await asyncio::to_thread([] { return 1; });  // (named: g++ 12)
    if (warm_up != 1) co_return outcome;
    const auto start = std::chrono::steady_clock::now();
    for (std::int64_t i = 0; i < calls; ++i)
        outcome.total += co_await asyncio::to_thread([] { return 1; });
    outcome.elapsed = std::chrono::steady_clock::now() - start;
    co_return outcome;
}

}  // namespace

int main(int argc, char** argv) {
    const std::int64_t calls = parse_calls(argc, argv);
    const Outcome outcome = asyncio::run(run(calls));
    if (outcome.total != calls) {
        std::fprintf(stderr, "to_thread_roundtrip: sum of results %lld != %lld\n",
                     static_cast<long long>(outcome.total), static_cast<long long>(calls));
        return 1;
    }
    const double us = std::chrono::duration<double, std::micro>(outcome.elapsed).count();
    std::printf("to_thread_roundtrip us_per_call=%.2f calls=%lld\n",
                us / static_cast<double>(calls), static_cast<long long>(calls));
    return 0;
}
