// Whole-process benchmark: the cost of spawning and awaiting trivial tasks.
//
// The C++ twin of peers/spawn_await.py. Creates and awaits --tasks trivial coroutines
// (default 1,000,000) as batches of --batch (default 10,000): each batch is a
// std::vector<Coro<int>> handed to asyncio::gather, which makes every Coro a task, as
// Python's gather wraps each coroutine in a Task. Only the batches are timed. Prints one line:
//   spawn_await ns_per_task=<float> tasks=<N>
// With --trace FILE the run writes a timeline trace there (RunOptions::trace): what tracing
// costs a step, the trace's writing included (each task is one step).
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "asyncio/asyncio.hpp"

namespace {

struct Options {
    std::int64_t tasks = 1'000'000;
    std::int64_t batch = 10'000;
    std::string trace;
};

struct Outcome {
    std::int64_t total = 0;
    std::chrono::steady_clock::duration elapsed{};
};

[[noreturn]] void usage_error(const std::string& message) {
    std::fprintf(
        stderr,
        "usage: spawn_await [--tasks N] [--batch B] [--trace FILE]\nspawn_await: error: %s\n",
        message.c_str());
    std::exit(2);
}

// Accepts `--name value` and `--name=value`, as Python's argparse does.
Options parse_options(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        std::string_view value;
        if (auto eq = arg.find('='); eq != std::string_view::npos) {
            value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
        } else if (arg == "--tasks" || arg == "--batch" || arg == "--trace") {
            if (i + 1 >= argc) usage_error(std::string(arg) + ": expected one argument");
            value = argv[++i];
        }
        if (arg == "--trace") {
            options.trace = value;
            continue;
        }
        std::int64_t* target = arg == "--tasks"   ? &options.tasks
                               : arg == "--batch" ? &options.batch
                                                  : nullptr;
        if (!target) usage_error("unrecognized argument: " + std::string(argv[i]));
        char* end = nullptr;
        const std::string text(value);
        *target = std::strtoll(text.c_str(), &end, 10);
        if (text.empty() || *end != '\0')
            usage_error(std::string(arg) + ": not an integer: " + text);
    }
    if (options.tasks <= 0 || options.batch <= 0)
        usage_error("--tasks and --batch must be positive");
    return options;
}

asyncio::Coro<int> trivial() { co_return 1; }

asyncio::Coro<Outcome> run(Options options) {
    Outcome outcome;
    const auto start = std::chrono::steady_clock::now();
    for (std::int64_t remaining = options.tasks; remaining > 0;) {
        const std::int64_t n = remaining < options.batch ? remaining : options.batch;
        std::vector<asyncio::Coro<int>> batch;
        batch.reserve(static_cast<std::size_t>(n));
        for (std::int64_t i = 0; i < n; ++i) batch.push_back(trivial());
        for (int result : co_await asyncio::gather(std::move(batch))) outcome.total += result;
        remaining -= n;
    }
    outcome.elapsed = std::chrono::steady_clock::now() - start;
    co_return outcome;
}

}  // namespace

int main(int argc, char** argv) {
    const Options options = parse_options(argc, argv);
    const Outcome outcome = asyncio::run(run(options), {.trace = options.trace});
    if (outcome.total != options.tasks) {
        std::fprintf(stderr, "spawn_await: sum of results %lld != %lld\n",
                     static_cast<long long>(outcome.total), static_cast<long long>(options.tasks));
        return 1;
    }
    const double ns = std::chrono::duration<double, std::nano>(outcome.elapsed).count();
    std::printf("spawn_await ns_per_task=%.1f tasks=%lld\n",
                ns / static_cast<double>(options.tasks), static_cast<long long>(options.tasks));
    return 0;
}
