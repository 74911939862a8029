// When except* handles every exception of the group, nothing is re-raised.
#include "conformance.hpp"

namespace except_star_handling_everything_raises_nothing {

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

Coro<> scenario() {
    ExceptionGroup eg("batch", {ep(asyncio::ValueError("x")),
                                ep(ExceptionGroup("sub", {ep(asyncio::ValueError("y"))}))});
    try {
        try {
            throw eg;
        } catch (const ExceptionGroup& caught) {
            caught.handle<asyncio::ValueError>([](const asyncio::ValueError& e) {
                trace("handled", describe(std::make_exception_ptr(e)));
            });
        }
        trace("nothing re-raised");
    } catch (const ExceptionGroup&) {
        trace("re-raised (not expected):", describe(std::current_exception()));
    }
    co_return;
}

}  // namespace except_star_handling_everything_raises_nothing
