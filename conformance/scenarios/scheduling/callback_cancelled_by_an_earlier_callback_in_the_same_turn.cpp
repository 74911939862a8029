// A callback already in this turn's ready queue can still be cancelled by one that runs before
// it: the cancelled one is skipped; the ones after it run as planned.
#include "conformance.hpp"

namespace callback_cancelled_by_an_earlier_callback_in_the_same_turn {

using asyncio::Coro;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> scenario() {
    asyncio::EventLoop& loop = asyncio::get_running_loop();
    asyncio::Handle second;
    auto* handle = &second;
    loop.call_soon([handle] {
        trace("first cancels second");
        handle->cancel();
    });
    second = loop.call_soon([] { trace("second runs"); });
    loop.call_soon([] { trace("third runs"); });
    co_await asyncio::sleep(0s);
    trace("second cancelled() =", second.cancelled());
}

}  // namespace callback_cancelled_by_an_earlier_callback_in_the_same_turn
