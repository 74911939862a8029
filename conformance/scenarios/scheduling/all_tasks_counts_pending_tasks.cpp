// all_tasks() lists the loop's tasks that are not done, the running one included: new tasks
// count from create_task(), finished ones drop out.
#include <algorithm>

#include "conformance.hpp"

namespace all_tasks_counts_pending_tasks {

using asyncio::Coro;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> worker(std::chrono::seconds delay) { co_await asyncio::sleep(delay); }

Coro<> scenario() {
    trace("alone:", asyncio::all_tasks().size());
    std::vector<asyncio::Task<>> tasks;
    for (auto d : {1s, 2s, 3s}) tasks.push_back(asyncio::create_task(worker(d)));
    trace("after creating three:", asyncio::all_tasks().size());
    auto all = asyncio::all_tasks();
    trace("main is listed:",
          std::find(all.begin(), all.end(), asyncio::current_task()) != all.end());
    co_await tasks[0];
    trace("after the first ends:", asyncio::all_tasks().size());
    co_await asyncio::gather(tasks);
    trace("after all end:", asyncio::all_tasks().size());
}

}  // namespace all_tasks_counts_pending_tasks
