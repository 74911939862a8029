// ExceptionGroup.subgroup(T) keeps the T exceptions at any depth, with the nesting; None when
// there is none.
#include "conformance.hpp"

namespace subgroup_selects_at_any_depth {

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
                  ep(ExceptionGroup("inner", {ep(DbError("b")),
                                              ep(ExceptionGroup("deep", {ep(AppError("c"))}))}))});
    trace("AppError:", show(eg.subgroup<AppError>()));
    trace("DbError:", show(eg.subgroup<DbError>()));
    trace("TimeoutError:", show(eg.subgroup<asyncio::TimeoutError>()));
    co_return;
}

}  // namespace subgroup_selects_at_any_depth
