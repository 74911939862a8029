// put() wakes the waiting getter, which is cancelled in the same turn: CPython's getter
// raises CancelledError from get() and the item stays queued for the next getter (the
// library's get() returns the item, and the cancellation comes at the getter's next await:
// a documented deviation).
#include "conformance.hpp"

namespace queue_item_given_to_a_getter_cancelled_before_it_runs {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> getter(asyncio::Queue<std::string>* queue, std::string name) {
    try {
        std::string item = co_await queue->get();
        trace(name, "got", item, "at", elapsed());
        co_await asyncio::sleep(1s);
        trace(name, "done with", item);
    } catch (const asyncio::CancelledError&) {
        trace(name, "cancelled:", describe(std::current_exception()), "at", elapsed());
        throw;
    }
}

Coro<> scenario() {
    asyncio::Queue<std::string> queue;
    auto a = asyncio::create_task(getter(&queue, "a"));
    co_await asyncio::sleep(1s);
    queue.put_nowait("item");
    a.cancel("stop");
    co_await asyncio::gather(asyncio::return_exceptions, a);
    trace("qsize() =", queue.qsize(), "a cancelled() =", a.cancelled());
}

}  // namespace queue_item_given_to_a_getter_cancelled_before_it_runs
