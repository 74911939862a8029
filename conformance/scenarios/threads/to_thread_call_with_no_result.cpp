// to_thread of a function returning nothing gives None once the call is done; its side
// effect is visible to the loop's thread afterwards.
#include "conformance.hpp"

namespace to_thread_call_with_no_result {

using asyncio::Coro;
using conformance::repr_list;
using conformance::trace;

void extend(std::vector<int>* seen) {
    for (int i = 1; i <= 3; ++i) seen->push_back(i);
}

Coro<> scenario() {
    std::vector<int> seen;
    co_await asyncio::to_thread(extend, &seen);
    trace("to_thread gives", "None", "and the list is", repr_list(seen));
}

}  // namespace to_thread_call_with_no_result
