// Semaphore(0) starts with no permit: acquire() waits until someone releases one.
#include "conformance.hpp"

namespace semaphore_zero_blocks_until_release {

using asyncio::Coro;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> acquirer(asyncio::Semaphore* sem) {
    (co_await sem->acquire()).dismiss();
    trace("acquired at", elapsed());
}

Coro<> scenario() {
    asyncio::Semaphore sem(0);
    trace("locked()", sem.locked());
    auto task = asyncio::create_task(acquirer(&sem));
    co_await asyncio::sleep(2s);
    trace("still waiting", !task.done());
    sem.release();
    co_await task;
    trace("locked() at the end", sem.locked());
}

}  // namespace semaphore_zero_blocks_until_release
