// After a failed group, each child task tells what became of it: the one that failed holds
// its exception, the ones cancelled are cancelled(), the one that finished first its result.
#include "conformance.hpp"

namespace children_states_after_a_failure {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::kind;
using conformance::trace;
using namespace std::chrono_literals;

Coro<int> child(int delay, bool fail) {
    co_await asyncio::sleep(delay * 1s);
    if (fail) throw asyncio::ValueError("failed");
    co_return delay;
}

Coro<> scenario() {
    asyncio::Task<int> early, bad, late;
    try {
        co_await asyncio::task_group([&](asyncio::TaskGroup tg) {
            early = tg.create_task(child(1, false));
            bad = tg.create_task(child(2, true));
            late = tg.create_task(child(3, false));
        });
    } catch (const asyncio::ExceptionGroup&) {
    }
    trace("early:", early.cancelled(), early.result());
    trace("bad:", bad.cancelled(), describe(bad.exception()));
    trace("late:", late.cancelled());
}

}  // namespace children_states_after_a_failure
