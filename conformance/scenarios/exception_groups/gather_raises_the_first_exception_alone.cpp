// gather() makes no group: the first exception propagates alone, at once, and the other
// awaitables keep running (their own failure later is not raised anywhere).
#include "conformance.hpp"

namespace gather_raises_the_first_exception_alone {

using asyncio::Coro;
using asyncio::ExceptionGroup;
using conformance::describe;
using conformance::elapsed;
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
Coro<int> fail(std::chrono::seconds delay, E exc) {
    co_await asyncio::sleep(delay);
    trace("raising", describe(std::make_exception_ptr(exc)), "at", elapsed());
    throw exc;
}

Coro<int> ok(std::chrono::seconds delay) {
    co_await asyncio::sleep(delay);
    trace("ok finished at", elapsed());
    co_return static_cast<int>(delay.count());
}

Coro<> scenario() {
    try {
        co_await asyncio::gather(fail(1s, asyncio::ValueError("first")),
                                 fail(2s, TypeError("second")), ok(3s));
    } catch (const std::exception& e) {
        const bool group = dynamic_cast<const ExceptionGroup*>(&e) != nullptr;
        trace("gather raised", describe(std::current_exception()), "at", elapsed(),
              "a group:", group);
    }
    co_await asyncio::sleep(5s);
    trace("done at", elapsed());
}

}  // namespace gather_raises_the_first_exception_alone
