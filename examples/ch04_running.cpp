// Chapter 4 of the course, "Running coroutines and `await`".
//
// "We don't run coroutines directly!" Calling an `async def` function (here, a function
// returning asyncio::Coro<T>) only makes a coroutine. It runs when something drives it:
//   - `co_await coro` runs it inline, right now, in the current task (Python: `await coro`);
//     the awaiting task continues when it has finished, with its value;
//   - `asyncio::create_task(coro)` puts it on the event loop as a task of its own, which
//     starts on the loop's next turn, while the creating task carries on;
//   - `asyncio::gather(a, b, c)` makes each one a task and waits for all of them.
// An exception thrown in a coroutine or task comes out at the `co_await` that waits for it.

#include <cctype>
#include <iostream>
#include <stdexcept>
#include <string>

#include "asyncio/asyncio.hpp"

using namespace std::chrono_literals;
using asyncio::Coro;

namespace {

// async def hello():
//     print('Hello!')
Coro<> hello() {
    std::cout << "Hello!\n";
    co_return;
}

// A coroutine with one pause in the middle, to show who runs when.
Coro<> two_steps(std::string name) {
    std::cout << name << ": first step\n";
    co_await asyncio::sleep(0s);  // "I'm done for now"
    std::cout << name << ": second step\n";
}

Coro<int> square(int x) {
    co_await asyncio::sleep(0s);  // the three take turns here
    const int squared = x * x;
    co_return squared;
}

// int(text), the slow way: raises like Python's int('abc').
Coro<int> parse_int(std::string text) {
    co_await asyncio::sleep(0s);
    bool digits = !text.empty();
    for (char c : text) digits = digits && std::isdigit(static_cast<unsigned char>(c));
    if (!digits) {
        throw std::invalid_argument("invalid literal for int() with base 10: '" + text + "'");
    }
    co_return std::stoi(text);
}

Coro<> main_() {
    std::cout << "== A coroutine runs only when it is awaited\n";
    // In [19]: hello()  ->  <coroutine object hello at 0x...>: nothing is printed.
    Coro<> coro = hello();
    std::cout << "hello() made a coroutine; nothing ran yet\n";
    co_await coro;  // now it runs, and prints
    std::cout << "awaited it\n";

    std::cout << "== co_await runs a coroutine inline, now\n";
    std::cout << "main: before co_await\n";
    co_await two_steps("inline");  // main waits here until both steps are done
    std::cout << "main: after co_await\n";

    std::cout << "== create_task starts it on the loop's next turn\n";
    auto task = asyncio::create_task(two_steps("task"), "two_steps");
    std::cout << "main: task created, nothing ran yet\n";
    co_await asyncio::sleep(0s);  // one turn of the loop: the task takes its first step
    std::cout << "main: after one turn\n";
    co_await task;  // waits for the rest
    std::cout << "main: the task is done: " << std::boolalpha << task.done() << '\n';

    std::cout << "== gather: run coroutines concurrently, results in argument order\n";
    auto [a, b, c] = co_await asyncio::gather(square(2), square(3), square(4));
    std::cout << "(" << a << ", " << b << ", " << c << ")\n";

    std::cout << "== An exception comes out at the co_await\n";
    auto failing = asyncio::create_task(parse_int("abc"), "parse_int");
    try {
        int value = co_await failing;
        std::cout << "parsed " << value << '\n';  // not reached
    } catch (const std::invalid_argument& e) {
        std::cout << "caught from task '" << failing.get_name() << "': " << e.what() << '\n';
    }
    int parsed = co_await parse_int("42");  // good input: the value comes out instead
    std::cout << "parse_int(\"42\") = " << parsed << '\n';
}

}  // namespace

// The chapter as a function, so that the course program (course.cpp) can run it too.
int ch04_running() { return asyncio::run(main_()); }

#ifndef ASYNCIO_COURSE
int main() { return ch04_running(); }
#endif
