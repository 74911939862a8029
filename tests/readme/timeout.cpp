// timeout.hpp: timeout(d, block) with a block taking nothing and one taking the Timeout
// handle (reschedule), a plain block, timeout_at, and wait_for(aw, d), each inline in the
// co_await.
#include <asyncio/asyncio.hpp>

#include "check.hpp"

using namespace std::chrono_literals;

asyncio::Coro<> long_running() { co_await asyncio::sleep(1h); }
asyncio::Coro<int> fetch() {
    co_await asyncio::sleep(1ms);
    co_return 5;
}

asyncio::Coro<> main_() {
    bool timed_out = false;
    try {
        co_await asyncio::timeout(10ms, [&]() -> asyncio::Coro<> {  // async with timeout(..):
            co_await long_running();
        });
    } catch (const asyncio::TimeoutError&) {
        timed_out = true;
    }
    expect(timed_out, "timeout() raised TimeoutError");

    co_await asyncio::timeout(10s, [&](asyncio::Timeout cm) -> asyncio::Coro<> {
        cm.reschedule(asyncio::get_running_loop().time() + 20s);  // move the deadline
        co_await asyncio::sleep(1ms);
    });

    int plain = co_await asyncio::timeout(10s, [&] { return 3; });  // a block that only computes
    expect(plain == 3, "a plain block's value");

    const auto deadline = asyncio::get_running_loop().time() + 10s;
    int at = co_await asyncio::timeout_at(
        deadline, [&]() -> asyncio::Coro<int> { co_return co_await fetch(); });
    expect(at == 5, "timeout_at");

    int v = co_await asyncio::wait_for(fetch(), 2s);  // one awaitable
    expect(v == 5, "wait_for");
    timed_out = false;
    try {
        co_await asyncio::wait_for(long_running(), 5ms);
    } catch (const asyncio::TimeoutError&) {
        timed_out = true;
    }
    expect(timed_out, "wait_for raised TimeoutError");
}

int main() { return asyncio::run(main_()); }
