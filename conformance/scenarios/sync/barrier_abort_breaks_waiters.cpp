// Barrier.abort(): the tasks waiting raise BrokenBarrierError, and so does every later wait,
// until reset().
#include "conformance.hpp"

namespace barrier_abort_breaks_waiters {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> party(asyncio::Barrier* barrier, std::string name) {
    try {
        co_await barrier->wait();
    } catch (const asyncio::BrokenBarrierError&) {
        trace(name, "raised", describe(std::current_exception()), "at", elapsed());
    }
}

Coro<> scenario() {
    asyncio::Barrier barrier(3);
    auto a = asyncio::create_task(party(&barrier, "a"));
    auto b = asyncio::create_task(party(&barrier, "b"));
    co_await asyncio::sleep(1s);
    barrier.abort();
    trace("aborted at", elapsed(), "broken", barrier.broken());
    co_await asyncio::gather(a, b);
    co_await party(&barrier, "late");
    trace("n_waiting", barrier.n_waiting());
}

}  // namespace barrier_abort_breaks_waiters
