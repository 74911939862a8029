// reset() after abort() repairs the Barrier: broken becomes False and the next round passes
// with fresh indexes.
#include "conformance.hpp"

namespace barrier_reset_after_abort_makes_it_usable {

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
    barrier.abort();
    co_await party(&barrier, "early");
    barrier.reset();
    trace("after reset: broken", barrier.broken(), "n_waiting", barrier.n_waiting());
    auto b = asyncio::create_task(party(&barrier, "b"));
    co_await asyncio::sleep(1s);
    trace("n_waiting", barrier.n_waiting());
    co_await party(&barrier, "c");
    co_await b;
}

}  // namespace barrier_reset_after_abort_makes_it_usable
