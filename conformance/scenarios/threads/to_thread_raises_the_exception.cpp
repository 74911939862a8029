// An exception raised by the call on the thread is raised by the await of to_thread, with its
// type and message; the awaiting task can catch it and go on.
#include "conformance.hpp"

namespace to_thread_raises_the_exception {

using asyncio::Coro;
using conformance::describe;
using conformance::trace;

void failing(std::string text) { throw asyncio::ValueError("bad " + text); }

int lookup(std::string key) {
    if (key != "a") throw asyncio::RuntimeError("no key " + key);
    return 1;
}

Coro<> scenario() {
    try {
        co_await asyncio::to_thread(failing, std::string("input"));
    } catch (const asyncio::ValueError&) {
        trace("caught", describe(std::current_exception()));
    }
    try {
        co_await asyncio::to_thread(lookup, std::string("a"));
        trace("lookup a worked");
        co_await asyncio::to_thread(lookup, std::string("b"));
    } catch (const asyncio::RuntimeError&) {
        trace("caught", describe(std::current_exception()));
    }
    trace("main goes on");
}

}  // namespace to_thread_raises_the_exception
