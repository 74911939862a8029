// Chapter 3 of the course, "Coroutines and tasks and `async def`": the exercise "async tasks".
//
// The words, Python -> C++:
//   async def up(maximum): ...      ->  asyncio::Coro<std::string> up(int maximum) { ... }
//   await asyncio.sleep(0)          ->  co_await asyncio::sleep(0s)
//   asyncio.create_task(up(4))      ->  asyncio::create_task(up(4), "up")
//   await task                      ->  co_await task
//   asyncio.run(main())             ->  asyncio::run(main_())
//
// As in Python, calling `up(4)` runs nothing: it makes a coroutine. create_task() puts it on
// the event loop, which gives each task a chance to run up to its next `co_await`, in turn,
// first come first served. `sleep(0s)` is "I'm done for now": the task goes to the back of
// the line, so the three tasks' lines come out intertwined, always in the same order.

#include <iostream>
#include <string>

#include "asyncio/asyncio.hpp"

using namespace std::chrono_literals;
using asyncio::Coro;

namespace {

// "`up` takes a single integer, `maximum`... it'll go from 0 up to `maximum`."
// (Coroutine functions take their parameters by value: the coroutine outlives the call.)
Coro<std::string> up(int maximum) {
    for (int i = 0; i <= maximum; ++i) {
        std::cout << "up " << i << '\n';
        co_await asyncio::sleep(0s);  // let the others run
    }
    co_return "up done";
}

// "`down` is the same thing, but starts with `maximum`, and goes down to 0."
Coro<std::string> down(int maximum) {
    for (int i = maximum; i >= 0; --i) {
        std::cout << "down " << i << '\n';
        co_await asyncio::sleep(0s);
    }
    co_return "down done";
}

// "`powers` takes a number, `n`, and returns (with each iteration) `n` to a new power up to 7."
Coro<std::string> powers(int n) {
    long long value = 1;
    for (int power = 0; power <= 7; ++power) {
        std::cout << n << " ** " << power << " = " << value << '\n';
        value *= n;
        co_await asyncio::sleep(0s);
    }
    co_return "powers done";
}

// "Write a `main` routine that schedules them all on the event loop as tasks", then
// "`await` all of them, and we should see their results intertwined."
Coro<> main_() {
    // Each task starts on the loop's next turn, not here: nothing is printed yet.
    auto up_task = asyncio::create_task(up(4), "up");
    auto down_task = asyncio::create_task(down(4), "down");
    auto powers_task = asyncio::create_task(powers(2), "powers");

    // While main waits for one task, all three run. Awaiting a task that is already done
    // does not wait at all.
    std::string up_result = co_await up_task;
    std::string down_result = co_await down_task;
    std::string powers_result = co_await powers_task;

    std::cout << up_task.get_name() << ": " << up_result << '\n';
    std::cout << down_task.get_name() << ": " << down_result << '\n';
    std::cout << powers_task.get_name() << ": " << powers_result << '\n';
}

}  // namespace

// The chapter as a function, so that the course program (course.cpp) can run it too.
int ch03_tasks() { return asyncio::run(main_()); }

#ifndef ASYNCIO_COURSE
int main() { return ch03_tasks(); }
#endif
