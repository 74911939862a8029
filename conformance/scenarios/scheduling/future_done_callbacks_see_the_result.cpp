// A future's done callbacks run in a later turn, in the order added, each given the future;
// one added after completion also runs, queued behind them.
#include "conformance.hpp"

namespace future_done_callbacks_see_the_result {

using asyncio::Coro;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> scenario() {
    asyncio::Future<std::string> fut;
    fut.add_done_callback([](asyncio::Future<std::string> f) { trace("a sees", f.result()); });
    fut.add_done_callback([](asyncio::Future<std::string> f) { trace("b sees", f.result()); });
    fut.set_result("ok");
    trace("set_result returned");
    fut.add_done_callback([](asyncio::Future<std::string> f) { trace("late sees", f.result()); });
    co_await asyncio::sleep(0s);
    trace("main after one turn");
}

}  // namespace future_done_callbacks_see_the_result
