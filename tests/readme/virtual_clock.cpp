// virtual_clock.hpp: the README's test of a 30-second timeout on a virtual clock, and jump().
#include <asyncio/asyncio.hpp>

#include "check.hpp"

using namespace std::chrono_literals;

asyncio::Coro<> slow_server() { co_await asyncio::sleep(1h); }

asyncio::Coro<> main_(asyncio::VirtualClock clock) {
    const auto start = asyncio::get_running_loop().time();
    bool timed_out = false;
    try {
        co_await asyncio::wait_for(slow_server(), 30s);
    } catch (const asyncio::TimeoutError&) {
        timed_out = true;
    }
    expect(timed_out, "wait_for raised TimeoutError");
    expect(asyncio::get_running_loop().time() - start == 30s, "exactly 30 virtual seconds passed");
    clock.jump(5s);
    expect(asyncio::get_running_loop().time() - start == 35s, "jump() moved the time");
}

int main() {
    asyncio::VirtualClock clock;
    asyncio::run(main_(clock), {.clock = clock});
    return asyncio::run(slow_server(), {.clock = asyncio::VirtualClock()});  // an hour, at once
}
