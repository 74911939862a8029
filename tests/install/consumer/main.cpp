// A program outside the project, built against the installed library.
#include <asyncio/asyncio.hpp>
#include <chrono>
#include <iostream>

using namespace std::chrono_literals;

asyncio::Coro<int> answer() {
    co_await asyncio::sleep(1ms);
    co_return 42;
}

int main() {
    std::cout << asyncio::run(answer()) << "\n";
    return 0;
}
