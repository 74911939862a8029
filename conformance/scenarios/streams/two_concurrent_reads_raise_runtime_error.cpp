// Only one task may wait on a reader: a second read while the first waits raises
// RuntimeError at once; the first one still gets the data.
#include "conformance.hpp"

namespace two_concurrent_reads_raise_runtime_error {

using asyncio::Coro;
using conformance::describe;
using conformance::repr;
using conformance::trace;
using namespace std::chrono_literals;

Coro<std::string> readline_of(asyncio::StreamReader* reader) {
    co_return co_await reader->readline();
}

Coro<> scenario() {
    asyncio::StreamReader reader;
    auto first = asyncio::create_task(readline_of(&reader));
    co_await asyncio::sleep(0s);
    try {
        co_await reader.read(10);
    } catch (const asyncio::RuntimeError&) {
        trace("second read raised", describe(std::current_exception()));
    }
    reader.feed_data("line\n");
    trace("first read gives", repr(co_await first));
}

}  // namespace two_concurrent_reads_raise_runtime_error
