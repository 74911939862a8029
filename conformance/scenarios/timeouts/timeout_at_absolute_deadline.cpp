// timeout_at takes a loop time: the block is cancelled when the loop's clock reaches it.
#include "conformance.hpp"

namespace timeout_at_absolute_deadline {

using asyncio::Coro;
using conformance::deadline;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> scenario() {
    auto& loop = asyncio::get_running_loop();
    co_await asyncio::sleep(1s);
    try {
        co_await asyncio::timeout_at(loop.time() + 1500ms, [](asyncio::Timeout cm) -> Coro<> {
            trace("deadline", deadline(cm.when()));
            co_await asyncio::sleep(5s);
        });
    } catch (const asyncio::TimeoutError&) {
        trace("caught", describe(std::current_exception()), "at", elapsed());
    }
}

}  // namespace timeout_at_absolute_deadline
