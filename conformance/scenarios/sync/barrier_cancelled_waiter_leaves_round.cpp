// A task cancelled while waiting at a Barrier leaves the round without breaking it: n_waiting
// drops and the round needs another party to pass.
#include "conformance.hpp"

namespace barrier_cancelled_waiter_leaves_round {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> party(asyncio::Barrier* barrier, std::string name) {
    std::size_t index = 0;
    try {
        index = co_await barrier->wait();
    } catch (const asyncio::CancelledError&) {
        trace(name, "cancelled:", describe(std::current_exception()), "at", elapsed());
        throw;
    }
    trace(name, "passes with index", index, "at", elapsed());
}

Coro<> scenario() {
    asyncio::Barrier barrier(3);
    auto a = asyncio::create_task(party(&barrier, "a"));
    co_await asyncio::sleep(1s);
    auto b = asyncio::create_task(party(&barrier, "b"));
    co_await asyncio::sleep(1s);
    trace("n_waiting", barrier.n_waiting());
    b.cancel();
    co_await asyncio::sleep(1s);
    trace("after cancel: n_waiting", barrier.n_waiting(), "broken", barrier.broken());
    auto c = asyncio::create_task(party(&barrier, "c"));
    co_await asyncio::sleep(1s);
    auto d = asyncio::create_task(party(&barrier, "d"));
    co_await asyncio::gather(a, c, d);
    trace("b cancelled()", b.cancelled(), "n_waiting", barrier.n_waiting());
}

}  // namespace barrier_cancelled_waiter_leaves_round
