// README.md's "Seeing inside a running program", verbatim, with checks of what it captures.
#include <asyncio/asyncio.hpp>
#include <csignal>

#include "check.hpp"
using namespace std::chrono_literals;

asyncio::Coro<> nap() { co_await asyncio::sleep(1h); }
asyncio::Coro<> child() { co_await asyncio::wait_for(nap(), 2h); }

asyncio::Coro<> main_() {
    co_await asyncio::task_group([](asyncio::TaskGroup tg) -> asyncio::Coro<> {
        auto kid = tg.create_task(child(), "kid");
        co_await asyncio::sleep(0s);     // the kid runs until it sleeps
        asyncio::print_call_graph(kid);  // its frames, and main awaiting it
        asyncio::dump_tasks();           // every task as a tree, on stderr
        const std::string text = asyncio::format_call_graph(kid);
        expect(text.find("in async nap()") != std::string::npos, "nap's frame");
        expect(text.find("in async asyncio::wait_for()") != std::string::npos, "wait_for's");
        expect(text.find("in async child()") != std::string::npos, "child's frame");
        expect(text.find("* Task(name='main'") != std::string::npos, "main awaits it");
        kid.cancel();
    });
}

// `kill -USR1 PID` prints the tree while the program runs.
int main() { return asyncio::run(main_(), {.dump_tasks_on = SIGUSR1}); }
