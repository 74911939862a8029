// wait_for whose coroutine finishes in time returns its value; the deadline that has not come
// leaves nothing behind: no cancellation counted, and a later await past it is not cut short.
#include "conformance.hpp"

namespace wait_for_result_in_time_leaves_nothing {

using asyncio::Coro;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<int> compute() {
    co_await asyncio::sleep(1s);
    co_return 42;
}

Coro<> scenario() {
    trace("result", co_await asyncio::wait_for(compute(), 2s));
    trace("cancelling():", asyncio::current_task().cancelling());
    co_await asyncio::sleep(3s);
    trace("slept until", elapsed());
}

}  // namespace wait_for_result_in_time_leaves_nothing
