// A getter cancelled while waiting on an empty queue leaves without an item: the next item
// put goes to the getter behind it, and none is lost.
#include "conformance.hpp"

namespace queue_cancelled_getter_loses_no_item {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> getter(asyncio::Queue<std::string>* queue, std::string name) {
    std::string item;
    try {
        item = co_await queue->get();
    } catch (const asyncio::CancelledError&) {
        trace(name, "cancelled:", describe(std::current_exception()), "at", elapsed());
        throw;
    }
    trace(name, "got", item, "at", elapsed());
}

Coro<> scenario() {
    asyncio::Queue<std::string> queue;
    auto a = asyncio::create_task(getter(&queue, "a"));
    auto b = asyncio::create_task(getter(&queue, "b"));
    co_await asyncio::sleep(1s);
    a.cancel();
    co_await asyncio::sleep(1s);
    co_await queue.put("x");
    co_await queue.put("y");
    co_await asyncio::gather(asyncio::return_exceptions, a, b);
    const std::size_t left = queue.qsize();
    trace("left in the queue", left, "item", queue.get_nowait());
}

}  // namespace queue_cancelled_getter_loses_no_item
