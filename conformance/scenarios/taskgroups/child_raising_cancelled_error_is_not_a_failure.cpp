// A child that raises CancelledError itself ends cancelled: that is not a failure, so its
// siblings and the body go on and the group ends without an error.
#include "conformance.hpp"

namespace child_raising_cancelled_error_is_not_a_failure {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::kind;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> quitter() {
    co_await asyncio::sleep(1s);
    trace("quitter raises CancelledError at", elapsed());
    throw asyncio::CancelledError();
}

Coro<> worker() {
    co_await asyncio::sleep(2s);
    trace("worker done at", elapsed());
}

Coro<> scenario() {
    asyncio::Task<void> q;
    co_await asyncio::task_group([&](asyncio::TaskGroup tg) -> Coro<> {
        q = tg.create_task(quitter());
        tg.create_task(worker());
        co_await asyncio::sleep(1500ms);
        trace("body done at", elapsed());
    });
    trace("group done at", elapsed(), "quitter cancelled():", q.cancelled());
}

}  // namespace child_raising_cancelled_error_is_not_a_failure
