// Whether a group holds a T anywhere (subgroup(T) is not None): a T nested two groups deep
// counts, and a base class matches its subclasses.
#include "conformance.hpp"

namespace contains_looks_at_every_depth {

using asyncio::Coro;
using asyncio::ExceptionGroup;
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
std::exception_ptr ep(E e) {
    return std::make_exception_ptr(std::move(e));
}

Coro<> scenario() {
    ExceptionGroup eg(
        "outer", {ep(asyncio::ValueError("v")),
                  ep(ExceptionGroup("mid", {ep(ExceptionGroup("deep", {ep(DbError("db"))}))}))});
    trace("ValueError", eg.contains<asyncio::ValueError>());
    trace("DbError", eg.contains<DbError>());
    trace("AppError", eg.contains<AppError>());
    trace("TimeoutError", eg.contains<asyncio::TimeoutError>());
    trace("TypeError", eg.contains<TypeError>());
    co_return;
}

}  // namespace contains_looks_at_every_depth
