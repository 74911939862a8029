// A putter cancelled while waiting on a full queue does not put its item, and the slot freed
// later goes to the putter behind it.
#include "conformance.hpp"

namespace queue_cancelled_putter_loses_no_slot {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> putter(asyncio::Queue<int>* queue, int item) {
    try {
        co_await queue->put(item);
    } catch (const asyncio::CancelledError&) {
        trace("putter of", item, "cancelled:", describe(std::current_exception()), "at", elapsed());
        throw;
    }
    trace("put", item, "at", elapsed());
}

Coro<> scenario() {
    asyncio::Queue<int> queue(1);
    queue.put_nowait(0);
    auto a = asyncio::create_task(putter(&queue, 1));
    auto b = asyncio::create_task(putter(&queue, 2));
    co_await asyncio::sleep(1s);
    a.cancel();
    co_await asyncio::sleep(1s);
    int item = co_await queue.get();
    trace("got", item, "at", elapsed());
    co_await asyncio::gather(asyncio::return_exceptions, a, b);
    item = co_await queue.get();
    trace("got", item, "empty()", queue.empty());
}

}  // namespace queue_cancelled_putter_loses_no_slot
