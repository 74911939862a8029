// gather.hpp: the tuple form, the range form, return_exceptions; create_task with a name.
#include <asyncio/asyncio.hpp>

#include "check.hpp"

using namespace std::chrono_literals;

asyncio::Coro<int> fetch(int x) {
    co_await asyncio::sleep(1ms);
    co_return x * 10;
}
asyncio::Coro<int> f() { co_return 1; }
asyncio::Coro<int> g() {
    co_await asyncio::sleep(0s);
    throw asyncio::ValueError("g failed");
}

asyncio::Coro<> main_() {
    auto [a, b] = co_await asyncio::gather(fetch(1), fetch(2));  // std::tuple
    expect(a == 10 && b == 20, "tuple form");

    std::vector<asyncio::Coro<int>> coros;
    for (int i = 0; i < 3; ++i) coros.push_back(fetch(i));
    std::vector<int> all = co_await asyncio::gather(std::move(coros));  // range form
    expect(all == std::vector<int>{0, 10, 20}, "range form");

    auto outcomes = co_await asyncio::gather(asyncio::return_exceptions, f(), g());
    expect(std::get<0>(outcomes).value() == 1, "first outcome");
    expect(std::get<1>(outcomes).exception() != nullptr, "second outcome failed");

    auto task = asyncio::create_task(fetch(4), "fetcher");
    expect(task.get_name() == "fetcher", "task name");
    auto [t] = co_await asyncio::gather(task);
    expect(t == 40, "gather of a task");
}

int main() { return asyncio::run(main_()); }
