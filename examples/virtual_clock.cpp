// Testing time-dependent code with a virtual clock (asyncio::VirtualClock).
//
// `fetch_with_retries` retries a flaky operation with exponential back-off: 1 s, 2 s, 4 s...
// and gives up after a total deadline. Testing it against the real clock would take 80 s and
// flake on a slow machine. On a virtual clock the loop jumps to the next timer whenever no
// task can run, so the whole schedule below runs in a few milliseconds and prints the same
// times on every run.
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "asyncio/asyncio.hpp"

using namespace std::chrono_literals;
using asyncio::Coro;

namespace {

asyncio::Clock::time_point start;

double now() {
    return std::chrono::duration<double>(asyncio::get_running_loop().time() - start).count();
}

// A server that fails its first `failures` calls, each after a second of work.
struct FlakyServer {
    int failures;
    int calls = 0;
};

Coro<std::string> call(FlakyServer* server) {
    co_await asyncio::sleep(1s);
    if (++server->calls <= server->failures) throw std::runtime_error("503 Service Unavailable");
    co_return "200 OK";
}

// The code under test: retries with back-off doubling from 1 s, within `deadline` in all.
Coro<std::string> fetch_with_retries(FlakyServer* server, std::chrono::seconds deadline) {
    return asyncio::timeout(deadline, [server]() -> Coro<std::string> {
        auto delay = std::chrono::seconds(1);
        for (int attempt = 1;; ++attempt) {
            try {
                co_return co_await call(server);
            } catch (const std::runtime_error& e) {
                std::printf("t=%6.1f s  attempt %d failed (%s); next in %lld s\n", now(), attempt,
                            e.what(), static_cast<long long>(delay.count()));
            }
            co_await asyncio::sleep(delay);
            delay *= 2;
        }
    });
}

Coro<> check(std::string name, int failures, std::chrono::seconds deadline) {
    std::printf("== %s: %d failures, deadline %lld s\n", name.c_str(), failures,
                static_cast<long long>(deadline.count()));
    FlakyServer server{failures};
    try {
        const std::string answer = co_await fetch_with_retries(&server, deadline);
        std::printf("t=%6.1f s  %s after %d calls\n", now(), answer.c_str(), server.calls);
    } catch (const asyncio::TimeoutError&) {
        std::printf("t=%6.1f s  gave up after %d calls: TimeoutError\n", now(), server.calls);
    }
}

Coro<> main_() {
    start = asyncio::get_running_loop().time();
    co_await check("recovers", 4, 120s);  // 1+1 +1+2 +1+4 +1+8 +1 = 20 s
    start = asyncio::get_running_loop().time();
    co_await check("gives up", 100, 60s);  // the deadline cuts the back-off short
}

}  // namespace

int main() { return asyncio::run(main_(), {.clock = asyncio::VirtualClock()}); }
