// Tasks created without a name are called "Task-N", N counting the tasks made so far on the
// run, the main task being Task-1; a name given explicitly does not use up a number.
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
