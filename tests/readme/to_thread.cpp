// to_thread.hpp and README's table: to_thread(fn, args...), run_in_executor(pool, fn, args...)
// on a ThreadPool of one's own, a lambda owning memory named before the co_await (the
// spelling g++ 12 needs), and run_coroutine_threadsafe(coro, loop) from another thread.
#include <asyncio/asyncio.hpp>

#include <future>
#include <thread>

#include "check.hpp"

int add(int a, int b) { return a + b; }
std::string shout(std::string s) { return s + "!"; }
asyncio::Coro<int> on_the_loop(int v) { co_return v * 2; }

asyncio::Coro<> main_() {
    int sum = co_await asyncio::to_thread(add, 2, 3);
    expect(sum == 5, "to_thread(add, 2, 3)");
    std::string loud = co_await asyncio::to_thread(shout, std::string(200, 'a'));
    expect(loud.size() == 201, "to_thread with an owning argument");

    auto owning = [text = std::string(100, 'x')] { return text.size(); };  // named first
    std::size_t size = co_await asyncio::to_thread(owning);
    expect(size == 100, "a named owning lambda");

    asyncio::ThreadPool pool(2);
    int product = co_await asyncio::run_in_executor(
        pool, [](int x) { return x * 6; }, 7);
    expect(product == 42, "run_in_executor");

    asyncio::EventLoop& loop = asyncio::get_running_loop();
    auto from_thread = [&loop] {
        std::future<int> f = asyncio::run_coroutine_threadsafe(on_the_loop(21), loop);
        return f.get();
    };
    int doubled = co_await asyncio::to_thread(from_thread);
    expect(doubled == 42, "run_coroutine_threadsafe");
}

int main() { return asyncio::run(main_()); }
