// The tasks create_task returned hold their results once the group is done; children start
// on the next turn, in the order they were created.
#include "conformance.hpp"

namespace child_results_read_after_the_group {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::kind;
using conformance::trace;
using namespace std::chrono_literals;

Coro<int> square(int n) {
    trace("start", n);
    co_await asyncio::sleep(n * 100ms);
    co_return n* n;
}

Coro<> scenario() {
    std::vector<asyncio::Task<int>> tasks;
    co_await asyncio::task_group([&](asyncio::TaskGroup tg) {
        for (int n : {3, 1, 2}) tasks.push_back(tg.create_task(square(n)));
        std::vector<bool> done;
        for (auto& t : tasks) done.push_back(t.done());
        trace("created; done:", conformance::repr_list(done));
    });
    std::vector<int> results;
    for (auto& t : tasks) results.push_back(t.result());
    trace("results:", conformance::repr_list(results));
}

}  // namespace child_results_read_after_the_group
