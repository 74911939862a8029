// The task whose arrival fills a round may wait again at once: it starts the next round (index
// 0 again), which the others join once they have left the first one.
#include "conformance.hpp"

namespace barrier_next_round_opens_at_once {

using asyncio::Coro;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> party(asyncio::Barrier* barrier, std::string name, int rounds) {
    for (int round = 0; round < rounds; ++round) {
        std::size_t index = co_await barrier->wait();
        trace(name, "round", round, "index", index, "at", elapsed(), "n_waiting",
              barrier->n_waiting());
    }
}

Coro<> scenario() {
    asyncio::Barrier barrier(2);
    auto a = asyncio::create_task(party(&barrier, "a", 2));
    co_await asyncio::sleep(1s);
    auto b = asyncio::create_task(party(&barrier, "b", 2));
    co_await asyncio::gather(a, b);
    trace("n_waiting", barrier.n_waiting(), "at", elapsed());
}

}  // namespace barrier_next_round_opens_at_once
