// except* on what a task group raised: the handler gets the ValueErrors, and the group of the
// other failures, with the task group's message, goes on to the next handler.
#include "conformance.hpp"

namespace except_star_on_task_group_errors {

using asyncio::Coro;
using conformance::describe;
using conformance::trace;
using namespace std::chrono_literals;

template <class E>
Coro<> fail(std::chrono::milliseconds delay, E exc) {
    co_await asyncio::sleep(delay);
    throw exc;
}

template <class E>
Coro<> cleanup_fails(std::chrono::milliseconds delay, E exc) {
    bool cancelled = false;
    try {
        co_await asyncio::sleep(10s);
    } catch (const asyncio::CancelledError&) {
        cancelled = true;
    }
    if (cancelled) {
        co_await asyncio::sleep(delay);
        throw exc;
    }
}

Coro<> scenario() {
    std::optional<asyncio::ExceptionGroup> raised;
    try {
        co_await asyncio::task_group([](asyncio::TaskGroup tg) {
            tg.create_task(fail(1000ms, asyncio::ValueError("v1")));
            tg.create_task(cleanup_fails(100ms, asyncio::TimeoutError("t")));
            tg.create_task(cleanup_fails(200ms, asyncio::ValueError("v2")));
        });
    } catch (const asyncio::ExceptionGroup& eg) {
        raised = eg;
    }
    try {
        if (raised) {
            raised->handle<asyncio::ValueError>([](const asyncio::ValueError& e) {
                trace("handled", describe(std::make_exception_ptr(e)));
            });
        }
    } catch (const asyncio::ExceptionGroup& rest) {
        trace("left:", describe(std::current_exception()), "str:", rest.str());
    }
}

}  // namespace except_star_on_task_group_errors
