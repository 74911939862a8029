// Task<T>: scheduling, results, exceptions, names, done callbacks and ownership.
#include "asyncio/core/task.hpp"

#include "asyncio/combinators/as_completed.hpp"
#include "asyncio/combinators/gather.hpp"
#include "asyncio/combinators/shield.hpp"
#include "asyncio/combinators/wait.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "asyncio/loop/event_loop.hpp"
#include "asyncio/loop/run.hpp"
#include "asyncio/loop/sleep.hpp"
#include "support/test_support.hpp"

namespace {

using namespace std::chrono_literals;
using asyncio::Coro;
using asyncio::Task;
using namespace asyncio_test;

// A handle comes from create_task (or current_task...), never from the library's task state.
static_assert(!std::is_constructible_v<asyncio::AnyTask, asyncio::detail::TaskCore&>);
static_assert(!std::is_constructible_v<Task<int>, asyncio::detail::TaskCore&>);
template <class Handle>
concept ShowsCore = requires(const Handle& task) {
    task.core();
};
static_assert(!ShowsCore<asyncio::AnyTask> && !ShowsCore<Task<int>>);

Coro<int> value_after_yield(int v) {
    co_await asyncio::sleep(0s);
    co_return v;
}

TEST(Task, StartsOnTheLoopsNextTurn) {
    Log log;
    asyncio::run([](Log* log) -> Coro<> {
        auto task = asyncio::create_task(note(log, "task ran"));
        log->push_back("created");
        co_await asyncio::sleep(0s);
        log->push_back("after one turn");
    }(&log));
    EXPECT_EQ(log, (Log{"created", "task ran", "after one turn"}));
}

TEST(Task, ResultAndDone) {
    asyncio::run([]() -> Coro<> {
        Task<int> task = asyncio::create_task(value_after_yield(5));
        EXPECT_FALSE(task.done());
        EXPECT_THROW((void)task.result(), asyncio::InvalidStateError);
        EXPECT_THROW((void)task.exception(), asyncio::InvalidStateError);
        EXPECT_EQ(co_await task, 5);
        EXPECT_TRUE(task.done());
        EXPECT_FALSE(task.cancelled());
        EXPECT_EQ(task.result(), 5);
        EXPECT_EQ(task.exception(), nullptr);
    }());
}

struct CustomError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

Coro<int> fail_after_yield(std::string message) {
    co_await asyncio::sleep(0s);
    throw CustomError(message);
}

TEST(Task, ExceptionKeepsItsTypeThroughAwaitResultAndException) {
    asyncio::run([]() -> Coro<> {
        Task<int> task = asyncio::create_task(fail_after_yield("bad"));
        EXPECT_THROW(co_await task, CustomError);
        EXPECT_TRUE(task.done());
        EXPECT_THROW((void)task.result(), CustomError);
        std::exception_ptr e = task.exception();
        EXPECT_NE(e, nullptr);
        try {
            std::rethrow_exception(e);
        } catch (const CustomError& error) {
            EXPECT_STREQ(error.what(), "bad");
        }
    }());
}

TEST(Task, ManyAwaitersGetTheSameValue) {
    auto waiter = [](Task<int> task) -> Coro<int> { co_return co_await task; };
    asyncio::run([&]() -> Coro<> {
        Task<int> task = asyncio::create_task(value_after_yield(9));
        auto a = asyncio::create_task(waiter(task));
        auto b = asyncio::create_task(waiter(task));
        EXPECT_EQ(co_await a + co_await b + co_await task, 27);
    }());
}

Coro<std::unique_ptr<int>> boxed(int v) {
    co_await asyncio::sleep(0s);
    co_return std::make_unique<int>(v);
}

TEST(Task, AwaitingAnRvalueMovesTheValueOut) {
    asyncio::run([]() -> Coro<> {
        auto task = asyncio::create_task(boxed(3));
        std::unique_ptr<int> value = co_await std::move(task);
        EXPECT_EQ(*value, 3);
    }());
}

TEST(Task, NamesDefaultToTaskNAndCanBeSet) {
    asyncio::run([]() -> Coro<> {
        auto a = asyncio::create_task(value_after_yield(1));
        auto b = asyncio::create_task(value_after_yield(1), "fetcher");
        EXPECT_EQ(a.get_name().rfind("Task-", 0), 0u);
        EXPECT_EQ(b.get_name(), "fetcher");
        a.set_name("renamed");
        EXPECT_EQ(a.get_name(), "renamed");
        co_await a;
        co_await b;
    }());
}

TEST(Task, CurrentTaskInsideAndOutside) {
    EXPECT_FALSE(asyncio::current_task());
    asyncio::run([]() -> Coro<> {
        auto inner = [](Log* names) -> Coro<> {
            names->push_back(asyncio::current_task().get_name());
            co_return;
        };
        Log names;
        co_await asyncio::create_task(inner(&names), "worker");
        EXPECT_EQ(names, (Log{"worker"}));
        EXPECT_EQ(asyncio::current_task().get_name(), "main");
    }());
}

// The message of the RuntimeError `fn` raises; "" if it raises none.
template <class F>
std::string runtime_error_of(F fn) {
    try {
        fn();
    } catch (const asyncio::RuntimeError& e) {
        return e.what();
    }
    return "";
}

std::string empty_handle_message(const std::string& method) {
    return method +
           "(): the task handle is empty (current_task() outside a task, or a moved-from "
           "handle?)";
}

TEST(Task, EveryMethodOfAnEmptyHandleRaisesRuntimeError) {
    asyncio::AnyTask any = asyncio::current_task();  // outside a task: empty
    ASSERT_FALSE(any);
    Task<int> typed;
    EXPECT_EQ(runtime_error_of([&] { (void)any.done(); }), empty_handle_message("done"));
    EXPECT_EQ(runtime_error_of([&] { (void)any.cancelled(); }), empty_handle_message("cancelled"));
    EXPECT_EQ(runtime_error_of([&] { any.cancel(); }), empty_handle_message("cancel"));
    EXPECT_EQ(runtime_error_of([&] { (void)any.cancelling(); }),
              empty_handle_message("cancelling"));
    EXPECT_EQ(runtime_error_of([&] { any.uncancel(); }), empty_handle_message("uncancel"));
    EXPECT_EQ(runtime_error_of([&] { (void)any.get_name(); }), empty_handle_message("get_name"));
    EXPECT_EQ(runtime_error_of([&] { any.set_name("x"); }), empty_handle_message("set_name"));
    EXPECT_EQ(runtime_error_of([&] { (void)any.exception(); }), empty_handle_message("exception"));
    EXPECT_EQ(runtime_error_of([&] { any.add_done_callback([](asyncio::AnyTask) {}); }),
              empty_handle_message("add_done_callback"));
    EXPECT_EQ(runtime_error_of([&] { (void)typed.result(); }), empty_handle_message("result"));
    EXPECT_EQ(runtime_error_of([&] { (void)Task<int>().result(); }),
              empty_handle_message("result"));
    EXPECT_EQ(runtime_error_of([&] { (void)typed.take_result(); }),
              empty_handle_message("take_result"));
    EXPECT_EQ(runtime_error_of([&] { typed.add_done_callback([](Task<int>) {}); }),
              empty_handle_message("add_done_callback"));
}

// The combinators that take task handles refuse an empty one the same way.
void expect_combinators_refuse(Task<int> empty, Task<int> real) {
    EXPECT_EQ(runtime_error_of([&] { (void)asyncio::shield(empty); }),
              empty_handle_message("shield"));
    EXPECT_EQ(runtime_error_of([&] { (void)asyncio::gather(real, empty); }),
              empty_handle_message("gather"));
    EXPECT_EQ(runtime_error_of([&] {
                  (void)asyncio::gather(std::vector{real, empty});
              }),
              empty_handle_message("gather"));
    EXPECT_EQ(runtime_error_of([&] { (void)asyncio::as_completed(std::vector{empty}); }),
              empty_handle_message("as_completed"));
}

Coro<std::string> wait_error(Task<int> empty, Task<int> real) {
    std::vector<Task<int>> tasks{real, empty};  // named: no initializer list in a co_await
    try {
        co_await asyncio::wait(std::move(tasks));
    } catch (const asyncio::RuntimeError& e) {
        co_return e.what();
    }
    co_return "";
}

TEST(Task, CombinatorsGivenAnEmptyHandleRaiseRuntimeError) {
    asyncio::run([]() -> Coro<> {
        Task<int> real = asyncio::create_task(value_after_yield(1));
        expect_combinators_refuse(Task<int>(), real);
        const std::string waited = co_await wait_error(Task<int>(), real);
        EXPECT_EQ(waited, empty_handle_message("wait"));
        const int value = co_await real;  // nothing was left on the real one
        EXPECT_EQ(value, 1);
    }());
}

TEST(Task, AwaitingAnEmptyHandleRaisesRuntimeError) {
    std::vector<std::string> messages;
    asyncio::run([](std::vector<std::string>* messages) -> Coro<> {
        asyncio::AnyTask any;
        Task<int> typed = asyncio::create_task(value_after_yield(1));
        Task<int> taken = std::move(typed);  // typed is empty now
        try {
            co_await any;
        } catch (const asyncio::RuntimeError& e) {
            messages->push_back(e.what());
        }
        try {
            co_await typed;
        } catch (const asyncio::RuntimeError& e) {
            messages->push_back(e.what());
        }
        try {
            co_await std::move(typed);
        } catch (const asyncio::RuntimeError& e) {
            messages->push_back(e.what());
        }
        EXPECT_EQ(co_await taken, 1);
    }(&messages));
    const std::string expected = empty_handle_message("co_await");
    EXPECT_EQ(messages, (std::vector<std::string>{expected, expected, expected}));
}

TEST(Task, AllTasksListsThePendingOnes) {
    asyncio::run([]() -> Coro<> {
        auto sleeper = asyncio::create_task(value_after_yield(1), "sleeper");
        std::vector<std::string> names;
        for (const auto& t : asyncio::all_tasks()) names.push_back(t.get_name());
        EXPECT_EQ(names, (Log{"main", "sleeper"}));
        co_await sleeper;
        EXPECT_EQ(asyncio::all_tasks().size(), 1u);
    }());
}

TEST(Task, CreateTaskOutsideALoopIsAnError) {
    EXPECT_THROW(asyncio::create_task(value_after_yield(1)), asyncio::RuntimeError);
}

TEST(Task, DoneCallbacksRunOnALaterTurnInOrder) {
    Log log;
    asyncio::run([](Log* log) -> Coro<> {
        auto task = asyncio::create_task(value_after_yield(4));
        task.add_done_callback(
            [log](Task<int> t) { log->push_back("first " + std::to_string(t.result())); });
        task.add_done_callback([log](Task<int>) { log->push_back("second"); });
        co_await task;
        log->push_back("awaited");
        task.add_done_callback([log](Task<int>) { log->push_back("added after done"); });
        co_await asyncio::sleep(0s);
        co_await asyncio::sleep(0s);
    }(&log));
    EXPECT_EQ(log, (Log{"first 4", "second", "awaited", "added after done"}));
}

TEST(Task, DroppedTaskStillRunsToTheEnd) {
    Log log;
    asyncio::run([](Log* log) -> Coro<> {
        auto slow = [](Log* log) -> Coro<> {
            co_await asyncio::sleep(5ms);
            log->push_back("finished");
        };
        asyncio::create_task(slow(log));  // the handle is dropped at once
        co_await asyncio::sleep(20ms);
    }(&log));
    EXPECT_EQ(log, (Log{"finished"}));
}

TEST(Task, UnretrievedExceptionIsReportedWithTheTaskName) {
    testing::internal::CaptureStderr();
    asyncio::run([]() -> Coro<> {
        asyncio::create_task(fail_after_yield("nobody looked"), "lonely");
        co_await asyncio::sleep(1ms);
    }());
    const std::string err = testing::internal::GetCapturedStderr();
    EXPECT_NE(err.find("exception was never retrieved"), std::string::npos) << err;
    EXPECT_NE(err.find("lonely"), std::string::npos) << err;
    EXPECT_NE(err.find("nobody looked"), std::string::npos) << err;
}

TEST(Task, RetrievedExceptionIsNotReported) {
    testing::internal::CaptureStderr();
    asyncio::run([]() -> Coro<> {
        auto task = asyncio::create_task(fail_after_yield("seen"));
        try {
            co_await task;
        } catch (const CustomError&) {
        }
    }());
    EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

TEST(Task, TaskCreatedOnALoopBeforeItRuns) {
    asyncio::EventLoop loop;
    Task<int> task = loop.create_task(value_after_yield(8));
    EXPECT_EQ(loop.run_until_complete(task), 8);
}

// Python (Task.__step): "Task cannot await on itself" is raised at that await, on the loop's
// next turn (after a task made meanwhile takes its first step), and the task goes on; it can
// then be cancelled like any other.
Coro<> await_itself(std::vector<std::string>* log) {
    asyncio::AnyTask self = asyncio::current_task();
    try {
        co_await self;
    } catch (const asyncio::RuntimeError& e) {
        log->push_back(e.what());
    }
    co_await asyncio::sleep(1h);
}

TEST(Task, AwaitingItselfIsARuntimeErrorAndTheTaskStaysCancellable) {
    std::vector<std::string> log;
    run_bounded([](std::vector<std::string>* log) -> Coro<> {
        auto task = asyncio::create_task(await_itself(log));
        auto other = asyncio::create_task([](std::vector<std::string>* log) -> Coro<> {
            log->push_back("other ran");
            co_return;
        }(log));
        co_await asyncio::sleep(0s);
        co_await asyncio::sleep(0s);
        EXPECT_FALSE(task.done());
        task.cancel();
        try {
            co_await task;
        } catch (const asyncio::CancelledError&) {
            log->push_back("cancelled");
        }
    }(&log));
    EXPECT_EQ(log,
              (std::vector<std::string>{"other ran", "Task cannot await on itself", "cancelled"}));
}

}  // namespace
