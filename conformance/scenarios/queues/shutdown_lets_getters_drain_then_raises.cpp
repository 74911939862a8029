// Queue.shutdown() (Python 3.13): puts raise QueueShutDown at once; getters still get what is
// queued, then QueueShutDown; a getter waiting on the empty queue is woken with it.
#include "conformance.hpp"

namespace shutdown_lets_getters_drain_then_raises {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> getter(asyncio::Queue<int>* queue, std::string name) {
    for (;;) {
        int item = 0;
        try {
            item = co_await queue->get();
        } catch (const asyncio::QueueShutDown&) {
            trace(name, "sees", describe(std::current_exception()), "at", elapsed());
            co_return;
        }
        trace(name, "got", item, "at", elapsed());
        queue->task_done();
        co_await asyncio::sleep(1s);
    }
}

Coro<> scenario() {
    asyncio::Queue<int> queue;
    for (int i = 0; i < 3; ++i) queue.put_nowait(i);
    auto a = asyncio::create_task(getter(&queue, "a"));
    auto b = asyncio::create_task(getter(&queue, "b"));
    co_await asyncio::sleep(500ms);
    queue.shutdown();
    trace("shut down at", elapsed(), "with", queue.qsize(), "queued");
    try {
        co_await queue.put(9);
    } catch (const asyncio::QueueShutDown&) {
        trace("put raised", describe(std::current_exception()));
    }
    co_await asyncio::gather(a, b);
    trace("done at", elapsed(), "empty", queue.empty());
}

}  // namespace shutdown_lets_getters_drain_then_raises
