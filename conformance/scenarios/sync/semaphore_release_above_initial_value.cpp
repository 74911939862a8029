// A plain Semaphore may be released more often than acquired: each release adds a permit,
// above the initial value, and later acquires use them without waiting.
#include "conformance.hpp"

namespace semaphore_release_above_initial_value {

using asyncio::Coro;
using conformance::elapsed;
using conformance::trace;

Coro<> scenario() {
    asyncio::Semaphore sem(1);
    sem.release();
    sem.release();
    trace("locked() after two extra releases", sem.locked());
    for (int i = 0; i < 3; ++i) {
        (co_await sem.acquire()).dismiss();
        trace("acquire", i, "at", elapsed(), "locked()", sem.locked());
    }
}

}  // namespace semaphore_release_above_initial_value
