// sleep(0) yields exactly one turn: N tasks that loop on it take turns in a fixed rotation.
#include "conformance.hpp"

namespace sleep_zero_round_robins_between_tasks {

using asyncio::Coro;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> spinner(std::string name, int rounds) {
    for (int i = 0; i < rounds; ++i) {
        trace(name, i);
        co_await asyncio::sleep(0s);
    }
}

Coro<> scenario() {
    auto a = asyncio::create_task(spinner("a", 3));
    auto b = asyncio::create_task(spinner("b", 3));
    auto c = asyncio::create_task(spinner("c", 3));
    auto d = asyncio::create_task(spinner("d", 1));
    co_await asyncio::gather(a, b, c, d);
    trace("done");
}

}  // namespace sleep_zero_round_robins_between_tasks
