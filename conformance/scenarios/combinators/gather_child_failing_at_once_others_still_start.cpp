// gather() of coroutines makes them all tasks first: when the first one fails at its very
// first step, the others have been scheduled already and start all the same (and keep
// running); the gather raises once they have had their first step.
#include "conformance.hpp"

namespace gather_child_failing_at_once_others_still_start {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> child(std::string name, bool fail, std::chrono::seconds delay = 1s) {
    trace(name, "starts");
    if (fail) throw asyncio::ValueError(name);
    co_await asyncio::sleep(delay);
    trace(name, "finishes at", elapsed());
}

Coro<> scenario() {
    try {
        co_await asyncio::gather(child("a", true), child("b", false), child("c", false, 2s));
    } catch (const asyncio::ValueError&) {
        trace("gather raised", describe(std::current_exception()), "at", elapsed());
    }
    co_await asyncio::sleep(3s);
    trace("main ends at", elapsed());
}

}  // namespace gather_child_failing_at_once_others_still_start
