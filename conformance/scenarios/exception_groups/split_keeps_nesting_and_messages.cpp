// ExceptionGroup.split(T) looks at every exception at any depth and returns two groups with the
// same nesting and the same messages: the T ones and the others; a nested group left empty on
// one side is dropped from it.
#include "conformance.hpp"

namespace split_keeps_nesting_and_messages {

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
std::exception_ptr ep(E e) {
    return std::make_exception_ptr(std::move(e));
}

std::string show(const std::optional<ExceptionGroup>& group) {
    return group ? describe(ep(*group)) : "None";
}

Coro<> scenario() {
    ExceptionGroup eg(
        "outer", {ep(asyncio::ValueError("a")),
                  ep(ExceptionGroup("inner", {ep(AppError("b")), ep(asyncio::ValueError("c"))})),
                  ep(ExceptionGroup("only apps", {ep(AppError("d"))})), ep(AppError("e"))});
    auto [match, rest] = eg.split<asyncio::ValueError>();
    trace("match:", show(match));
    trace("rest:", show(rest));
    trace("original:", describe(ep(eg)));
    co_return;
}

}  // namespace split_keeps_nesting_and_messages
