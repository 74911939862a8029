// gather() of coroutines wraps each in a task in argument order: their first steps come in
// that order, after the caller suspends; results come back in argument order too.
#include "conformance.hpp"

namespace gather_starts_coroutines_in_argument_order {

using asyncio::Coro;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<std::string> job(std::string name, std::chrono::seconds delay) {
    trace(name, "starts");
    co_await asyncio::sleep(delay);
    trace(name, "ends at", elapsed());
    co_return name;
}

Coro<> scenario() {
    std::vector<Coro<std::string>> jobs;
    jobs.push_back(job("a", 3s));
    jobs.push_back(job("b", 1s));
    jobs.push_back(job("c", 2s));
    auto results = co_await asyncio::gather(std::move(jobs));
    trace("results", conformance::repr_list(results));
}

}  // namespace gather_starts_coroutines_in_argument_order
