// gather(return_exceptions=True) waits for every child and gives each outcome, value or
// exception, in argument order; nothing is raised.
#include "conformance.hpp"

namespace gather_return_exceptions_keeps_order {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<std::string> child(std::string name, std::chrono::milliseconds delay, bool fail) {
    co_await asyncio::sleep(delay);
    if (fail) {
        if (name == "b") throw asyncio::RuntimeError(name);
        throw asyncio::ValueError(name);
    }
    co_return name;
}

Coro<> scenario() {
    std::vector<Coro<std::string>> children;
    children.push_back(child("a", 3000ms, false));
    children.push_back(child("b", 1000ms, true));
    children.push_back(child("c", 2000ms, true));
    children.push_back(child("d", 500ms, false));
    auto outcomes = co_await asyncio::gather(asyncio::return_exceptions, std::move(children));
    trace("gather returned at", elapsed());
    for (auto& outcome : outcomes) {
        if (outcome.has_exception())
            trace("exception", describe(outcome.exception()));
        else
            trace("value", outcome.value());
    }
}

}  // namespace gather_return_exceptions_keeps_order
