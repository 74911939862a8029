// Queue.shutdown(immediate=True) (Python 3.13) right after a put has woken a waiting getter,
// before the getter runs: the item is still in the queue, so it is dropped, and the getter
// wakes to an empty, shut-down queue and raises QueueShutDown.
#include "conformance.hpp"

namespace shutdown_immediate_keeps_a_handed_over_item {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> getter(asyncio::Queue<std::string>* queue) {
    std::string item;
    try {
        item = co_await queue->get();
    } catch (const asyncio::QueueShutDown&) {
        trace("getter sees", describe(std::current_exception()), "at", elapsed());
        co_return;
    }
    trace("getter got", item, "at", elapsed());
}

Coro<> scenario() {
    asyncio::Queue<std::string> queue;
    auto g = asyncio::create_task(getter(&queue));
    co_await asyncio::sleep(1s);
    queue.put_nowait("x");
    queue.shutdown(true);
    trace("shut down at", elapsed());
    co_await g;
}

}  // namespace shutdown_immediate_keeps_a_handed_over_item
