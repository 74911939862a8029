// join() waits until every item put has been marked task_done() (not merely taken); one
// task_done() too many raises ValueError.
#include "conformance.hpp"

namespace queue_join_waits_for_task_done {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;

Coro<> worker(asyncio::Queue<int>* queue) {
    for (;;) {
        int item = co_await queue->get();
        co_await asyncio::sleep(std::chrono::seconds(item));
        trace("processed", item, "at", elapsed());
        queue->task_done();
    }
}

Coro<> scenario() {
    asyncio::Queue<int> queue;
    co_await queue.join();
    trace("join on a fresh queue returns at", elapsed());
    for (int item : {1, 2, 3}) queue.put_nowait(item);
    auto w = asyncio::create_task(worker(&queue));
    co_await queue.join();
    trace("joined at", elapsed(), "qsize()", queue.qsize());
    w.cancel();
    try {
        queue.task_done();
    } catch (const asyncio::ValueError&) {
        trace("task_done raised", describe(std::current_exception()));
    }
}

}  // namespace queue_join_waits_for_task_done
