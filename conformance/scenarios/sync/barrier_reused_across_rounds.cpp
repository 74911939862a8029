// A Barrier is cyclic: after a round passes, the next `parties` waits make a new round, with
// indexes from 0 again.
#include "conformance.hpp"

namespace barrier_reused_across_rounds {

using asyncio::Coro;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> party(asyncio::Barrier* barrier, std::string name, std::chrono::seconds delay) {
    for (int round = 0; round < 3; ++round) {
        co_await asyncio::sleep(delay);
        std::size_t index = co_await barrier->wait();
        trace(name, "round", round, "index", index, "at", elapsed());
    }
}

Coro<> scenario() {
    asyncio::Barrier barrier(2);
    co_await asyncio::gather(party(&barrier, "fast", 1s), party(&barrier, "slow", 2s));
    trace("n_waiting", barrier.n_waiting(), "broken", barrier.broken());
}

}  // namespace barrier_reused_across_rounds
