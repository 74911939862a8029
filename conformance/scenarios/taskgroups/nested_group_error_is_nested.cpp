// A failure inside an inner group reaches the outer group as the inner ExceptionGroup, nested
// as one sub-exception next to the outer children's own failures.
#include "conformance.hpp"

namespace nested_group_error_is_nested {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::kind;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> failing(std::string name, std::chrono::seconds delay) {
    co_await asyncio::sleep(delay);
    trace(name, "fails at", elapsed());
    throw asyncio::ValueError(name);
}

Coro<> idle() { co_await asyncio::sleep(10s); }  // Python's asyncio.sleep(10) as a task

Coro<> inner_group() {
    co_await asyncio::task_group([](asyncio::TaskGroup tg) {
        tg.create_task(failing("inner", 1s));
        tg.create_task(idle());
    });
}

Coro<> outer_child() {
    bool cancelled = false;
    try {
        co_await asyncio::sleep(10s);
    } catch (const asyncio::CancelledError&) {
        trace("outer sibling cancelled at", elapsed());
        cancelled = true;
    }
    if (cancelled) throw asyncio::ValueError("outer sibling");
}

Coro<> scenario() {
    try {
        co_await asyncio::task_group([](asyncio::TaskGroup tg) {
            tg.create_task(inner_group());
            tg.create_task(outer_child());
        });
    } catch (const asyncio::ExceptionGroup& eg) {
        trace("caught", describe(std::current_exception()), "at", elapsed());
        bool first_is_group = false;
        try {
            std::rethrow_exception(eg.exceptions().at(0));
        } catch (const asyncio::ExceptionGroup&) {
            first_is_group = true;
        } catch (...) {
        }
        trace("first is a group:", first_is_group);
    }
}

}  // namespace nested_group_error_is_nested
