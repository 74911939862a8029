// When main returns, run() cancels a task still awaiting to_thread, then waits for the call
// on the default executor to finish before it returns.
#include <future>

#include "conformance.hpp"

namespace default_executor_is_shut_down_at_the_end {

using asyncio::Coro;
using conformance::trace;
using namespace std::chrono_literals;

using Log = std::vector<std::string>;

void work(std::shared_future<void> release, Log* log) {
    release.wait();
    log->push_back("the call finished");
}

Coro<> waiting(std::promise<void>* release, Log* log) {
    try {
        co_await asyncio::to_thread(work, release->get_future().share(), log);
    } catch (const asyncio::CancelledError&) {
        log->push_back("the awaiting task was cancelled");
        release->set_value();
        throw;
    }
}

Coro<> inner(std::promise<void>* release, Log* log) {
    asyncio::create_task(waiting(release, log));
    co_await asyncio::sleep(0s);
    co_await asyncio::sleep(0s);
    log->push_back("main returns");
}

void run_inner(std::promise<void>* release, Log* log) {
    asyncio::run(inner(release, log), {.handle_sigint = false});
}

Coro<> scenario() {
    std::promise<void> release;  // outlives the run, as the closure's cell does in Python
    Log log;
    co_await asyncio::to_thread(run_inner, &release, &log);
    log.push_back("run returned");
    for (const std::string& line : log) trace(line);
}

}  // namespace default_executor_is_shut_down_at_the_end
