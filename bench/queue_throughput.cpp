// Whole-process benchmark: items through a bounded queue, from one task to another.
//
// The C++ twin of peers/queue_throughput.py. One producer task puts --items ints (default
// 1,000,000), 0 to N-1, into an asyncio::Queue<int> of maxsize 1000 with `co_await q.put(i)`;
// one consumer task takes them with `co_await q.get()` and sums them (the sum is checked).
// Timed from the creation of the two tasks to the end of both. Prints one line:
//   queue_throughput ns_per_item=<float> items=<N>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "asyncio/asyncio.hpp"

namespace {

constexpr std::size_t kMaxsize = 1000;

struct Outcome {
    std::int64_t total = 0;
    std::chrono::steady_clock::duration elapsed{};
};

[[noreturn]] void usage_error(const std::string& message) {
    std::fprintf(stderr, "usage: queue_throughput [--items N]\nqueue_throughput: error: %s\n",
                 message.c_str());
    std::exit(2);
}

// Accepts `--items value` and `--items=value`, as Python's argparse does.
std::int64_t parse_items(int argc, char** argv) {
    std::int64_t items = 1'000'000;
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        std::string_view value;
        if (auto eq = arg.find('='); eq != std::string_view::npos) {
            value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
        } else if (arg == "--items") {
            if (i + 1 >= argc) usage_error("--items: expected one argument");
            value = argv[++i];
        }
        if (arg != "--items") usage_error("unrecognized argument: " + std::string(argv[i]));
        char* end = nullptr;
        const std::string text(value);
        items = std::strtoll(text.c_str(), &end, 10);
        if (text.empty() || *end != '\0') usage_error("--items: not an integer: " + text);
    }
    if (items <= 0 || items > INT32_MAX) usage_error("--items must be positive (and fit an int)");
    return items;
}

asyncio::Coro<void> producer(asyncio::Queue<int>& q, std::int64_t items) {
    for (std::int64_t i = 0; i < items; ++i) co_await q.put(static_cast<int>(i));
}

asyncio::Coro<std::int64_t> consumer(asyncio::Queue<int>& q, std::int64_t items) {
    std::int64_t total = 0;
    for (std::int64_t i = 0; i < items; ++i) total += co_await q.get();
    co_return total;
}

asyncio::Coro<Outcome> run(std::int64_t items) {
    asyncio::Queue<int> q(kMaxsize);
    Outcome outcome;
    const auto start = std::chrono::steady_clock::now();
    auto produce = asyncio::create_task(producer(q, items));
    auto consume = asyncio::create_task(consumer(q, items));
    co_await produce;
    outcome.total = co_await consume;
    outcome.elapsed = std::chrono::steady_clock::now() - start;
    co_return outcome;
}

}  // namespace

int main(int argc, char** argv) {
    const std::int64_t items = parse_items(argc, argv);
    const Outcome outcome = asyncio::run(run(items));
    const std::int64_t expected = items * (items - 1) / 2;
    if (outcome.total != expected) {
        std::fprintf(stderr, "queue_throughput: sum of items %lld != %lld\n",
                     static_cast<long long>(outcome.total), static_cast<long long>(expected));
        return 1;
    }
    const double ns = std::chrono::duration<double, std::nano>(outcome.elapsed).count();
    std::printf("queue_throughput ns_per_item=%.1f items=%lld\n", ns / static_cast<double>(items),
                static_cast<long long>(items));
    return 0;
}
