// LifoQueue gives the last item put first.
#include "conformance.hpp"

namespace lifo_queue_order {

using asyncio::Coro;
using conformance::trace;

Coro<> scenario() {
    asyncio::LifoQueue<int> queue;
    for (int item : {1, 2, 3}) queue.put_nowait(item);
    int first = co_await queue.get();
    int second = co_await queue.get();
    trace("got", first, second);
    queue.put_nowait(4);
    first = co_await queue.get();
    second = co_await queue.get();
    trace("got", first, second, "empty()", queue.empty());
}

}  // namespace lifo_queue_order
