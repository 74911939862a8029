// `asyncio::run(main())`: the one call a program needs.
//
// Makes a new event loop, runs `main` on it as a task, then cancels whatever tasks are left
// and runs them to their end, closes the loop, and returns main's value (for a `Coro<>`, 0,
// so that `int main() { return asyncio::run(main_()); }` reads naturally) or rethrows its
// exception. Ctrl-C (SIGINT) during the run cancels the main task; when it has unwound, the
// program ends as Python's does, killed by SIGINT (the shell sees status 130). A second
// Ctrl-C ends the program at once. `{.dump_tasks_on = SIGUSR1}`: `kill -USR1 PID` prints the
// running program's tasks (see core/call_graph.hpp).
#pragma once

#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "asyncio/core/coro.hpp"
#include "asyncio/core/task.hpp"
#include "asyncio/loop/event_loop.hpp"

namespace asyncio {

struct RunOptions {
    bool debug = false;                   // debug mode (see detail/core/debug.hpp)
    bool handle_sigint = true;            // Ctrl-C cancels the main task
    std::optional<VirtualClock> clock{};  // deterministic time for tests (virtual_clock.hpp)
    // A timeline trace of the run to this file (EventLoop::start_trace); empty: the
    // ASYNCIO_TRACE environment variable's, if set.
    std::string trace{};
    // A signal (SIGUSR1) on which the loop prints every task as a tree to stderr, between two
    // steps (asyncio::dump_tasks, core/call_graph.hpp); 0: none.
    int dump_tasks_on = 0;
};

namespace detail {

// Starts the trace that `options` or ASYNCIO_TRACE ask for, if any.
void start_trace(EventLoop& loop, const RunOptions& options);
// Runs `main` to completion on `loop` and shuts the loop down; exits on Ctrl-C.
void run_main(EventLoop& loop, const AnyTask& main, const RunOptions& options);

}  // namespace detail

template <class T>
std::conditional_t<std::is_void_v<T>, int, T> run(Coro<T> main, RunOptions options = {}) {
    if (EventLoop::running()) {
        throw RuntimeError("asyncio::run() cannot be called from a running event loop");
    }
    EventLoop loop;
    if (options.debug) loop.set_debug(true);
    if (options.clock) loop.set_clock(options.clock);
    detail::start_trace(loop, options);
    Task<T> task = loop.create_task(std::move(main), "main");
    detail::run_main(loop, task, options);
    if constexpr (std::is_void_v<T>) {
        std::move(task).result();
        return 0;
    } else {
        return std::move(task).result();
    }
}

}  // namespace asyncio
