// A getter cancelled after a put has woken it, before it runs: CPython raises CancelledError
// at its get and wakes the next getter, which takes the item; the library keeps the hand-over
// (the get returns the item, the cancellation comes at the getter's next suspension).
#include "conformance.hpp"

namespace queue_getter_cancelled_after_hand_over {

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
    } catch (const asyncio::CancelledError&) {
        trace(name, "raised", describe(std::current_exception()), "at", elapsed());
        throw;
    }
}

Coro<> scenario() {
    asyncio::Queue<std::string> queue;
    auto a = asyncio::create_task(getter(&queue, "a"));
    auto b = asyncio::create_task(getter(&queue, "b"));
    co_await asyncio::sleep(1s);
    queue.put_nowait("x");
    a.cancel();
    co_await asyncio::sleep(1s);
    trace("b done", b.done(), "qsize()", queue.qsize());
    queue.put_nowait("y");
    co_await asyncio::gather(asyncio::return_exceptions, a, b);
    trace("a cancelled()", a.cancelled(), "qsize()", queue.qsize(), "at", elapsed());
}

}  // namespace queue_getter_cancelled_after_hand_over
