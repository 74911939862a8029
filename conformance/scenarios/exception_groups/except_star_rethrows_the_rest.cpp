// except* ValueError handles the ValueErrors at any depth; the other exceptions are re-raised
// as a group with the original message and nesting, to the next handler.
#include "conformance.hpp"

namespace except_star_rethrows_the_rest {

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
    ExceptionGroup eg("batch", {ep(asyncio::ValueError("bad 1")), ep(TypeError("wrong")),
                                ep(ExceptionGroup("sub", {ep(asyncio::ValueError("bad 2")),
                                                          ep(asyncio::TimeoutError("slow"))}))});
    try {
        try {
            throw eg;
        } catch (const ExceptionGroup& caught) {
            caught.handle<asyncio::ValueError>([](const asyncio::ValueError& e) {
                trace("handled", describe(std::make_exception_ptr(e)));
            });
        }
    } catch (const ExceptionGroup&) {
        trace("re-raised:", describe(std::current_exception()));
    }
    co_return;
}

}  // namespace except_star_rethrows_the_rest
