// Barrier(1): every wait() completes a round by itself, returns index 0 and does not give up
// control.
#include "conformance.hpp"

namespace barrier_of_one_party_never_waits {

using asyncio::Coro;
using conformance::trace;

Coro<> other() {
    trace("other runs");
    co_return;
}

Coro<> scenario() {
    asyncio::Barrier barrier(1);
    auto o = asyncio::create_task(other());
    for (int i = 0; i < 3; ++i) {
        std::size_t index = co_await barrier.wait();
        trace("index", index, "n_waiting", barrier.n_waiting());
    }
    trace("before other");
    co_await o;
}

}  // namespace barrier_of_one_party_never_waits
