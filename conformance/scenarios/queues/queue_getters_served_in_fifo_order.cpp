// Tasks waiting on an empty queue get the items in the order they started waiting.
#include "conformance.hpp"

namespace queue_getters_served_in_fifo_order {

using asyncio::Coro;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> getter(asyncio::Queue<int>* queue, std::string name, std::chrono::seconds arrive) {
    co_await asyncio::sleep(arrive);
    int item = co_await queue->get();
    trace(name, "got", item, "at", elapsed());
}

Coro<> scenario() {
    asyncio::Queue<int> queue;
    auto a = asyncio::create_task(getter(&queue, "a", 2s));
    auto b = asyncio::create_task(getter(&queue, "b", 1s));
    auto c = asyncio::create_task(getter(&queue, "c", 3s));
    co_await asyncio::sleep(4s);
    for (int item : {10, 20, 30}) queue.put_nowait(item);
    co_await asyncio::gather(a, b, c);
}

}  // namespace queue_getters_served_in_fifo_order
