// Once the last child is done the group is finished, even before its task resumes: a done
// callback of that child calling create_task gets RuntimeError, and the coroutine never runs.
#include "conformance.hpp"

namespace create_task_once_finished_raises {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::kind;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> child(std::string name, std::chrono::seconds delay) {
    co_await asyncio::sleep(delay);
    trace(name, "ran at", elapsed());
}

Coro<> scenario() {
    co_await asyncio::task_group([](asyncio::TaskGroup tg) {
        auto on_done = [tg](asyncio::Task<void>) mutable {
            try {
                tg.create_task(child("late", 1s));
                trace("create_task accepted (not expected)");
            } catch (const asyncio::RuntimeError&) {
                trace("create_task from the done callback raised", kind(std::current_exception()));
            }
        };
        auto t = tg.create_task(child("only", 1s));
        t.add_done_callback(on_done);
    });
    trace("group done at", elapsed());
    co_await asyncio::sleep(2s);
    trace("done at", elapsed());
}

}  // namespace create_task_once_finished_raises
