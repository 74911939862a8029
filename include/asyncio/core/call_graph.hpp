// Seeing inside a running program: Python 3.14's call graphs (`asyncio.capture_call_graph`,
// `format_call_graph`, `print_call_graph`) and a live view of every task (`python -m asyncio
// pstree PID`), on this thread's running loop.
//
//   asyncio::print_call_graph();              // the current task: its frames, who awaits it
//   asyncio::print_call_graph(task, stderr);  // another task
//   asyncio::dump_tasks();                    // every task as a tree, to stderr
//   asyncio::run(main_(), {.dump_tasks_on = SIGUSR1});  // `kill -USR1 PID` dumps the tree
//
// A task's call stack is the chain of coroutines it is suspended in, innermost first, each
// with its function, file and the line of the co_await it waits at (the library's own
// coroutines too, as Python shows its own: `asyncio::wait_for`, `asyncio::task_group`). An
// awaiter that is not a coroutine (`sleep`, a lock's `acquire`) has no frame: the frame that
// awaits it is the innermost. A task is awaited by the tasks that wait for it: one doing
// `co_await task`, the task running its task group, a gather, wait or as_completed over it.
// For the current task, the innermost frame's line is where the capture is called from.
//
// Frames record their place only in a build with ASYNCIO_CALL_GRAPH on (the default, see
// asyncio/config.hpp); without it call stacks are empty and the rest works. Capturing costs
// nothing until it is called; it reads the tasks of the loop running on this thread, so call
// it on that thread (from a task, a callback, or a signal handler added to the loop).
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "asyncio/core/task.hpp"
#include "asyncio/detail/core/frame_info.hpp"

namespace asyncio {

// One frame of a call stack (Python's FrameCallGraphEntry holds the frame itself).
struct FrameCallGraphEntry {
    std::string function;  // qualified, without return type and parameters: "ns::Class::method"
    std::string file;      // as the compiler was given it
    std::uint32_t line = 0;
};

// A task, the frames it is suspended in (innermost first), and the graphs of the tasks that
// await it. A task awaited in a cycle appears once more at the cycle's end, without its
// awaiters.
struct FutureCallGraph {
    AnyTask future;
    std::vector<FrameCallGraphEntry> call_stack;
    std::vector<FutureCallGraph> awaited_by;
};

// The graph of the current task; nullopt outside a task. RuntimeError without a running loop.
std::optional<FutureCallGraph> capture_call_graph(detail::SourceSite here = ASYNCIO_SOURCE_SITE);
// The graph of `task`, done or not (a done task has no frames and no awaiters).
FutureCallGraph capture_call_graph(const AnyTask& task,
                                   detail::SourceSite here = ASYNCIO_SOURCE_SITE);

// Python's rendering, line for line:
//   * Task(name='child', id=0x55d0c3a4e2b0)
//     + Call stack:
//     |   File 'demo.cpp', line 12, in async napper()
//     + Awaited by:
//         * Task(name='main', id=0x55d0c3a4e010)
//     ...
// Each line ends with a newline.
std::string format_call_graph(const FutureCallGraph& graph);
// The same for the current task ("" outside a task), or for `task`.
std::string format_call_graph(detail::SourceSite here = ASYNCIO_SOURCE_SITE);
std::string format_call_graph(const AnyTask& task, detail::SourceSite here = ASYNCIO_SOURCE_SITE);
// Prints it to `file` (stdout by default); nothing outside a task.
void print_call_graph(std::FILE* file = stdout, detail::SourceSite here = ASYNCIO_SOURCE_SITE);
void print_call_graph(const AnyTask& task, std::FILE* file = stdout,
                      detail::SourceSite here = ASYNCIO_SOURCE_SITE);

// Every task of the running loop that is not done, as a tree (`python -m asyncio pstree`):
// the roots are the tasks nobody awaits, each task shows its frames outermost first, and the
// tasks it awaits hang under its innermost frame. Files are shown by their base name.
//   └── (T) main
//       └──  main_ deadlock.cpp:40
//           └──  asyncio::task_group task_group.hpp:190
//               ├── (T) left
//               │   └──  worker deadlock.cpp:25
//               └── (T) right
//                   └──  worker deadlock.cpp:25
std::string format_task_tree(detail::SourceSite here = ASYNCIO_SOURCE_SITE);
// Writes format_task_tree() to the file descriptor `fd` (stderr by default).
void dump_tasks(int fd = 2, detail::SourceSite here = ASYNCIO_SOURCE_SITE);

}  // namespace asyncio
