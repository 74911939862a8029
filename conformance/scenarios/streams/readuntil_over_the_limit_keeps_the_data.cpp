// readuntil() past the limit raises LimitOverrunError with `consumed`, and leaves the data in
// the buffer (unlike readline): a read afterwards gets all of it.
#include "conformance.hpp"

namespace readuntil_over_the_limit_keeps_the_data {

using asyncio::Coro;
using conformance::describe;
using conformance::repr;
using conformance::trace;

Coro<> scenario() {
    asyncio::StreamReader reader(5);
    reader.feed_data("abcdefgh;rest");
    reader.feed_eof();
    try {
        co_await reader.readuntil(";");
    } catch (const asyncio::LimitOverrunError& e) {
        trace("readuntil raised", describe(std::current_exception()), "consumed", e.consumed);
    }
    asyncio::StreamReader reader2(5);
    reader2.feed_data("abcdefghijk");
    try {
        co_await reader2.readuntil(";");
    } catch (const asyncio::LimitOverrunError& e) {
        trace("without separator:", describe(std::current_exception()), "consumed", e.consumed);
    }
    trace("read(-1) gives", repr(co_await reader.read()));
}

}  // namespace readuntil_over_the_limit_keeps_the_data
