// asyncio.run(main()) returns main's value; a second run() after it works on a new loop
// (here on a worker thread, as the scenario itself runs inside a loop).
#include "conformance.hpp"

namespace run_returns_mains_value {

using asyncio::Coro;
using conformance::trace;
using namespace std::chrono_literals;

Coro<int> answer(int n) {
    co_await asyncio::sleep(0s);
    co_return n * 2;
}

int run_answer(int n) { return asyncio::run(answer(n), {.handle_sigint = false}); }

Coro<> scenario() {
    trace("run gives", co_await asyncio::to_thread(run_answer, 21));
    trace("again", co_await asyncio::to_thread(run_answer, 50));
}

}  // namespace run_returns_mains_value
