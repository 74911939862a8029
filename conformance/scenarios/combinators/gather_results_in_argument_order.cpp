// gather() returns the results in the order of its arguments, not the order the children
// finish in; the children start in argument order, on the loop's next turn.
#include "conformance.hpp"

namespace gather_results_in_argument_order {

using asyncio::Coro;
using conformance::elapsed;
using conformance::repr_list;
using conformance::trace;
using namespace std::chrono_literals;

Coro<std::string> child(std::string name, std::chrono::seconds delay) {
    trace(name, "starts at", elapsed());
    co_await asyncio::sleep(delay);
    trace(name, "finishes at", elapsed());
    co_return name;
}

Coro<> scenario() {
    auto [a, b, c] = co_await asyncio::gather(child("a", 3s), child("b", 1s), child("c", 2s));
    trace("gather gave", repr_list(std::vector<std::string>{a, b, c}), "at", elapsed());
}

}  // namespace gather_results_in_argument_order
