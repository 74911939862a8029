// Callbacks and task steps share one FIFO: call_soon callbacks run in the order they were
// scheduled, between the steps of tasks made before and after them.
#include "conformance.hpp"

namespace call_soon_and_tasks_interleave {

using asyncio::Coro;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> worker(std::string name, int steps) {
    for (int i = 0; i < steps; ++i) {
        trace(name, "step", i);
        co_await asyncio::sleep(0s);
    }
}

Coro<> scenario() {
    asyncio::EventLoop& loop = asyncio::get_running_loop();
    loop.call_soon([] { trace("callback 1"); });
    auto a = asyncio::create_task(worker("a", 3));
    loop.call_soon([] { trace("callback 2"); });
    auto b = asyncio::create_task(worker("b", 2));
    trace("main yields");
    co_await asyncio::sleep(0s);
    trace("main back");
    co_await a;
    co_await b;
    trace("done at", conformance::elapsed());
}

}  // namespace call_soon_and_tasks_interleave
