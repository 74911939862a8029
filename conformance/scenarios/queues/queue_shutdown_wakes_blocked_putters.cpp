// Queue.shutdown() (Python 3.13) wakes the putters blocked on a full queue, in order, and each
// raises QueueShutDown without putting; the items already queued can still be got.
#include "conformance.hpp"

namespace queue_shutdown_wakes_blocked_putters {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> putter(asyncio::Queue<int>* queue, std::string name, int item) {
    try {
        co_await queue->put(item);
    } catch (const asyncio::QueueShutDown&) {
        trace(name, "raised", describe(std::current_exception()), "at", elapsed());
        co_return;
    }
    trace(name, "put", item);
}

Coro<> scenario() {
    asyncio::Queue<int> queue(1);
    queue.put_nowait(0);
    auto p1 = asyncio::create_task(putter(&queue, "p1", 1));
    auto p2 = asyncio::create_task(putter(&queue, "p2", 2));
    co_await asyncio::sleep(1s);
    queue.shutdown();
    trace("shut down at", elapsed(), "full()", queue.full());
    co_await asyncio::gather(p1, p2);
    int item = co_await queue.get();
    trace("got", item, "at", elapsed());
    try {
        co_await queue.get();
    } catch (const asyncio::QueueShutDown&) {
        trace("get raised", describe(std::current_exception()));
    }
}

}  // namespace queue_shutdown_wakes_blocked_putters
