// Two except* clauses: the first takes its type from the group, the second from what is left,
// and what neither takes is re-raised.
#include "conformance.hpp"

namespace two_except_star_clauses_in_turn {

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
    ExceptionGroup eg("batch",
                      {ep(TypeError("t1")), ep(asyncio::ValueError("v1")), ep(AppError("app")),
                       ep(asyncio::ValueError("v2")), ep(TypeError("t2"))});
    try {
        try {
            throw eg;
        } catch (const ExceptionGroup& caught) {
            try {
                caught.handle<asyncio::ValueError>([](const asyncio::ValueError& e) {
                    trace("ValueError clause:", describe(std::make_exception_ptr(e)));
                });
            } catch (const ExceptionGroup& left) {
                left.handle<TypeError>([](const TypeError& e) {
                    trace("TypeError clause:", describe(std::make_exception_ptr(e)));
                });
            }
        }
    } catch (const ExceptionGroup&) {
        trace("re-raised:", describe(std::current_exception()));
    }
    co_return;
}

}  // namespace two_except_star_clauses_in_turn
