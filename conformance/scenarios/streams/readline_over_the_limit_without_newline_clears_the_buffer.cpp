// A line over the limit whose "\n" has not come: readline() raises ValueError and drops
// everything buffered; what arrives afterwards is read from its start.
#include "conformance.hpp"

namespace readline_over_the_limit_without_newline_clears_the_buffer {

using asyncio::Coro;
using conformance::describe;
using conformance::repr;
using conformance::trace;

Coro<> scenario() {
    asyncio::StreamReader reader(4);
    reader.feed_data("abcdefghij");
    try {
        const std::string line = co_await reader.readline();
        trace("readline gives", repr(line));
    } catch (const asyncio::ValueError&) {
        trace("readline raised", describe(std::current_exception()));
    }
    reader.feed_data("xy\nz");
    reader.feed_eof();
    trace("next readline gives", repr(co_await reader.readline()));
    trace("then", repr(co_await reader.readline()));
    const std::string last = co_await reader.readline();
    trace("then", repr(last), "at_eof", reader.at_eof());
}

}  // namespace readline_over_the_limit_without_newline_clears_the_buffer
