// wait_for(to_thread(...), 5) while the call is blocked: the timeout fires at 5 s
// (TimeoutError), the call itself goes on until released, and a later call works.
#include <future>

#include "conformance.hpp"

namespace wait_for_gives_up_on_a_blocked_thread {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

struct Shared {
    asyncio::EventLoop* loop;
    asyncio::Event finished;
    std::shared_future<void> release;
};

std::string blocked(Shared* shared) {
    shared->release.wait();
    shared->loop->call_soon_threadsafe([shared] { shared->finished.set(); });
    return "late";
}

std::string upper(std::string text) {
    for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

Coro<> scenario() {
    std::promise<void> release;
    Shared shared{&asyncio::get_running_loop(), {}, release.get_future().share()};
    try {
        co_await asyncio::wait_for(asyncio::to_thread(blocked, &shared), 5s);
    } catch (const asyncio::TimeoutError&) {
        trace("wait_for raised", describe(std::current_exception()), "at", elapsed());
    }
    release.set_value();
    co_await shared.finished.wait();
    trace("the call ended after its release at", elapsed());
    trace("next call gives", co_await asyncio::to_thread(upper, std::string("ok")));
}

}  // namespace wait_for_gives_up_on_a_blocked_thread
