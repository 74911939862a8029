// A get with a putter waiting on a full queue wakes it, but until the putter runs the slot is
// free: full() is False and a task that did not wait can take it with put_nowait().
#include "conformance.hpp"

namespace a_get_hands_the_slot_to_a_waiting_putter {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> putter(asyncio::Queue<std::string>* queue) {
    co_await queue->put("p");
    trace("putter put at", elapsed());
}

Coro<> scenario() {
    asyncio::Queue<std::string> queue(1);
    queue.put_nowait("a");
    auto p = asyncio::create_task(putter(&queue));
    co_await asyncio::sleep(1s);
    trace("got", queue.get_nowait());
    trace("after get: full()", queue.full(), "qsize()", queue.qsize());
    try {
        queue.put_nowait("main");
        trace("put_nowait by main succeeded");
    } catch (const asyncio::QueueFull&) {
        trace("put_nowait by main raised", describe(std::current_exception()));
    }
    co_await asyncio::sleep(1s);
    trace("putter done()", p.done(), "qsize()", queue.qsize());
    trace("got", queue.get_nowait());
    co_await p;
    trace("left", queue.qsize());
}

}  // namespace a_get_hands_the_slot_to_a_waiting_putter
