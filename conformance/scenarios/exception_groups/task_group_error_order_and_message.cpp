// A task group's ExceptionGroup: the message is 'unhandled errors in a TaskGroup', str() adds
// the count, and the sub-exceptions come in the order the children failed, not the order they
// were created.
#include "conformance.hpp"

namespace task_group_error_order_and_message {

using asyncio::Coro;
using asyncio::ExceptionGroup;
using conformance::describe;
using conformance::trace;
using namespace std::chrono_literals;

struct AppError : asyncio::Error {
    using Error::Error;
};
struct DbError : AppError {
    using AppError::AppError;
};
struct TypeError : asyncio::Error {
    using Error::Error;
};

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
    try {
        co_await asyncio::task_group([](asyncio::TaskGroup tg) {
            tg.create_task(cleanup_fails(200ms, TypeError("late, created first")));
            tg.create_task(cleanup_fails(100ms, asyncio::TimeoutError("second")));
            tg.create_task(fail(1000ms, asyncio::ValueError("first")));
        });
    } catch (const ExceptionGroup& eg) {
        trace("message:", eg.message());
        trace("str:", eg.str());
        trace("count:", eg.exceptions().size());
        for (std::size_t i = 0; i < eg.exceptions().size(); ++i)
            trace(i, describe(eg.exceptions()[i]));
    }
}

}  // namespace task_group_error_order_and_message
