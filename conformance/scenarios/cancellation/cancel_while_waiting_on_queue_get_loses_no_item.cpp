// A getter cancelled in Queue.get() stops waiting without taking anything: the next put()
// goes to the getter that still waits, and nothing is left in the queue.
#include "conformance.hpp"

namespace cancel_while_waiting_on_queue_get_loses_no_item {

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
        trace(name, "cancelled:", describe(std::current_exception()));
        throw;
    }
    trace(name, "got", item, "at", elapsed());
}

Coro<> scenario() {
    asyncio::Queue<std::string> queue;
    auto a = asyncio::create_task(getter(&queue, "a"));
    auto b = asyncio::create_task(getter(&queue, "b"));
    co_await asyncio::sleep(1s);
    a.cancel("not hungry");
    co_await asyncio::sleep(0s);
    co_await queue.put("x");
    co_await asyncio::gather(asyncio::return_exceptions, a, b);
    trace("qsize() =", queue.qsize(), "a cancelled() =", a.cancelled());
}

}  // namespace cancel_while_waiting_on_queue_get_loses_no_item
