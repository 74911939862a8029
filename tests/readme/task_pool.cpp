// task_pool.hpp: task_pool(limit, body) with a body that awaits submit(), a plain body, and
// map_bounded(limit, items, fn) in input order.
#include <asyncio/asyncio.hpp>

#include "check.hpp"

using namespace std::chrono_literals;

using Url = std::string;
using Page = std::size_t;

asyncio::Coro<Page> fetch(Url url) {
    co_await asyncio::sleep(1ms);
    co_return url.size();
}

asyncio::Coro<> main_() {
    const std::vector<Url> urls = {"a", "bb", "ccc", std::string(100, 'd')};
    std::vector<asyncio::Task<Page>> tasks;
    co_await asyncio::task_pool(10, [&](asyncio::TaskPool pool) -> asyncio::Coro<> {  // awaits
        for (const Url& url : urls) tasks.push_back(co_await pool.submit(fetch(url)));
    });  // here every child has finished
    expect(tasks.size() == 4 && tasks[3].result() == 100, "task_pool results");

    co_await asyncio::task_pool(2, [&](asyncio::TaskPool) {});  // a body that awaits nothing

    std::vector<Page> pages = co_await asyncio::map_bounded(10, urls, fetch);  // input order
    expect(pages == std::vector<Page>{1, 2, 3, 100}, "map_bounded in input order");
}

int main() { return asyncio::run(main_()); }
