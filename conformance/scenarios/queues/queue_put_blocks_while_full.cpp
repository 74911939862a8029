// Queue(maxsize=2): a put on a full queue waits until a get frees a slot; full() is True
// meanwhile. Putters waiting on a full queue are served in the order they came.
#include "conformance.hpp"

namespace queue_put_blocks_while_full {

using asyncio::Coro;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> producer(asyncio::Queue<int>* queue, std::string name, int item,
                std::chrono::milliseconds arrive) {
    co_await asyncio::sleep(arrive);
    trace(name, "puts", item, "at", elapsed(), "full()", queue->full());
    co_await queue->put(item);
    trace(name, "put", item, "done at", elapsed());
}

Coro<> scenario() {
    asyncio::Queue<int> queue(2);
    std::vector<asyncio::Task<>> tasks;
    tasks.push_back(asyncio::create_task(producer(&queue, "p1", 1, 0ms)));
    tasks.push_back(asyncio::create_task(producer(&queue, "p2", 2, 500ms)));
    tasks.push_back(asyncio::create_task(producer(&queue, "p3", 3, 1000ms)));
    tasks.push_back(asyncio::create_task(producer(&queue, "p4", 4, 1500ms)));
    tasks.push_back(asyncio::create_task(producer(&queue, "p5", 5, 2000ms)));
    co_await asyncio::sleep(3s);
    for (int i = 0; i < 5; ++i) {
        int item = co_await queue.get();
        trace("got", item, "at", elapsed());
        co_await asyncio::sleep(1s);
    }
    co_await asyncio::gather(tasks);
    trace("empty()", queue.empty());
}

}  // namespace queue_put_blocks_while_full
