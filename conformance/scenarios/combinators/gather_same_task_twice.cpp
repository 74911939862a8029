// gather() given the same task twice waits for it once and puts its result in both places.
#include "conformance.hpp"

namespace gather_same_task_twice {

using asyncio::Coro;
using conformance::elapsed;
using conformance::repr_list;
using conformance::trace;
using namespace std::chrono_literals;

Coro<std::string> child(std::string name, std::chrono::seconds delay) {
    co_await asyncio::sleep(delay);
    trace(name, "finishes at", elapsed());
    co_return name;
}

Coro<> scenario() {
    auto a = asyncio::create_task(child("a", 2s));
    auto b = asyncio::create_task(child("b", 1s));
    auto [x, y, z] = co_await asyncio::gather(a, b, a);
    trace("gather gave", repr_list(std::vector<std::string>{x, y, z}), "at", elapsed());
}

}  // namespace gather_same_task_twice
