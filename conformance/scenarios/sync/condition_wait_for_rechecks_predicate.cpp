// Condition.wait_for(predicate) checks the predicate at once and again after each wake-up,
// with the lock held, and returns the predicate's value once it is true.
#include "conformance.hpp"

namespace condition_wait_for_rechecks_predicate {

using asyncio::Coro;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

struct State {
    int value = 0;
    int checks = 0;
};

bool ready(State* state) {
    ++state->checks;
    trace("check", state->checks, "sees", state->value, "at", elapsed());
    return state->value >= 3;
}

Coro<> consumer(asyncio::Condition* cond, State* state) {
    auto guard = co_await cond->lock().acquire();
    bool result = co_await cond->wait_for([state] { return ready(state); });
    trace("wait_for returned", result, "at", elapsed());
}

Coro<> scenario() {
    asyncio::Condition cond;
    State state;
    auto task = asyncio::create_task(consumer(&cond, &state));
    for (int i = 0; i < 3; ++i) {
        co_await asyncio::sleep(1s);
        auto guard = co_await cond.lock().acquire();
        ++state.value;
        cond.notify();
    }
    co_await task;
    auto guard = co_await cond.lock().acquire();
    bool result = co_await cond.wait_for([&state] { return ready(&state); });
    trace("already true: wait_for returned", result, "at", elapsed());
}

}  // namespace condition_wait_for_rechecks_predicate
