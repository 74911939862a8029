// put_nowait() on a full queue raises QueueFull and get_nowait() on an empty one QueueEmpty;
// neither changes the queue.
#include "conformance.hpp"

namespace queue_nowait_calls_raise {

using asyncio::Coro;
using conformance::describe;
using conformance::trace;

Coro<> scenario() {
    asyncio::Queue<int> queue(1);
    try {
        queue.get_nowait();
    } catch (const asyncio::QueueEmpty&) {
        trace("get_nowait raised", describe(std::current_exception()));
    }
    queue.put_nowait(1);
    try {
        queue.put_nowait(2);
    } catch (const asyncio::QueueFull&) {
        trace("put_nowait raised", describe(std::current_exception()));
    }
    const std::size_t size = queue.qsize();
    trace("qsize()", size, "got", queue.get_nowait());
    try {
        queue.get_nowait();
    } catch (const asyncio::QueueEmpty&) {
        trace("get_nowait raised again", describe(std::current_exception()));
    }
    co_return;
}

}  // namespace queue_nowait_calls_raise
