// A block that ends before its deadline: nothing is left behind, neither a cancellation
// (cancelling() 0) nor a timer that would fire later.
#include "conformance.hpp"

namespace unexpired_timeout_leaves_nothing {

using asyncio::Coro;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> scenario() {
    co_await asyncio::timeout(2s, [](asyncio::Timeout cm) -> Coro<> {
        co_await asyncio::sleep(1s);
        trace("block done at", elapsed(), "expired:", cm.expired());
    });
    trace("cancelling():", asyncio::current_task().cancelling());
    co_await asyncio::sleep(5s);
    trace("slept past the old deadline until", elapsed());
}

}  // namespace unexpired_timeout_leaves_nothing
