// Cancelling a task awaiting to_thread: the task sees CancelledError at once, while the call
// runs on to its end on its thread (its result is dropped).
#include <future>

#include "conformance.hpp"

namespace cancelled_to_thread_lets_the_call_finish {

using asyncio::Coro;
using conformance::describe;
using conformance::trace;

struct Shared {
    asyncio::EventLoop* loop;
    asyncio::Event started;
    asyncio::Event finished;
    std::shared_future<void> release;
};

std::string work(Shared* shared) {
    shared->loop->call_soon_threadsafe([shared] { shared->started.set(); });
    shared->release.wait();
    shared->loop->call_soon_threadsafe([shared] { shared->finished.set(); });
    return "dropped";
}

Coro<std::string> waiter(Shared* shared) {
    try {
        co_return co_await asyncio::to_thread(work, shared);
    } catch (const asyncio::CancelledError&) {
        trace("waiter sees", describe(std::current_exception()),
              "call finished:", shared->finished.is_set());
        throw;
    }
}

Coro<> scenario() {
    std::promise<void> release;
    Shared shared{&asyncio::get_running_loop(), {}, {}, release.get_future().share()};
    auto task = asyncio::create_task(waiter(&shared));
    co_await shared.started.wait();
    task.cancel("stop waiting");
    try {
        co_await task;
    } catch (const asyncio::CancelledError&) {
        trace("task cancelled:", task.cancelled());
    }
    trace("call finished yet:", shared.finished.is_set());
    release.set_value();
    co_await shared.finished.wait();
    trace("the call finished afterwards");
}

}  // namespace cancelled_to_thread_lets_the_call_finish
