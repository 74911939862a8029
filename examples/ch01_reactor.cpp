// Chapter 1 of the course, "What is (and isn't?) `asyncio`": the reactor pattern.
//
// "You have a list of functions. You iterate over that list, giving each function a chance to
// run. Every so often, the function says, 'I'm done for now,' and gives up control of the CPU
// (and then the next function runs). When a function completes, it removes itself from this
// list."
//
// That list is the event loop's ready queue. Here it is with plain callbacks, the low-level
// way (Python: loop = asyncio.new_event_loop(); loop.call_soon(fn); loop.run_forever()).
// A function "gives up control" by returning after scheduling its next step with call_soon;
// it "removes itself" by not scheduling one. Everyday code never does this by hand: later
// chapters write coroutines, and the loop does the bookkeeping.

#include <iostream>
#include <string>

#include "asyncio/asyncio.hpp"

namespace {

struct Reactor {
    asyncio::EventLoop loop;
    int unfinished = 0;  // functions still on the list

    // One step of a function that needs `steps` chances to run.
    void work(std::string name, int steps, int step) {
        std::cout << name << ": step " << step << " of " << steps << '\n';
        if (step < steps) {
            // "I'm done for now": back to the end of the line.
            loop.call_soon([this, name, steps, step] { work(name, steps, step + 1); });
            return;
        }
        std::cout << name << ": finished\n";
        if (--unfinished == 0) loop.stop();  // the list is empty
    }

    void add(std::string name, int steps) {
        ++unfinished;
        loop.call_soon([this, name, steps] { work(name, steps, 1); });
    }
};

}  // namespace

// The chapter as a function, so that the course program (course.cpp) can run it too.
int ch01_reactor() {
    Reactor reactor;
    reactor.add("A", 3);
    reactor.add("B", 1);
    reactor.add("C", 2);
    reactor.loop.run_forever();  // "so long as there are functions on the list, run them"
    reactor.loop.close();
    std::cout << "The list is empty: the loop stopped.\n";
    return 0;
}

#ifndef ASYNCIO_COURSE
int main() { return ch01_reactor(); }
#endif
