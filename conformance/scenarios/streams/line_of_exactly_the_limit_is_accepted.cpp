// The limit bounds the bytes before the separator: a line of exactly `limit` bytes plus its
// "\n" is read whole; one byte more raises (here readuntil's LimitOverrunError, the data kept).
#include "conformance.hpp"

namespace line_of_exactly_the_limit_is_accepted {

using asyncio::Coro;
using conformance::describe;
using conformance::repr;
using conformance::trace;

Coro<> scenario() {
    asyncio::StreamReader reader(4);
    reader.feed_data("abcd\nabcde\n");
    reader.feed_eof();
    trace("readuntil gives", repr(co_await reader.readuntil("\n")));
    try {
        co_await reader.readuntil("\n");
    } catch (const asyncio::LimitOverrunError& e) {
        trace("readuntil raised", describe(std::current_exception()), "consumed", e.consumed);
    }
    trace("readexactly(6) gives", repr(co_await reader.readexactly(6)));
}

}  // namespace line_of_exactly_the_limit_is_accepted
