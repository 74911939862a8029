// Signal handlers on the loop (Python's add_signal_handler): run as callbacks, woken from
// other threads, previous dispositions restored.
#include <signal.h>

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "asyncio/core/coro.hpp"
#include "asyncio/core/task.hpp"
#include "asyncio/loop/event_loop.hpp"
#include "asyncio/loop/sleep.hpp"
#include "loop/loop_support.hpp"
#include "support/test_support.hpp"

namespace {

using asyncio::Clock;
using asyncio::Coro;
using asyncio::EventLoop;
using namespace asyncio_test;
using namespace asyncio_test::loop;
using namespace std::chrono_literals;

// -- signals --

volatile sig_atomic_t previous_handler_calls = 0;
void previous_handler(int) { previous_handler_calls = previous_handler_calls + 1; }

// Installs `previous_handler` for the signal for the test's duration, then puts back what
// was there before.
struct ScopedDisposition {
    int signal;
    struct sigaction saved {};
    explicit ScopedDisposition(int s) : signal(s) {
        struct sigaction action {};
        action.sa_handler = &previous_handler;
        sigemptyset(&action.sa_mask);
        ::sigaction(signal, &action, &saved);
        previous_handler_calls = 0;
    }
    ~ScopedDisposition() { ::sigaction(signal, &saved, nullptr); }
};

TEST(EventLoop, SignalHandlerRunsOnTheLoop) {
    ScopedDisposition guard(SIGUSR1);
    EventLoop loop;
    int calls = 0;
    EventLoop* running = nullptr;
    loop.add_signal_handler(SIGUSR1, [&] {
        ++calls;
        running = EventLoop::running();
        loop.stop();
    });
    loop.call_soon([] { ::raise(SIGUSR1); });
    safety_stop(loop);
    loop.run_forever();
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(running, &loop) << "the handler runs as an ordinary callback of the loop";
    EXPECT_EQ(previous_handler_calls, 0) << "the previous handler is replaced while installed";
    EXPECT_TRUE(loop.remove_signal_handler(SIGUSR1));
}

TEST(EventLoop, SignalFromAnotherThreadWakesTheLoop) {
    ScopedDisposition guard(SIGUSR1);
    EventLoop loop;
    bool safety = false;
    safety_stop(loop, &safety, 10s);
    bool handled = false;
    loop.add_signal_handler(SIGUSR1, [&] {
        handled = true;
        loop.stop();
    });
    std::thread helper([] {
        std::this_thread::sleep_for(50ms);
        ::raise(SIGUSR1);  // delivered to the helper thread, not the loop's
    });
    loop.run_forever();
    helper.join();
    EXPECT_TRUE(handled);
    EXPECT_FALSE(safety);
    loop.remove_signal_handler(SIGUSR1);
}

TEST(EventLoop, RemoveSignalHandlerRestoresThePreviousDisposition) {
    ScopedDisposition guard(SIGUSR1);
    EventLoop loop;
    EXPECT_FALSE(loop.remove_signal_handler(SIGUSR1)) << "none installed";
    bool handled = false;
    loop.add_signal_handler(SIGUSR1, [&] { handled = true; });
    EXPECT_TRUE(loop.remove_signal_handler(SIGUSR1));
    EXPECT_FALSE(loop.remove_signal_handler(SIGUSR1));

    struct sigaction now {};
    ::sigaction(SIGUSR1, nullptr, &now);
    EXPECT_EQ(now.sa_handler, &previous_handler);
    ::raise(SIGUSR1);
    EXPECT_EQ(previous_handler_calls, 1);

    loop.call_later(20ms, [&] { loop.stop(); });
    safety_stop(loop);
    loop.run_forever();
    EXPECT_FALSE(handled) << "a removed handler must not run";
}

TEST(EventLoop, ReplacingASignalHandlerKeepsTheOriginalDisposition) {
    ScopedDisposition guard(SIGUSR2);
    EventLoop loop;
    std::vector<std::string> log;
    loop.add_signal_handler(SIGUSR2, [&] { log.push_back("first"); });
    loop.add_signal_handler(SIGUSR2, [&] {
        log.push_back("second");
        loop.stop();
    });
    loop.call_soon([] { ::raise(SIGUSR2); });
    safety_stop(loop, nullptr, 2s);
    loop.run_forever();
    EXPECT_EQ(log, (std::vector<std::string>{"second"}));
    EXPECT_TRUE(loop.remove_signal_handler(SIGUSR2));
    struct sigaction now {};
    ::sigaction(SIGUSR2, nullptr, &now);
    EXPECT_EQ(now.sa_handler, &previous_handler);
}

TEST(EventLoop, DestroyingTheLoopRestoresSignalDispositions) {
    ScopedDisposition guard(SIGUSR1);
    {
        EventLoop loop;
        loop.add_signal_handler(SIGUSR1, [] {});
    }
    struct sigaction now {};
    ::sigaction(SIGUSR1, nullptr, &now);
    EXPECT_EQ(now.sa_handler, &previous_handler);
}

TEST(EventLoop, AddSignalHandlerRejectsInvalidSignals) {
    EventLoop loop;
    EXPECT_THROW(loop.add_signal_handler(SIGKILL, [] {}), asyncio::RuntimeError);
    EXPECT_THROW(loop.add_signal_handler(SIGSTOP, [] {}), asyncio::RuntimeError);
    EXPECT_THROW(loop.add_signal_handler(0, [] {}), asyncio::RuntimeError);
    EXPECT_THROW(loop.add_signal_handler(-1, [] {}), asyncio::RuntimeError);
    EXPECT_THROW(loop.add_signal_handler(100, [] {}), asyncio::RuntimeError);
}

}  // namespace
