// Condition.notify(), notify_all() and wait() without the lock held raise RuntimeError.
#include "conformance.hpp"

namespace condition_needs_the_lock {

using asyncio::Coro;
using conformance::describe;
using conformance::trace;

Coro<> scenario() {
    asyncio::Condition cond;
    try {
        cond.notify();
    } catch (const asyncio::RuntimeError&) {
        trace("notify raised", describe(std::current_exception()));
    }
    try {
        cond.notify_all();
    } catch (const asyncio::RuntimeError&) {
        trace("notify_all raised", describe(std::current_exception()));
    }
    try {
        co_await cond.wait();
    } catch (const asyncio::RuntimeError&) {
        trace("wait raised", describe(std::current_exception()));
    }
    trace("locked()", cond.lock().locked());
}

}  // namespace condition_needs_the_lock
