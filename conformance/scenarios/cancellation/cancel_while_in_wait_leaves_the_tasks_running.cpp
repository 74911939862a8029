// Cancelling a task that is in asyncio.wait() stops only the waiting: the awaited tasks are
// not cancelled and finish on their own.
#include "conformance.hpp"

namespace cancel_while_in_wait_leaves_the_tasks_running {

using asyncio::Coro;
using asyncio::Task;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<std::string> job(std::string name, std::chrono::seconds delay) {
    co_await asyncio::sleep(delay);
    trace(name, "finishes at", elapsed());
    co_return name;
}

Coro<> waiter(std::vector<Task<std::string>> tasks) {
    try {
        co_await asyncio::wait(tasks);
    } catch (const asyncio::CancelledError&) {
        trace("waiter caught", describe(std::current_exception()), "at", elapsed());
        throw;
    }
}

Coro<> scenario() {
    auto a = asyncio::create_task(job("a", 2s));
    auto b = asyncio::create_task(job("b", 3s));
    auto w = asyncio::create_task(waiter({a, b}));
    co_await asyncio::sleep(1s);
    w.cancel("stop waiting");
    co_await asyncio::gather(asyncio::return_exceptions, w);
    trace("a cancelled() =", a.cancelled(), "b cancelled() =", b.cancelled());
    std::string ra = co_await a;
    std::string rb = co_await b;
    trace("results", ra, rb, "at", elapsed());
}

}  // namespace cancel_while_in_wait_leaves_the_tasks_running
