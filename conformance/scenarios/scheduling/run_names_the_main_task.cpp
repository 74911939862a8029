// The main task of asyncio.run() is named like any other: "Task-1", the first task of the
// run; the tasks after it count on from there.
#include "conformance.hpp"

namespace run_names_the_main_task {

using asyncio::Coro;
using conformance::trace;

Coro<std::string> child() { co_return asyncio::current_task().get_name(); }

Coro<> scenario() {
    trace("main is", asyncio::current_task().get_name());
    auto a = asyncio::create_task(child());
    auto b = asyncio::create_task(child(), "named");
    auto c = asyncio::create_task(child());
    std::string na = co_await a;
    std::string nb = co_await b;
    std::string nc = co_await c;
    trace("names", na, nb, nc);
}

}  // namespace run_names_the_main_task
