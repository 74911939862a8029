// Barrier(3): wait() blocks until three tasks wait, then lets them all go; each gets its
// arrival index (0, 1, 2); n_waiting counts the tasks waiting so far.
#include "conformance.hpp"

namespace barrier_wait_returns_arrival_indexes {

using asyncio::Coro;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> party(asyncio::Barrier* barrier, std::string name, std::chrono::seconds arrive) {
    co_await asyncio::sleep(arrive);
    trace(name, "arrives at", elapsed());
    std::size_t index = co_await barrier->wait();
    trace(name, "passes with index", index, "at", elapsed());
}

Coro<> scenario() {
    asyncio::Barrier barrier(3);
    trace("parties", barrier.parties(), "n_waiting", barrier.n_waiting());
    auto a = asyncio::create_task(party(&barrier, "a", 2s));
    auto b = asyncio::create_task(party(&barrier, "b", 1s));
    auto c = asyncio::create_task(party(&barrier, "c", 3s));
    co_await asyncio::sleep(2500ms);
    trace("n_waiting at", elapsed(), "is", barrier.n_waiting());
    co_await asyncio::gather(a, b, c);
    trace("n_waiting after", barrier.n_waiting(), "broken", barrier.broken());
}

}  // namespace barrier_wait_returns_arrival_indexes
