// A putter cancelled while waiting for room in a full Queue adds nothing: the getter sees only
// the items that were put, and the queue ends empty.
#include "conformance.hpp"

namespace cancel_while_putting_to_a_full_queue_adds_nothing {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> putter(asyncio::Queue<int>* queue, int item) {
    try {
        co_await queue->put(item);
        trace("put", item, "at", elapsed());
    } catch (const asyncio::CancelledError&) {
        trace("putting", item, "cancelled:", describe(std::current_exception()));
        throw;
    }
}

Coro<> scenario() {
    asyncio::Queue<int> queue(1);
    co_await queue.put(1);
    auto two = asyncio::create_task(putter(&queue, 2));
    auto three = asyncio::create_task(putter(&queue, 3));
    co_await asyncio::sleep(1s);
    two.cancel("never mind");
    co_await asyncio::sleep(0s);
    std::vector<int> got;
    for (int i = 0; i < 2; ++i) got.push_back(co_await queue.get());
    co_await asyncio::gather(asyncio::return_exceptions, two, three);
    trace("got", conformance::repr_list(got), "qsize() =", queue.qsize(), "at", elapsed());
}

}  // namespace cancel_while_putting_to_a_full_queue_adds_nothing
