// Queue is first in, first out; qsize(), empty() and full() follow the puts and gets (an
// unbounded queue is never full).
#include "conformance.hpp"

namespace queue_fifo_order_and_sizes {

using asyncio::Coro;
using conformance::repr_list;
using conformance::trace;

Coro<> scenario() {
    asyncio::Queue<int> queue;
    trace("empty()", queue.empty(), "full()", queue.full(), "qsize()", queue.qsize(), "maxsize",
          queue.maxsize());
    for (int item : {3, 1, 2}) co_await queue.put(item);
    trace("after 3 puts: qsize()", queue.qsize(), "empty()", queue.empty(), "full()", queue.full());
    std::vector<int> got;
    got.push_back(co_await queue.get());
    got.push_back(queue.get_nowait());
    got.push_back(co_await queue.get());
    trace("got", repr_list(got), "empty()", queue.empty());
}

}  // namespace queue_fifo_order_and_sizes
