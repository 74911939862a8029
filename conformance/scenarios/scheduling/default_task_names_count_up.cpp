// Tasks created without a name are called "Task-N", N counting every task made so far on the
// run (the main task is the first): a task given a name still uses up a number.
#include "conformance.hpp"

namespace default_task_names_count_up {

using asyncio::Coro;
using conformance::trace;

Coro<std::string> child() { co_return asyncio::current_task().get_name(); }

Coro<> scenario() {
    auto a = asyncio::create_task(child());
    auto b = asyncio::create_task(child(), "named");
    auto c = asyncio::create_task(child());
    std::string na = co_await a;
    std::string nb = co_await b;
    std::string nc = co_await c;
    trace("names", na, nb, nc);
}

}  // namespace default_task_names_count_up
