// A leftover task that raises another exception when run() cancels it at the end: the error
// is reported (on stderr), not raised; run() still returns main's value.
#include "conformance.hpp"

namespace leftover_failing_at_shutdown_does_not_change_the_result {

using asyncio::Coro;
using conformance::trace;
using namespace std::chrono_literals;

using Log = std::vector<std::string>;

Coro<> leftover(Log* log) {
    try {
        co_await asyncio::sleep(3600s);
    } catch (const asyncio::CancelledError&) {
        log->push_back("leftover cancelled, fails in its clean-up");
        throw asyncio::ValueError("clean-up failed");
    }
}

Coro<int> inner(Log* log) {
    asyncio::create_task(leftover(log));
    co_await asyncio::sleep(0s);
    log->push_back("main returns 7");
    co_return 7;
}

int run_inner(Log* log) { return asyncio::run(inner(log), {.handle_sigint = false}); }

Coro<> scenario() {
    Log log;
    const int value = co_await asyncio::to_thread(run_inner, &log);
    for (const std::string& line : log) trace(line);
    trace("run gives", value);
}

}  // namespace leftover_failing_at_shutdown_does_not_change_the_result
