// BoundedSemaphore: a release beyond the initial value raises ValueError and adds no permit.
#include "conformance.hpp"

namespace bounded_semaphore_release_too_many {

using asyncio::Coro;
using conformance::describe;
using conformance::trace;

Coro<> scenario() {
    asyncio::BoundedSemaphore sem(2);
    (co_await sem.acquire()).dismiss();
    sem.release();
    try {
        sem.release();
    } catch (const asyncio::ValueError&) {
        trace("release raised", describe(std::current_exception()));
    }
    (co_await sem.acquire()).dismiss();
    (co_await sem.acquire()).dismiss();
    trace("two acquired, locked()", sem.locked());
    sem.release();
    sem.release();
    try {
        sem.release();
    } catch (const asyncio::ValueError&) {
        trace("release raised again", describe(std::current_exception()));
    }
}

}  // namespace bounded_semaphore_release_too_many
