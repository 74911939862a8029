// task_group.hpp: both body forms (a plain function that only starts tasks, a coroutine
// that awaits), and the ExceptionGroup of the README's table with handle<E>().
#include <asyncio/asyncio.hpp>

#include "check.hpp"

using namespace std::chrono_literals;

asyncio::Coro<int> fetch(int v) {
    co_await asyncio::sleep(1ms);
    co_return v;
}
asyncio::Coro<int> count() { co_return 7; }
asyncio::Coro<> fail(std::string message) {
    co_await asyncio::sleep(0s);
    throw asyncio::ValueError(message);
}

asyncio::Coro<> main_() {
    int a = 1, b = 2;
    std::vector<int> got;
    co_await asyncio::task_group([&](asyncio::TaskGroup tg) {
        tg.create_task(fetch(a));
        tg.create_task(fetch(b));
    });  // here every child has finished

    int n = co_await asyncio::task_group([&](asyncio::TaskGroup tg) -> asyncio::Coro<int> {
        tg.create_task(fetch(a));
        co_return co_await count();  // a body that awaits is a coroutine
    });
    expect(n == 7, "the coroutine body's value");

    std::vector<std::string> caught;
    try {
        co_await asyncio::task_group([&](asyncio::TaskGroup tg) { tg.create_task(fail("boom")); });
    } catch (const asyncio::ExceptionGroup& eg) {
        eg.handle<asyncio::ValueError>(
            [&](const asyncio::ValueError& e) { caught.push_back(e.what()); });
    }
    expect(caught == std::vector<std::string>{"boom"}, "except* ValueError");
}

int main() { return asyncio::run(main_()); }
