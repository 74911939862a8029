// PriorityQueue gives the smallest item first (as heapq); (priority, name) pairs come out by
// priority, then name.
#include "conformance.hpp"

namespace priority_queue_smallest_first {

using asyncio::Coro;
using conformance::trace;

Coro<> scenario() {
    asyncio::PriorityQueue<std::pair<int, std::string>> queue;
    queue.put_nowait({3, "c"});
    queue.put_nowait({1, "b"});
    queue.put_nowait({2, "z"});
    queue.put_nowait({1, "a"});
    queue.put_nowait({5, "e"});
    while (!queue.empty()) {
        auto [priority, name] = co_await queue.get();
        trace("got", priority, name);
    }
}

}  // namespace priority_queue_smallest_first
