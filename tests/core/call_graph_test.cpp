// Call graphs (Python 3.14's capture_call_graph / format_call_graph) and the task tree
// (dump_tasks, RunOptions::dump_tasks_on).
#include "asyncio/core/call_graph.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <cstdint>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "asyncio/combinators/gather.hpp"
#include "asyncio/combinators/task_group.hpp"
#include "asyncio/combinators/timeout.hpp"
#include "asyncio/core/async_generator.hpp"
#include "asyncio/loop/run.hpp"
#include "asyncio/loop/sleep.hpp"
#include "asyncio/sync/event.hpp"

namespace {

using namespace std::chrono_literals;
using asyncio::AnyTask;
using asyncio::Coro;
using asyncio::FrameCallGraphEntry;
using asyncio::FutureCallGraph;
using asyncio::Task;

std::string hex_id(const AnyTask& task) {
    std::ostringstream out;
    out << std::hex << std::showbase
        << reinterpret_cast<std::uintptr_t>(&asyncio::detail::TaskAccess::core(task));
    return out.str();
}

// What a frame shows, as one string: "function file:line".
std::string where(const FrameCallGraphEntry& frame) {
    return frame.function + " " + frame.file + ":" + std::to_string(frame.line);
}
std::string here(const char* function, std::uint32_t line) {
    return std::string(function) + " " + __FILE__ + ":" + std::to_string(line);
}

// Lets the other tasks run until they are all suspended where the test wants them.
Coro<> settle() {
    for (int i = 0; i < 5; ++i) co_await asyncio::sleep(0s);
}

constexpr std::uint32_t kNapLine = __LINE__ + 1;
Coro<> nap() { co_await asyncio::sleep(1h); }

constexpr std::uint32_t kChildLine = __LINE__ + 1;
Coro<> child() { co_await asyncio::wait_for(nap(), 1h); }

// Frames record where they are (the default build); without, call stacks are empty.
constexpr std::size_t kFrames = ASYNCIO_CALL_GRAPH ? 1 : 0;

// The bar of issue 13: a task group child in sleep inside wait_for names the three frames,
// innermost first, and is awaited by the task that runs the group.
TEST(CallGraph, TaskGroupChildInSleepInsideWaitFor) {
    asyncio::run([]() -> Coro<> {
        AnyTask main = asyncio::current_task();
        co_await asyncio::task_group([&](asyncio::TaskGroup tg) -> Coro<> {
            Task<> kid = tg.create_task(child(), "kid");
            co_await settle();
            const FutureCallGraph graph = asyncio::capture_call_graph(kid);
            EXPECT_EQ(graph.future, kid);
            EXPECT_EQ(graph.call_stack.size(), 3 * kFrames);
            if (graph.call_stack.size() == 3) {
                EXPECT_EQ(where(graph.call_stack[0]), here("nap", kNapLine));
                EXPECT_EQ(graph.call_stack[1].function, "asyncio::wait_for");
                EXPECT_NE(graph.call_stack[1].file.find("timeout.hpp"), std::string::npos);
                EXPECT_EQ(where(graph.call_stack[2]), here("child", kChildLine));
            }
            EXPECT_EQ(graph.awaited_by.size(), 1u);
            if (graph.awaited_by.size() == 1) {
                const FutureCallGraph& owner = graph.awaited_by[0];
                EXPECT_EQ(owner.future, main);
                // The body, the group's __aexit__ and the main coroutine, innermost first.
                EXPECT_EQ(owner.call_stack.size(), 3 * kFrames);
                if (owner.call_stack.size() == 3) {
                    EXPECT_EQ(owner.call_stack[1].function, "asyncio::task_group");
                }
            }
            kid.cancel();
        });
    }());
}

constexpr std::uint32_t kTicksLine = __LINE__ + 3;
asyncio::AsyncGenerator<int> ticks() {
    for (int i = 0;; ++i) {
        co_await asyncio::sleep(1h);
        co_yield i;
    }
}

constexpr std::uint32_t kConsumerLine = __LINE__ + 3;
Coro<> consume() {
    auto gen = ticks();
    for (auto it = co_await gen.begin(); it != gen.end(); co_await ++it) {
    }
}

// An async generator's body runs inline in its consumer's task: its frame is in the chain, at
// the line where the body waits, above the consumer's loop.
TEST(CallGraph, AsyncGeneratorFrameIsInItsConsumersChain) {
    asyncio::run([]() -> Coro<> {
        Task<> consumer = asyncio::create_task(consume(), "consumer");
        co_await settle();
        const FutureCallGraph graph = asyncio::capture_call_graph(consumer);
        EXPECT_EQ(graph.call_stack.size(), 2 * kFrames);
        if (graph.call_stack.size() == 2) {
            EXPECT_EQ(where(graph.call_stack[0]), here("ticks", kTicksLine));
            EXPECT_EQ(where(graph.call_stack[1]), here("consume", kConsumerLine));
        }
        consumer.cancel();
        co_await settle();
        EXPECT_TRUE(consumer.cancelled());
    }());
}

constexpr std::uint32_t kWaiterLine = __LINE__ + 1;
Coro<> await_task(Task<> task) { co_await task; }

TEST(CallGraph, TaskAwaitingTask) {
    asyncio::run([]() -> Coro<> {
        Task<> sleeper = asyncio::create_task(nap(), "sleeper");
        Task<> waiter = asyncio::create_task(await_task(sleeper), "waiter");
        co_await settle();
        const FutureCallGraph graph = asyncio::capture_call_graph(sleeper);
        EXPECT_EQ(graph.call_stack.size(), kFrames);
        EXPECT_EQ(graph.awaited_by.size(), 1u);
        if (graph.awaited_by.size() == 1) {
            EXPECT_EQ(graph.awaited_by[0].future, waiter);
            EXPECT_EQ(graph.awaited_by[0].call_stack.size(), kFrames);
            if (!graph.awaited_by[0].call_stack.empty()) {
                EXPECT_EQ(where(graph.awaited_by[0].call_stack[0]),
                          here("await_task", kWaiterLine));
            }
            EXPECT_TRUE(graph.awaited_by[0].awaited_by.empty());
        }
        sleeper.cancel();
        co_await asyncio::gather(asyncio::return_exceptions, waiter);
    }());
}

TEST(CallGraph, GatherChildrenAreAwaitedByTheGatheringTask) {
    asyncio::run([]() -> Coro<> {
        AnyTask main = asyncio::current_task();
        Task<> first = asyncio::create_task(nap(), "first");
        Task<> second = asyncio::create_task(nap(), "second");
        Task<> watcher = asyncio::create_task(await_task(second), "watcher");
        auto gathering = asyncio::create_task(
            [](Task<> a, Task<> b) -> Coro<> { co_await asyncio::gather(a, b); }(first, second),
            "gathering");
        co_await settle();
        // first: owned by the gather; second: already awaited, watched through a node.
        const FutureCallGraph one = asyncio::capture_call_graph(first);
        const FutureCallGraph two = asyncio::capture_call_graph(second);
        EXPECT_EQ(one.awaited_by.size(), 1u);
        if (one.awaited_by.size() == 1) {
            EXPECT_EQ(one.awaited_by[0].future, gathering);
        }
        EXPECT_EQ(two.awaited_by.size(), 2u);
        if (two.awaited_by.size() == 2) {
            EXPECT_EQ(two.awaited_by[0].future, watcher);
            EXPECT_EQ(two.awaited_by[1].future, gathering);
        }
        gathering.cancel();
        co_await asyncio::gather(asyncio::return_exceptions, gathering, watcher);
        (void)main;
    }());
}

constexpr std::uint32_t kDeepLine = __LINE__ + 3;
Coro<FutureCallGraph> deep_capture() {
    co_await asyncio::sleep(0s);
    co_return *asyncio::capture_call_graph();
}

constexpr std::uint32_t kOuterLine = __LINE__ + 1;
Coro<FutureCallGraph> outer_capture() { co_return co_await deep_capture(); }

TEST(CallGraph, CurrentTaskShowsTheLineOfTheCapture) {
    asyncio::run([]() -> Coro<> {
        Task<FutureCallGraph> task = asyncio::create_task(outer_capture(), "capturer");
        const FutureCallGraph graph = co_await task;
        EXPECT_EQ(graph.future, task);
        EXPECT_EQ(graph.call_stack.size(), 2 * kFrames);
        if (graph.call_stack.size() == 2) {
            EXPECT_EQ(where(graph.call_stack[0]), here("deep_capture", kDeepLine));
            EXPECT_EQ(where(graph.call_stack[1]), here("outer_capture", kOuterLine));
        }
        // The main task awaited it while it ran.
        EXPECT_EQ(graph.awaited_by.size(), 1u);
    }());
}

TEST(CallGraph, NoCurrentTaskOutsideATask) {
    EXPECT_THROW((void)asyncio::capture_call_graph(), asyncio::RuntimeError);
    asyncio::EventLoop loop;
    loop.call_soon([] {
        EXPECT_FALSE(asyncio::capture_call_graph().has_value());
        EXPECT_EQ(asyncio::format_call_graph(), "");
    });
    loop.run_until_complete(settle());
}

TEST(CallGraph, DoneTaskHasNoFramesNorAwaiters) {
    asyncio::run([]() -> Coro<> {
        Task<> task = asyncio::create_task(settle(), "done");
        co_await task;
        const FutureCallGraph graph = asyncio::capture_call_graph(task);
        EXPECT_EQ(graph.future, task);
        EXPECT_TRUE(graph.call_stack.empty());
        EXPECT_TRUE(graph.awaited_by.empty());
    }());
}

TEST(CallGraph, FormatsAsPythonDoes) {
    asyncio::run([]() -> Coro<> {
        Task<> worker = asyncio::create_task(settle(), "worker");
        AnyTask main = asyncio::current_task();
        FutureCallGraph graph{worker,
                              {{"nap", "a.cpp", 3}, {"ns::K::run", "dir/b's.cpp", 12}},
                              {{main, {{"main_", "c.cpp", 40}}, {}}}};
        EXPECT_EQ(asyncio::format_call_graph(graph),
                  "* Task(name='worker', id=" + hex_id(worker) +
                      ")\n"
                      "  + Call stack:\n"
                      "  |   File 'a.cpp', line 3, in async nap()\n"
                      "  |   File \"dir/b's.cpp\", line 12, in async ns::K::run()\n"
                      "  + Awaited by:\n"
                      "    * Task(name='main', id=" +
                      hex_id(main) +
                      ")\n"
                      "      + Call stack:\n"
                      "      |   File 'c.cpp', line 40, in async main_()\n");
        co_await worker;
    }());
}

// Reads what is in a pipe without blocking.
std::string drain(int fd) {
    std::string out;
    char buffer[4096];
    for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;) out.append(buffer, n);
    return out;
}

struct Pipe {
    int read_end = -1;
    int write_end = -1;
    Pipe() {
        int fds[2];
        if (::pipe2(fds, O_NONBLOCK | O_CLOEXEC) == 0) {
            read_end = fds[0];
            write_end = fds[1];
        }
    }
    ~Pipe() {
        ::close(read_end);
        ::close(write_end);
    }
};

// The lines of `text` that name a task ("(T) name"), as drawn (with their tree prefix).
std::vector<std::string> task_lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (line.find("(T) ") != std::string::npos) out.push_back(line);
    }
    return out;
}

constexpr std::uint32_t kEventLine = __LINE__ + 1;
Coro<> wait_event(asyncio::Event* event) { co_await event->wait(); }

// A multi-line co_await is at its first line with clang, at its last with g++: one line here.
constexpr std::uint32_t kGroupLine = __LINE__ + 15;
Coro<std::string> tree_of_a_group() {
    asyncio::Event never;
    std::string tree;
    auto body = [&](asyncio::TaskGroup tg) -> Coro<> {
        Task<> left = tg.create_task(wait_event(&never), "left");
        Task<> right = tg.create_task(await_task(left), "right");
        Task<> loner = asyncio::create_task(wait_event(&never), "loner");
        co_await settle();
        Pipe pipe;
        asyncio::dump_tasks(pipe.write_end);
        tree = drain(pipe.read_end);
        left.cancel();
        loner.cancel();
    };
    co_await asyncio::task_group(body);
    co_return tree;
}
constexpr std::uint32_t kDumpLine = kGroupLine - 5;

// The text with each "task_group.hpp:N" as "task_group.hpp:N" (the library's lines move).
std::string without_library_lines(std::string text) {
    return std::regex_replace(text, std::regex("(task_group\\.hpp):[0-9]+"), "$1:N");
}

TEST(DumpTasks, EveryTaskAsATree) {
    const std::string tree = asyncio::run(tree_of_a_group());
#if ASYNCIO_CALL_GRAPH
    const std::string at = " call_graph_test.cpp:";
#ifdef __cpp_lib_source_location
    const std::string body = "tree_of_a_group::<lambda>";
#else
    const std::string body = "<lambda>";  // clang 14: the bare function name
#endif
    const std::string expected =
        "├── (T) main\n"
        "│   └──  tree_of_a_group" +
        at + std::to_string(kGroupLine) +
        "\n"
        "│       └──  asyncio::task_group task_group.hpp:N\n"
        "│           └──  " +
        body + at + std::to_string(kDumpLine) +
        "\n"
        "│               ├── (T) left\n"
        "│               │   └──  wait_event" +
        at + std::to_string(kEventLine) +
        "\n"
        "│               └── (T) right\n"
        "│                   └──  await_task" +
        at + std::to_string(kWaiterLine) +
        "\n"
        "│                       └── (T) left (shown above)\n"
        "└── (T) loner\n"
        "    └──  wait_event" +
        at + std::to_string(kEventLine) + "\n";
#else
    const std::string expected =
        "├── (T) main\n"
        "│   ├── (T) left\n"
        "│   └── (T) right\n"
        "│       └── (T) left (shown above)\n"
        "└── (T) loner\n";
#endif
    EXPECT_EQ(without_library_lines(tree), expected);
}

// `kill -USR1` (here: raise) during a run prints the tree on stderr, between two steps.
TEST(DumpTasks, OnASignal) {
    Pipe pipe;
    const int saved_stderr = ::dup(STDERR_FILENO);
    ::dup2(pipe.write_end, STDERR_FILENO);
    asyncio::run(
        []() -> Coro<> {
            Task<> sleeper = asyncio::create_task(nap(), "sleeper");
            co_await asyncio::sleep(0s);
            std::raise(SIGUSR1);
            co_await settle();
            sleeper.cancel();
        }(),
        {.dump_tasks_on = SIGUSR1});
    ::dup2(saved_stderr, STDERR_FILENO);
    ::close(saved_stderr);
    const std::string printed = drain(pipe.read_end);
    const std::vector<std::string> expected = {"├── (T) main", "└── (T) sleeper"};
    EXPECT_EQ(task_lines(printed), expected) << printed;
}

}  // namespace
