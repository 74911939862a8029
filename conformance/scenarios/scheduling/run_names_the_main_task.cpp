// The main task of asyncio.run() is named like any other: "Task-1", the first task of the
// run (default_task_names_count_up covers the numbering of the tasks after it).
#include "conformance.hpp"

namespace run_names_the_main_task {

asyncio::Coro<> scenario() {
    conformance::trace("main is", asyncio::current_task().get_name());
    co_return;
}

}  // namespace run_names_the_main_task
