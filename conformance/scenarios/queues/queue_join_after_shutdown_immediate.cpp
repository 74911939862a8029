// join() across Queue.shutdown(immediate=True) (Python 3.13): the dropped items count as done,
// but an item a worker took before the shutdown still needs its task_done(); join() returns
// then, and the worker's next get() raises QueueShutDown.
#include "conformance.hpp"

namespace queue_join_after_shutdown_immediate {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> worker(asyncio::Queue<int>* queue) {
    for (;;) {
        int item = 0;
        try {
            item = co_await queue->get();
        } catch (const asyncio::QueueShutDown&) {
            trace("worker sees", describe(std::current_exception()), "at", elapsed());
            co_return;
        }
        trace("worker got", item, "at", elapsed());
        co_await asyncio::sleep(2s);
        trace("worker done with", item, "at", elapsed());
        queue->task_done();
    }
}

Coro<> scenario() {
    asyncio::Queue<int> queue;
    for (int item : {1, 2, 3}) queue.put_nowait(item);
    auto w = asyncio::create_task(worker(&queue));
    asyncio::Queue<int>* q = &queue;
    asyncio::get_running_loop().call_later(1s, [q] { q->shutdown(true); });
    co_await queue.join();
    trace("joined at", elapsed(), "qsize()", queue.qsize());
    co_await w;
}

}  // namespace queue_join_after_shutdown_immediate
