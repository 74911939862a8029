// split() and subgroup() test the condition on the groups too, the outer one first: split by
// ExceptionGroup takes the whole group, whatever is inside it.
#include "conformance.hpp"

namespace split_by_a_group_class_matches_whole_groups {

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
        "outer", {ep(asyncio::ValueError("a")), ep(ExceptionGroup("inner", {ep(TypeError("b"))}))});
    auto [match, rest] = eg.split<ExceptionGroup>();
    trace("match:", show(match));
    trace("rest:", show(rest));
    trace("subgroup:", show(eg.subgroup<ExceptionGroup>()));
    co_return;
}

}  // namespace split_by_a_group_class_matches_whole_groups
