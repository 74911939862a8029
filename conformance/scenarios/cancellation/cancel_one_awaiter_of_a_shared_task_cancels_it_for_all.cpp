// Two tasks await the same task; cancelling one of them cancels the shared task too, so the
// other awaiter gets CancelledError as well, though nobody cancelled it (cancelling() 0).
#include "conformance.hpp"

namespace cancel_one_awaiter_of_a_shared_task_cancels_it_for_all {

using asyncio::Coro;
using conformance::describe;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> shared() { co_await asyncio::sleep(10s); }

Coro<> awaiter(std::string name, asyncio::Task<> task) {
    try {
        co_await task;
    } catch (const asyncio::CancelledError&) {
        trace(name, "caught", describe(std::current_exception()),
              "cancelling() =", asyncio::current_task().cancelling());
        throw;
    }
}

Coro<> scenario() {
    auto s = asyncio::create_task(shared());
    auto a = asyncio::create_task(awaiter("a", s));
    auto b = asyncio::create_task(awaiter("b", s));
    co_await asyncio::sleep(1s);
    a.cancel("a leaves");
    co_await asyncio::gather(asyncio::return_exceptions, a, b);
    trace("shared cancelled() =", s.cancelled(), "b cancelled() =", b.cancelled());
}

}  // namespace cancel_one_awaiter_of_a_shared_task_cancels_it_for_all
