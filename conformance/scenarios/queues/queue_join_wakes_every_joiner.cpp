// Several tasks may join() a queue: the last task_done() wakes them all, in the order they
// started waiting; task_done() counts puts, whether or not the item was got.
#include "conformance.hpp"

namespace queue_join_wakes_every_joiner {

using asyncio::Coro;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> joiner(asyncio::Queue<std::string>* queue, std::string name, std::chrono::seconds arrive) {
    co_await asyncio::sleep(arrive);
    co_await queue->join();
    trace(name, "joined at", elapsed());
}

Coro<> scenario() {
    asyncio::Queue<std::string> queue;
    queue.put_nowait("a");
    queue.put_nowait("b");
    auto j1 = asyncio::create_task(joiner(&queue, "j1", 2s));
    auto j2 = asyncio::create_task(joiner(&queue, "j2", 1s));
    auto j3 = asyncio::create_task(joiner(&queue, "j3", 3s));
    co_await asyncio::sleep(4s);
    queue.task_done();
    trace("one task_done at", elapsed(), "qsize()", queue.qsize());
    co_await asyncio::sleep(1s);
    queue.task_done();
    trace("second task_done at", elapsed(), "qsize()", queue.qsize());
    co_await asyncio::gather(j1, j2, j3);
}

}  // namespace queue_join_wakes_every_joiner
