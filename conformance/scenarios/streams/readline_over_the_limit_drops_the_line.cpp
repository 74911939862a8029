// A line longer than the reader's limit: readline() raises ValueError (Python turns the
// LimitOverrunError into one) and drops that line, up to and including its "\n"; the next
// line is read as usual.
#include "conformance.hpp"

namespace readline_over_the_limit_drops_the_line {

using asyncio::Coro;
using conformance::describe;
using conformance::repr;
using conformance::trace;

Coro<> scenario() {
    asyncio::StreamReader reader(8);
    reader.feed_data("0123456789abc\nshort\n");
    reader.feed_eof();
    try {
        const std::string line = co_await reader.readline();
        trace("readline gives", repr(line));
    } catch (const asyncio::ValueError&) {
        trace("readline raised", describe(std::current_exception()));
    }
    trace("next readline gives", repr(co_await reader.readline()));
    const std::string then = co_await reader.readline();
    trace("then", repr(then), "at_eof", reader.at_eof());
}

}  // namespace readline_over_the_limit_drops_the_line
