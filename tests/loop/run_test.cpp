#include "asyncio/loop/run.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "asyncio/combinators/task_group.hpp"
#include "asyncio/core/coro.hpp"
#include "asyncio/core/errors.hpp"
#include "asyncio/core/task.hpp"
#include "asyncio/detail/core/debug.hpp"
#include "asyncio/loop/event_loop.hpp"
#include "asyncio/loop/sleep.hpp"
#include "asyncio/net/streams.hpp"
#include "net/net_support.hpp"
#include "support/test_support.hpp"

namespace {

using asyncio::Clock;
using asyncio::Coro;
using namespace std::chrono_literals;

// A stop a few seconds out on the running loop: a main that would hang fails instead
// (run_until_done throws RuntimeError when the loop stops before main is done).
void safety_stop() { asyncio_test::safety_stop(asyncio::get_running_loop()); }

Coro<int> forty_two() {
    co_await asyncio::sleep(0s);
    co_return 42;
}

Coro<std::string> greeting(std::string name) {
    co_await asyncio::sleep(1ms);
    co_return "hello " + name;
}

Coro<std::unique_ptr<int>> boxed(int v) {
    co_await asyncio::sleep(0s);
    co_return std::make_unique<int>(v);
}

TEST(Run, ReturnsTheValue) {
    EXPECT_EQ(asyncio::run(forty_two()), 42);
    EXPECT_EQ(asyncio::run(greeting("world")), "hello world");
    auto box = asyncio::run(boxed(9));  // a move-only value
    ASSERT_TRUE(box);
    EXPECT_EQ(*box, 9);
}

Coro<> nothing(bool* ran) {
    co_await asyncio::sleep(0s);
    *ran = true;
}

TEST(Run, ReturnsZeroForAVoidCoro) {
    bool ran = false;
    EXPECT_EQ(asyncio::run(nothing(&ran)), 0);
    EXPECT_TRUE(ran);
}

struct AppError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

Coro<int> fails(std::string message) {
    co_await asyncio::sleep(1ms);
    throw AppError(message);
}

Coro<> fails_void() {
    co_await asyncio::sleep(0s);
    throw std::out_of_range("index 9");
}

TEST(Run, RethrowsTheExceptionWithItsTypeAndMessage) {
    try {
        asyncio::run(fails("disk full"));
        ADD_FAILURE() << "no exception";
    } catch (const AppError& e) {
        EXPECT_STREQ(e.what(), "disk full");
    }
    try {
        asyncio::run(fails_void());
        ADD_FAILURE() << "no exception";
    } catch (const std::out_of_range& e) {
        EXPECT_STREQ(e.what(), "index 9");
    }
}

Coro<> cancel_myself() {
    asyncio::current_task().cancel("gave up");
    co_await asyncio::sleep(1h);
}

TEST(Run, AMainThatIsCancelledRaisesCancelledError) {
    try {
        asyncio::run(cancel_myself());
        ADD_FAILURE() << "no exception";
    } catch (const asyncio::CancelledError& e) {
        EXPECT_EQ(e.message(), "gave up");
    }
}

Coro<std::string> my_name() {
    co_await asyncio::sleep(0s);
    co_return asyncio::current_task().get_name();
}

TEST(Run, TheMainTaskIsNamedMain) { EXPECT_EQ(asyncio::run(my_name()), "main"); }

TEST(Run, EachRunHasItsOwnLoopAndNoneIsLeftRunning) {
    EXPECT_EQ(asyncio::run(forty_two()), 42);
    EXPECT_EQ(asyncio::EventLoop::running(), nullptr);
    EXPECT_THROW(asyncio::get_running_loop(), asyncio::RuntimeError);
    EXPECT_EQ(asyncio::run(forty_two()), 42);
}

// -- leftovers --

struct Leftovers {
    bool sleeper_started = false;
    bool sleeper_caught = false;
    bool sleeper_cleanup_finished = false;  // after an await in its cleanup
    bool late_body_ran = false;
    std::vector<std::string> events;
};

Coro<> leftover_sleeper(Leftovers* rec) {
    rec->sleeper_started = true;
    bool cancelled = false;
    try {
        co_await asyncio::sleep(1h);
    } catch (const asyncio::CancelledError&) {
        rec->sleeper_caught = true;
        rec->events.push_back("leftover caught CancelledError");
        cancelled = true;
    }
    if (cancelled) {
        co_await asyncio::sleep(1ms);  // cleanup may itself await
        rec->sleeper_cleanup_finished = true;
        rec->events.push_back("leftover cleanup finished");
        throw asyncio::CancelledError();
    }
}

Coro<> late_body(Leftovers* rec) {
    rec->late_body_ran = true;
    co_return;
}

Coro<int> main_leaving_tasks_behind(Leftovers* rec) {
    safety_stop();
    (void)asyncio::create_task(leftover_sleeper(rec));
    co_await asyncio::sleep(0s);                 // the sleeper starts
    (void)asyncio::create_task(late_body(rec));  // never gets a turn before main ends
    rec->events.push_back("main returns");
    co_return 5;
}

TEST(Run, LeftoverTasksAreCancelledAndRunToTheirEndBeforeRunReturns) {
    Leftovers rec;
    EXPECT_EQ(asyncio::run(main_leaving_tasks_behind(&rec)), 5);
    EXPECT_TRUE(rec.sleeper_started);
    EXPECT_TRUE(rec.sleeper_caught);
    EXPECT_TRUE(rec.sleeper_cleanup_finished);
    EXPECT_FALSE(rec.late_body_ran) << "a task cancelled before its first step never runs";
    EXPECT_EQ(rec.events,
              (std::vector<std::string>{"main returns", "leftover caught CancelledError",
                                        "leftover cleanup finished"}));
}

Coro<> fails_when_cancelled() {
    try {
        co_await asyncio::sleep(1h);
    } catch (const asyncio::CancelledError&) {
    }
    throw std::runtime_error("cleanup went wrong");
}

Coro<> main_leaving_a_bad_task() {
    safety_stop();
    (void)asyncio::create_task(fails_when_cancelled(), "bad-cleanup");
    co_await asyncio::sleep(0s);
}

TEST(Run, ALeftoverTaskFailingDuringShutdownIsReported) {
    testing::internal::CaptureStderr();
    EXPECT_EQ(asyncio::run(main_leaving_a_bad_task()), 0);
    const std::string err = testing::internal::GetCapturedStderr();
    EXPECT_NE(err.find("bad-cleanup"), std::string::npos) << err;
    EXPECT_NE(err.find("cleanup went wrong"), std::string::npos) << err;
}

Coro<int> nested_run() {
    try {
        (void)asyncio::run(forty_two());
    } catch (const asyncio::RuntimeError&) {
        co_return 1;
    }
    co_return 0;
}

TEST(Run, RunInsideARunningLoopIsRuntimeError) {
    // Python: "asyncio.run() cannot be called from a running event loop". Checked in a child
    // process, so that a crash fails this test alone.
    EXPECT_EXIT(
        {
            const int result = asyncio::run(nested_run());
            std::_Exit(result == 1 ? 0 : 1);
        },
        testing::ExitedWithCode(0), "");
}

// -- SIGINT --

volatile sig_atomic_t custom_sigint_calls = 0;
void custom_sigint(int) { custom_sigint_calls = custom_sigint_calls + 1; }

TEST(Run, RestoresTheSigintDispositionItFound) {
    struct sigaction mine {
    }, saved{};
    mine.sa_handler = &custom_sigint;
    sigemptyset(&mine.sa_mask);
    ::sigaction(SIGINT, &mine, &saved);

    EXPECT_EQ(asyncio::run(forty_two()), 42);
    struct sigaction now {};
    ::sigaction(SIGINT, nullptr, &now);
    EXPECT_EQ(now.sa_handler, &custom_sigint);

    ::sigaction(SIGINT, &saved, nullptr);
}

TEST(Run, WithoutHandleSigintLeavesSigintAlone) {
    struct sigaction mine {
    }, saved{};
    mine.sa_handler = &custom_sigint;
    sigemptyset(&mine.sa_mask);
    ::sigaction(SIGINT, &mine, &saved);
    custom_sigint_calls = 0;

    auto body = []() -> Coro<int> {
        struct sigaction during {};
        ::sigaction(SIGINT, nullptr, &during);
        EXPECT_EQ(during.sa_handler, &custom_sigint);
        co_await asyncio::sleep(0s);
        co_return 1;
    };
    EXPECT_EQ(asyncio::run(body(), {.handle_sigint = false}), 1);

    ::sigaction(SIGINT, &saved, nullptr);
}

// Runs `child` in a forked process and waits (bounded) for it to end. Returns the wait
// status; what the child wrote to `out` (its end of a pipe) is appended to `output`.
int run_in_child(void (*child)(int out), std::string* output) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2");
    std::fflush(nullptr);  // nothing buffered may be written twice
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork");
    if (pid == 0) {
        ::close(fds[0]);
        ::signal(SIGINT, SIG_DFL);
        child(fds[1]);
        std::_Exit(99);  // child() must not return
    }
    ::close(fds[1]);
    int status = 0;
    const auto deadline = Clock::now() + 20s;
    for (;;) {
        const pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid) break;
        if (Clock::now() > deadline) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            ADD_FAILURE() << "the child did not end in time";
            break;
        }
        std::this_thread::sleep_for(5ms);
    }
    char buf[256];
    ssize_t n;
    while ((n = ::read(fds[0], buf, sizeof buf)) > 0)
        output->append(buf, static_cast<std::size_t>(n));
    ::close(fds[0]);
    return status;
}

void write_to(int fd, const std::string& s) { (void)!::write(fd, s.data(), s.size()); }

Coro<> main_interrupted_by_ctrl_c(int out) {
    asyncio::get_running_loop().call_later(10ms, [] { ::raise(SIGINT); });
    try {
        co_await asyncio::sleep(1h);
    } catch (const asyncio::CancelledError&) {
        write_to(out, "main cleaned up\n");
        throw;
    }
    write_to(out, "main was not cancelled\n");
}

void child_interrupted(int out) {
    try {
        asyncio::run(main_interrupted_by_ctrl_c(out));
        write_to(out, "run returned\n");
        std::_Exit(2);
    } catch (const asyncio::CancelledError&) {
        write_to(out, "run threw CancelledError\n");
        std::_Exit(3);
    } catch (...) {
        write_to(out, "run threw\n");
        std::_Exit(4);
    }
}

TEST(Run, SigintCancelsTheMainTaskAndTheProcessDiesOfSigint) {
    std::string output;
    const int status = run_in_child(&child_interrupted, &output);
    EXPECT_TRUE(WIFSIGNALED(status)) << "status " << status << ", child said: " << output;
    if (WIFSIGNALED(status)) {
        EXPECT_EQ(WTERMSIG(status), SIGINT);  // the shell shows 130
    }
    EXPECT_EQ(output, "main cleaned up\n");
}

Coro<> main_swallowing_ctrl_c(int out) {
    asyncio::get_running_loop().call_later(10ms, [] { ::raise(SIGINT); });
    bool interrupted = false;
    try {
        co_await asyncio::sleep(1h);
    } catch (const asyncio::CancelledError&) {
        interrupted = true;
    }
    if (interrupted) {
        write_to(out, "first ctrl-c\n");
        ::raise(SIGINT);  // a second Ctrl-C ends the program at once
        write_to(out, "survived the second\n");
    }
    co_await asyncio::sleep(1h);
}

void child_interrupted_twice(int out) {
    try {
        asyncio::run(main_swallowing_ctrl_c(out));
    } catch (...) {
    }
    write_to(out, "run ended\n");
    std::_Exit(2);
}

TEST(Run, ASecondSigintEndsTheProcessAtOnce) {
    std::string output;
    const int status = run_in_child(&child_interrupted_twice, &output);
    EXPECT_TRUE(WIFSIGNALED(status)) << "status " << status << ", child said: " << output;
    if (WIFSIGNALED(status)) {
        EXPECT_EQ(WTERMSIG(status), SIGINT);
    }
    EXPECT_EQ(output, "first ctrl-c\n");
}

// -- what an unhandled error shows --

std::uint16_t refused_port = 0;  // set before the fork: a port nobody listens on

Coro<> connect_to_nobody() {
    auto streams = co_await asyncio::open_connection("127.0.0.1", refused_port);
}

Coro<> main_with_a_refused_child() {
    co_await asyncio::task_group([](asyncio::TaskGroup tg) {  // captures nothing
        tg.create_task(connect_to_nobody(), "connector");
    });
}

// A task group whose only child's connection is refused, and nobody catches the group: as in
// `int main() { return asyncio::run(main_()); }` (noexcept: GoogleTest would catch it).
void child_with_an_unhandled_group(int out) noexcept {
    ::dup2(out, STDERR_FILENO);
    asyncio::run(main_with_a_refused_child());
    std::_Exit(2);
}

TEST(Run, AnUnhandledGroupShowsEveryLeafsTypeAndMessage) {
    std::optional<asyncio::Socket> holder = asyncio_test::reserve("127.0.0.1", 0);
    ASSERT_TRUE(holder);
    refused_port = asyncio_test::port_of(*holder);
    std::string output;
    const int status = run_in_child(&child_with_an_unhandled_group, &output);
    EXPECT_TRUE(WIFSIGNALED(status)) << "status " << status << ", child said: " << output;
    const std::string expected =
        "unhandled errors in a TaskGroup (1 sub-exception)\n"
        "+-+---------------- 1 ----------------\n"
        "  | ConnectionRefusedError: connect to 127.0.0.1:" +
        std::to_string(refused_port) +
        ": Connection refused\n"
        "  +------------------------------------\n";
    EXPECT_NE(output.find(expected), std::string::npos) << output;
}

// -- debug mode --

void busy_wait(Clock::duration d) {
    const auto until = Clock::now() + d;
    while (Clock::now() < until) {
    }
}

Coro<> hog_the_loop() {
    busy_wait(150ms);  // a blocking call: nobody else can run meanwhile
    co_return;
}

Coro<> main_with_a_hog() {
    busy_wait(150ms);
    co_await asyncio::create_task(hog_the_loop(), "the-hog");
}

TEST(Run, DebugReportsAStepThatHoldsTheLoopWithTheTaskName) {
    testing::internal::CaptureStderr();
    EXPECT_EQ(asyncio::run(main_with_a_hog(), {.debug = true}), 0);
    const std::string err = testing::internal::GetCapturedStderr();
    EXPECT_NE(err.find("'main'"), std::string::npos) << err;
    EXPECT_NE(err.find("'the-hog'"), std::string::npos) << err;
    EXPECT_NE(err.find("held the loop"), std::string::npos) << err;
}

Coro<> quick() {
    co_await asyncio::sleep(0s);
    co_return;
}

TEST(Run, WithoutDebugNothingIsReported) {
    if (asyncio::detail::debug_mode()) GTEST_SKIP() << "ASYNCIO_DEBUG is set";
    testing::internal::CaptureStderr();
    EXPECT_EQ(asyncio::run(main_with_a_hog()), 0);
    { auto never_awaited = quick(); }
    const std::string err = testing::internal::GetCapturedStderr();
    EXPECT_EQ(err, "");
}

Coro<> main_forgetting_a_coro() {
    { auto forgotten = quick(); }  // created, never awaited: Python's "never awaited" warning
    co_await asyncio::sleep(0s);
}

TEST(Run, DebugReportsACoroThatWasNeverAwaited) {
    testing::internal::CaptureStderr();
    EXPECT_EQ(asyncio::run(main_forgetting_a_coro(), {.debug = true}), 0);
    const std::string err = testing::internal::GetCapturedStderr();
    EXPECT_NE(err.find("coroutine"), std::string::npos) << err;
    EXPECT_NE(err.find("awaited"), std::string::npos) << err;
}

TEST(Run, DebugModeOfOneRunDoesNotOutliveIt) {
    // Python: asyncio.run(main(), debug=True) turns debug on for that run's loop only.
    if (asyncio::detail::debug_mode()) GTEST_SKIP() << "ASYNCIO_DEBUG is set";
    EXPECT_EQ(asyncio::run(forty_two(), {.debug = true}), 42);
    asyncio::EventLoop next;
    EXPECT_FALSE(next.get_debug()) << "a later loop inherited the earlier run's debug mode";
    testing::internal::CaptureStderr();
    { auto never_awaited = quick(); }
    EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

}  // namespace
