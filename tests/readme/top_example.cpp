// README.md's first example, verbatim.
#include <asyncio/asyncio.hpp>
#include <iostream>
using namespace std::chrono_literals;

asyncio::Coro<int> up(int maximum) {  // async def up(maximum) -> int
    for (int i = 0; i <= maximum; ++i) {
        std::cout << "up " << i << "\n";
        co_await asyncio::sleep(0s);  // let the others run
    }
    co_return maximum;
}

asyncio::Coro<> main_() {
    auto a = asyncio::create_task(up(3));  // starts on the loop's next turn
    auto b = asyncio::create_task(up(5));
    auto [x, y] = co_await asyncio::gather(a, b);
    std::cout << x << " " << y << "\n";
}

int main() { return asyncio::run(main_()); }
