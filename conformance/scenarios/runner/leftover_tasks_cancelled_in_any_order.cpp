// Every task left pending when main returns is cancelled and run to its end, each one's
// clean-up running; CPython does not define their order (a set), so it is shown sorted.
#include <algorithm>

#include "conformance.hpp"

namespace leftover_tasks_cancelled_in_any_order {

using asyncio::Coro;
using conformance::repr_list;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> leftover(std::string name, std::vector<std::string>* log) {
    try {
        co_await asyncio::sleep(3600s);
    } catch (const asyncio::CancelledError&) {
        log->push_back(name);
        throw;
    }
}

Coro<int> inner(std::vector<std::string>* log) {
    for (const char* name : {"a", "b", "c"}) asyncio::create_task(leftover(name, log));
    co_await asyncio::sleep(0s);
    co_return static_cast<int>(asyncio::all_tasks().size());
}

int run_inner(std::vector<std::string>* log) {
    return asyncio::run(inner(log), {.handle_sigint = false});
}

Coro<> scenario() {
    std::vector<std::string> log;
    const int count = co_await asyncio::to_thread(run_inner, &log);
    trace("tasks when main returned", count);
    std::sort(log.begin(), log.end());
    trace("cancelled", repr_list(log));
}

}  // namespace leftover_tasks_cancelled_in_any_order
