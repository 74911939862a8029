// str() of a group is its message and the number of its direct sub-exceptions (a nested group
// counts as one); message and exceptions give the parts.
#include "conformance.hpp"

namespace group_str_counts_direct_members {

using asyncio::Coro;
using conformance::describe;
using conformance::trace;
using namespace std::chrono_literals;

template <class E>
std::exception_ptr ep(E e) {
    return std::make_exception_ptr(std::move(e));
}

Coro<> scenario() {
    asyncio::ExceptionGroup one("single", {ep(asyncio::ValueError("v"))});
    asyncio::ExceptionGroup nested(
        "outer", {ep(one), ep(asyncio::ValueError("w")),
                  ep(asyncio::ExceptionGroup("b", {ep(asyncio::TimeoutError())}))});
    trace("str:", one.str());
    trace("str:", nested.str());
    trace("message:", nested.message(), "direct:", nested.exceptions().size());
    trace("second:", describe(nested.exceptions()[1]));
    co_return;
}

}  // namespace group_str_counts_direct_members
