// split() when every exception matches gives (the whole group, None); when none does,
// (None, the whole group); the message is kept.
#include "conformance.hpp"

namespace split_with_everything_or_nothing_matching {

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
    ExceptionGroup eg("all values", {ep(asyncio::ValueError("a")),
                                     ep(ExceptionGroup("n", {ep(asyncio::ValueError("b"))}))});
    {
        auto [match, rest] = eg.split<asyncio::ValueError>();
        trace("all:", show(match), "|", show(rest));
    }
    {
        auto [match, rest] = eg.split<TypeError>();
        trace("none:", show(match), "|", show(rest));
    }
    co_return;
}

}  // namespace split_with_everything_or_nothing_matching
