// Queue.shutdown(immediate=True) (Python 3.13) drops the items still queued at once, each
// counted as done for join(); from then on gets and puts raise QueueShutDown, and only the
// items already taken may still be marked task_done().
#include "conformance.hpp"

namespace queue_shutdown_immediate_drops_items {

using asyncio::Coro;
using conformance::describe;
using conformance::trace;

Coro<> scenario() {
    asyncio::Queue<int> queue;
    for (int item : {1, 2, 3}) queue.put_nowait(item);
    int got = co_await queue.get();
    trace("got", got, "qsize()", queue.qsize());
    queue.shutdown(true);
    trace("after shutdown(immediate=True): qsize()", queue.qsize(), "empty()", queue.empty());
    try {
        queue.get_nowait();
    } catch (const asyncio::QueueShutDown&) {
        trace("get_nowait raised", describe(std::current_exception()));
    }
    try {
        co_await queue.get();
    } catch (const asyncio::QueueShutDown&) {
        trace("get raised", describe(std::current_exception()));
    }
    try {
        queue.put_nowait(4);
    } catch (const asyncio::QueueShutDown&) {
        trace("put_nowait raised", describe(std::current_exception()));
    }
    queue.task_done();
    trace("task_done for the item taken");
    try {
        queue.task_done();
    } catch (const asyncio::ValueError&) {
        trace("second task_done raised", describe(std::current_exception()));
    }
}

}  // namespace queue_shutdown_immediate_drops_items
