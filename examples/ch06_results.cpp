// Chapter 6 of the course, "Getting results (and exceptions)".
//
// The ways to get what a coroutine returns, or what it threw, Python -> C++:
//   result = await task                       ->  co_await task
//   task.result(), task.exception()           ->  task.result(), task.exception()
//   await asyncio.gather(a, b)                ->  co_await asyncio::gather(a, b)   (a tuple)
//   await asyncio.gather(a, b,                ->  co_await asyncio::gather(
//                 return_exceptions=True)             asyncio::return_exceptions, a, b)
//   for f in asyncio.as_completed(aws):       ->  for (auto next : asyncio::as_completed(aws))
//       await f                                       co_await next;
//   except* ValueError (TaskGroup)            ->  catch (const asyncio::ExceptionGroup& eg)
//   await asyncio.wait_for(coro, 0.01)        ->  co_await asyncio::wait_for(coro, 10ms)
//
// An exception keeps its type all the way: whoever finally looks at a failure (co_await,
// result(), Outcome::value(), rethrowing an ExceptionGroup's member) can catch it by its own
// class. A cancellation is asyncio::CancelledError, which is not a std::exception.

#include <cctype>
#include <chrono>
#include <exception>
#include <iostream>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "asyncio/asyncio.hpp"

using namespace std::chrono_literals;
using asyncio::Coro;

namespace {

Coro<int> square(int x) {
    co_await asyncio::sleep(0s);
    co_return x* x;
}

Coro<std::string> shout(std::string text) {
    co_await asyncio::sleep(0s);
    for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    co_return text;
}

// int(text), the slow way: raises ValueError like Python's int('abc').
Coro<int> parse_int(std::string text) {
    co_await asyncio::sleep(0s);
    bool digits = !text.empty();
    for (char c : text) digits = digits && std::isdigit(static_cast<unsigned char>(c));
    if (!digits) {
        throw asyncio::ValueError("invalid literal for int() with base 10: '" + text + "'");
    }
    co_return std::stoi(text);
}

Coro<std::string> sleep_for(std::chrono::milliseconds delay) {
    co_await asyncio::sleep(delay);
    co_return "slept " + std::to_string(delay.count()) + " ms";
}

// Sleeps for a long time, and says so when it is cancelled.
Coro<> sleepy(std::string name) {
    try {
        co_await asyncio::sleep(10s);
    } catch (const asyncio::CancelledError&) {
        std::cout << name << ": cancelled\n";
        throw;
    }
}

// Sleeps for a long time; cancelled, its cleanup fails.
Coro<> upload(std::string name) {
    try {
        co_await asyncio::sleep(10s);
    } catch (const asyncio::CancelledError&) {
        std::cout << name << ": cancelled, cleaning up\n";
        throw std::runtime_error(name + ": cleanup failed: connection lost");
    }
}

// Python's f"{type(e).__name__}: {e}", for the kinds of exception this chapter raises.
std::string describe(const std::exception_ptr& e) {
    try {
        std::rethrow_exception(e);
    } catch (const asyncio::ValueError& error) {
        return std::string("ValueError: ") + error.what();
    } catch (const asyncio::TimeoutError&) {
        return "TimeoutError";
    } catch (const asyncio::CancelledError&) {
        return "CancelledError";
    } catch (const std::exception& error) {
        return std::string("RuntimeError: ") + error.what();
    }
    return "unknown";
}

Coro<> main_() {
    std::cout << "== (a) A task's result: co_await it, or task.result() once it is done\n";
    auto task = asyncio::create_task(square(7), "square");
    try {
        std::cout << task.result() << '\n';  // not reached: the task has not run yet
    } catch (const asyncio::InvalidStateError&) {
        std::cout << "task.result() before the task is done: InvalidStateError\n";
    }
    int value = co_await task;
    std::cout << "co_await task: " << value << '\n';
    std::cout << "task.done(): " << std::boolalpha << task.done()
              << ", task.result(): " << task.result() << '\n';

    std::cout << "== (b) gather: every result, in argument order\n";
    auto [number, text] = co_await asyncio::gather(square(5), shout("hello"));
    std::cout << "[" << number << ", '" << text << "']\n";

    std::cout << "== (c) gather with return_exceptions: a value or an exception for each\n";
    auto outcomes = co_await asyncio::gather(asyncio::return_exceptions, parse_int("12"),
                                             parse_int("abc"), square(3));
    std::apply(
        [](const auto&... outcome) {
            auto print = [](const auto& o) {
                if (o.has_value()) {
                    std::cout << "  value " << o.value() << '\n';
                } else {
                    std::cout << "  exception " << describe(o.exception()) << '\n';
                }
            };
            (print(outcome), ...);
        },
        outcomes);

    std::cout << "== (d) as_completed: results in the order the tasks finish\n";
    std::vector<Coro<std::string>> sleepers;
    sleepers.push_back(sleep_for(30ms));
    sleepers.push_back(sleep_for(10ms));
    sleepers.push_back(sleep_for(20ms));
    for (auto next : asyncio::as_completed(std::move(sleepers))) {
        std::string result = co_await next;
        std::cout << "  " << result << '\n';
    }

    std::cout << "== (e) A task group: every failure, each with its own type\n";
    try {
        co_await asyncio::task_group([&](asyncio::TaskGroup tg) -> Coro<> {
            tg.create_task(upload("upload"), "upload");
            tg.create_task(parse_int("forty-two"), "parse_int");
            co_return;
        });
    } catch (const asyncio::ExceptionGroup& eg) {
        std::cout << "caught: " << eg.str() << '\n';
        for (const std::exception_ptr& e : eg.exceptions()) {
            try {
                std::rethrow_exception(e);
            } catch (const asyncio::ValueError& error) {  // before its base, runtime_error
                std::cout << "  ValueError: " << error.what() << '\n';
            } catch (const std::runtime_error& error) {
                std::cout << "  RuntimeError: " << error.what() << '\n';
            }
        }
    }

    std::cout << "== (f) task.exception(), and a cancelled task\n";
    auto failed = asyncio::create_task(parse_int("x"), "parse_int");
    // Waits for it and raises nothing. (The list is named: g++ 12 rejects a braced list
    // inside a co_await expression, "array used as initializer".)
    std::vector<asyncio::Task<int>> to_wait{failed};
    co_await asyncio::wait(to_wait);
    std::cout << "failed.exception(): " << describe(failed.exception()) << '\n';
    auto sleeper = asyncio::create_task(sleepy("sleeper"), "sleeper");
    co_await asyncio::sleep(0s);  // let it start sleeping
    sleeper.cancel();
    try {
        co_await sleeper;
    } catch (const asyncio::CancelledError&) {
        std::cout << "co_await sleeper: CancelledError\n";
    }
    std::cout << "sleeper.cancelled(): " << sleeper.cancelled() << '\n';
    try {
        sleeper.exception();
    } catch (const asyncio::CancelledError&) {
        std::cout << "sleeper.exception(): CancelledError\n";
    }

    std::cout << "== (g) wait_for: a result in time, or TimeoutError\n";
    int squared = co_await asyncio::wait_for(square(6), 1s);
    std::cout << "wait_for(square(6), 1s): " << squared << '\n';
    try {
        co_await asyncio::wait_for(sleepy("sleepy"), 10ms);
    } catch (const asyncio::TimeoutError&) {
        std::cout << "wait_for(sleepy(), 10ms): TimeoutError\n";
    }
}

}  // namespace

// The chapter as a function, so that the course program (course.cpp) can run it too.
int ch06_results() { return asyncio::run(main_()); }

#ifndef ASYNCIO_COURSE
int main() { return ch06_results(); }
#endif
