// A Condition waiter notified, then cancelled before it runs: CPython 3.11 raises
// CancelledError from its wait() (once it has the lock back) and the notification is spent;
// the library keeps the notification (wait() returns, the cancellation comes at the waiter's
// next suspension). Either way the other waiter is not woken by that notify.
#include "conformance.hpp"

namespace condition_waiter_cancelled_after_notify {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> waiter(asyncio::Condition* cond, std::string name) {
    try {
        auto guard = co_await cond->lock().acquire();
        co_await cond->wait();
        trace(name, "woken at", elapsed());
        co_await asyncio::sleep(1s);
        trace(name, "leaves at", elapsed());
    } catch (const asyncio::CancelledError&) {
        trace(name, "raised", describe(std::current_exception()), "at", elapsed());
        throw;
    }
}

Coro<> scenario() {
    asyncio::Condition cond;
    auto w1 = asyncio::create_task(waiter(&cond, "w1"));
    auto w2 = asyncio::create_task(waiter(&cond, "w2"));
    co_await asyncio::sleep(1s);
    {
        auto guard = co_await cond.lock().acquire();
        cond.notify();
        w1.cancel();
    }
    co_await asyncio::sleep(2s);
    trace("w1 cancelled()", w1.cancelled(), "w2 done()", w2.done(), "at", elapsed());
    {
        auto guard = co_await cond.lock().acquire();
        cond.notify_all();
    }
    co_await asyncio::gather(asyncio::return_exceptions, w1, w2);
}

}  // namespace condition_waiter_cancelled_after_notify
