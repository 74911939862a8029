// Splitting what a task group with a nested group raised: the TimeoutErrors, wherever they
// are, come out with the groups around them; the rest keeps its own nesting.
#include "conformance.hpp"

namespace split_task_group_errors_by_type {

using asyncio::Coro;
using asyncio::ExceptionGroup;
using conformance::describe;
using conformance::trace;
using namespace std::chrono_literals;

template <class E>
std::exception_ptr ep(E e) {
    return std::make_exception_ptr(std::move(e));
}

std::string show(const std::optional<ExceptionGroup>& group) {
    return group ? describe(ep(*group)) : "None";
}

template <class E>
Coro<> fail(std::chrono::milliseconds delay, E exc) {
    co_await asyncio::sleep(delay);
    throw exc;
}

template <class E>
Coro<> cleanup_fails(E exc) {
    bool cancelled = false;
    try {
        co_await asyncio::sleep(10s);
    } catch (const asyncio::CancelledError&) {
        cancelled = true;
    }
    if (cancelled) {
        co_await asyncio::sleep(100ms);
        throw exc;
    }
}

Coro<> inner() {
    co_await asyncio::task_group([](asyncio::TaskGroup tg) {
        tg.create_task(fail(1000ms, asyncio::TimeoutError("inner timeout")));
        tg.create_task(cleanup_fails(asyncio::ValueError("inner value")));
    });
}

Coro<> scenario() {
    try {
        co_await asyncio::task_group([](asyncio::TaskGroup tg) {
            tg.create_task(inner());
            tg.create_task(cleanup_fails(asyncio::TimeoutError("outer timeout")));
        });
    } catch (const ExceptionGroup& eg) {
        trace("raised:", describe(std::current_exception()));
        auto [timeouts, rest] = eg.split<asyncio::TimeoutError>();
        trace("timeouts:", show(timeouts));
        trace("rest:", show(rest));
    }
}

}  // namespace split_task_group_errors_by_type
