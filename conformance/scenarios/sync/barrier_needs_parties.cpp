// Barrier(0) is a ValueError.
#include "conformance.hpp"

namespace barrier_needs_parties {

using asyncio::Coro;
using conformance::describe;
using conformance::trace;

Coro<> scenario() {
    try {
        asyncio::Barrier barrier(0);
    } catch (const asyncio::ValueError&) {
        trace("Barrier(0) raised", describe(std::current_exception()));
    }
    co_return;
}

}  // namespace barrier_needs_parties
