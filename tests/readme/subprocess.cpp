// subprocess.hpp and README's "Subprocesses": communicate() through `sort -r`, then
// terminate(), wait_for(wait()) and kill() on a child.
#include <asyncio/asyncio.hpp>
#include <iostream>

#include "check.hpp"

using namespace std::chrono_literals;

asyncio::Coro<> main_() {
    auto proc = co_await asyncio::create_subprocess_exec(
        "sort", "-r", {.stdin = asyncio::PIPE, .stdout = asyncio::PIPE});
    auto [out, err] = co_await proc.communicate("apple\ncherry\nbanana\n");
    std::cout << out;                         // cherry, banana, apple
    std::cout << *proc.returncode() << "\n";  // 0

    auto sleeper = co_await asyncio::create_subprocess_exec("sleep", "60");
    sleeper.terminate();  // SIGTERM
    try {
        co_await asyncio::wait_for(sleeper.wait(), 5s);
    } catch (const asyncio::TimeoutError&) {  // it ignores SIGTERM: the child runs on
        sleeper.kill();                       // (no co_await inside a catch in C++)
    }
    co_await sleeper.wait();
    std::cout << *sleeper.returncode() << "\n";  // -15: ended by SIGTERM

    expect(out == "cherry\nbanana\napple\n", "sort -r gave '" + out + "'");
    expect(err.empty() && proc.returncode() == 0, "sort succeeded");
    expect(sleeper.returncode() == -15, "the sleeper ended by SIGTERM");

    // The header comment's spelling.
    auto sorter = co_await asyncio::create_subprocess_exec(
        "sort", "-r", {.stdin = asyncio::PIPE, .stdout = asyncio::PIPE});
    auto [sorted, ignored] = co_await sorter.communicate("b\na\nc\n");
    expect(sorted == "c\nb\na\n", "the header's example");
}

int main() { return asyncio::run(main_()); }
