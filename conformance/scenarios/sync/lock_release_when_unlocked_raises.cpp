// Releasing a Lock that is not held raises RuntimeError, and leaves the lock usable.
#include "conformance.hpp"

namespace lock_release_when_unlocked_raises {

using asyncio::Coro;
using conformance::describe;
using conformance::trace;

Coro<> scenario() {
    asyncio::Lock lock;
    try {
        lock.release();
    } catch (const asyncio::RuntimeError&) {
        trace("release raised", describe(std::current_exception()));
    }
    (co_await lock.acquire()).dismiss();
    lock.release();
    try {
        lock.release();
    } catch (const asyncio::RuntimeError&) {
        trace("second release raised", describe(std::current_exception()));
    }
    trace("locked()", lock.locked());
}

}  // namespace lock_release_when_unlocked_raises
