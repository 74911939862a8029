// A put with a getter waiting wakes it, but until the getter runs the item is still in the
// queue: qsize() counts it and a task that did not wait can take it with get_nowait().
#include "conformance.hpp"

namespace a_put_hands_the_item_to_a_waiting_getter {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> getter(asyncio::Queue<std::string>* queue) {
    std::string item = co_await queue->get();
    trace("getter got", item, "at", elapsed());
}

Coro<> scenario() {
    asyncio::Queue<std::string> queue;
    auto g = asyncio::create_task(getter(&queue));
    co_await asyncio::sleep(1s);
    queue.put_nowait("x");
    trace("after put: qsize()", queue.qsize(), "empty()", queue.empty());
    try {
        std::string item = queue.get_nowait();
        trace("get_nowait by main gave", item);
    } catch (const asyncio::QueueEmpty&) {
        trace("get_nowait by main raised", describe(std::current_exception()));
    }
    queue.put_nowait("y");
    co_await g;
    trace("left", queue.qsize());
}

}  // namespace a_put_hands_the_item_to_a_waiting_getter
