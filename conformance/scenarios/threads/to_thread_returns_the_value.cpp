// to_thread(fn, *args) runs fn on another thread with the arguments and returns its value;
// the loop stays free meanwhile (a task runs while the call is under way).
#include <future>
#include <thread>

#include "conformance.hpp"

namespace to_thread_returns_the_value {

using asyncio::Coro;
using conformance::trace;

int work(int a, int b, std::shared_future<void> release) {
    release.wait();
    return a * b;
}

Coro<> other(std::promise<void>* release) {
    trace("another task runs meanwhile");
    release->set_value();
    co_return;
}

std::thread::id get_ident() { return std::this_thread::get_id(); }

Coro<> scenario() {
    const std::thread::id loop_thread = std::this_thread::get_id();
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    auto task = asyncio::create_task(other(&release));
    const int value = co_await asyncio::to_thread(work, 6, 7, released);
    trace("to_thread gives", value);
    const std::thread::id on = co_await asyncio::to_thread(get_ident);
    trace("ran on another thread:", on != loop_thread);
    co_await task;
}

}  // namespace to_thread_returns_the_value
