// read(n) returns at most n bytes of what is buffered, without waiting for more; read(-1)
// reads to the end of the stream; read(0) gives b"" at once.
#include "conformance.hpp"

namespace read_n_returns_what_is_buffered {

using asyncio::Coro;
using conformance::repr;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> scenario() {
    asyncio::StreamReader reader;
    reader.feed_data("hello ");
    reader.feed_data("world");
    trace("read(0) gives", repr(co_await reader.read(0)));
    trace("read(3) gives", repr(co_await reader.read(3)));
    trace("read(100) gives", repr(co_await reader.read(100)));
    auto waiting = asyncio::create_task(reader.read(100));
    co_await asyncio::sleep(0s);
    trace("read(100) on an empty buffer waits:", !waiting.done());
    reader.feed_data("later");
    trace("then gives", repr(co_await waiting));
    reader.feed_data("abc");
    reader.feed_data("def");
    reader.feed_eof();
    trace("read(-1) gives", repr(co_await reader.read(-1)));
    trace("at_eof", reader.at_eof());
}

}  // namespace read_n_returns_what_is_buffered
