// Barrier.reset(): the tasks waiting in the current round raise BrokenBarrierError; the
// barrier is not broken afterwards and the next round passes normally.
#include "conformance.hpp"

namespace barrier_reset_breaks_round_then_reusable {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> party(asyncio::Barrier* barrier, std::string name) {
    std::size_t index = 0;
    try {
        index = co_await barrier->wait();
    } catch (const asyncio::BrokenBarrierError&) {
        trace(name, "raised", describe(std::current_exception()), "at", elapsed());
        co_return;
    }
    trace(name, "passes with index", index, "at", elapsed());
}

Coro<> scenario() {
    asyncio::Barrier barrier(2);
    auto first = asyncio::create_task(party(&barrier, "a"));
    co_await asyncio::sleep(1s);
    barrier.reset();
    trace("reset at", elapsed());
    co_await first;
    trace("broken", barrier.broken(), "n_waiting", barrier.n_waiting());
    co_await asyncio::sleep(1s);
    co_await asyncio::gather(party(&barrier, "b"), party(&barrier, "c"));
    trace("round done at", elapsed());
}

}  // namespace barrier_reset_breaks_round_then_reusable
