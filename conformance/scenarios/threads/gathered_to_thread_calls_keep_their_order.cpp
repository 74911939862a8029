// Several to_thread calls gathered: the results come in the order of the calls, whatever the
// order the threads end in; an exception among them is raised by gather.
#include "conformance.hpp"

namespace gathered_to_thread_calls_keep_their_order {

using asyncio::Coro;
using conformance::describe;
using conformance::repr_list;
using conformance::trace;

int square(int n) { return n * n; }

int check(int n) {
    if (n == 3) throw asyncio::ValueError("three is bad");
    return n;
}

Coro<> scenario() {
    std::vector<Coro<int>> squares;
    for (int n = 0; n < 6; ++n) squares.push_back(asyncio::to_thread(square, n));
    const std::vector<int> results = co_await asyncio::gather(std::move(squares));
    trace("squares", repr_list(results));
    std::vector<Coro<int>> checks;
    for (int n = 0; n < 5; ++n) checks.push_back(asyncio::to_thread(check, n));
    try {
        co_await asyncio::gather(std::move(checks));
    } catch (const asyncio::ValueError&) {
        trace("gather raised", describe(std::current_exception()));
    }
}

}  // namespace gathered_to_thread_calls_keep_their_order
