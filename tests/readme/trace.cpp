// README, "A timeline trace": RunOptions::trace, and EventLoop::start_trace / stop_trace on a
// loop a program drives itself; each writes a JSON document with the task's step in it.
#include <asyncio/asyncio.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "check.hpp"

using namespace std::chrono_literals;

asyncio::Coro<> work() { co_await asyncio::sleep(1ms); }

std::string read(const std::string& path) {
    std::ifstream file(path);
    std::stringstream text;
    text << file.rdbuf();
    std::remove(path.c_str());
    return text.str();
}

int main() {
    asyncio::run(work(), {.trace = "run.json"});  // or ASYNCIO_TRACE=run.json

    asyncio::EventLoop loop;
    loop.start_trace("loop.json");  // std::system_error if the file cannot be written
    loop.run_until_complete(work());
    loop.stop_trace();  // close() stops it too

    const std::string run = read("run.json"), own = read("loop.json");
    expect(run.find("\"traceEvents\":[") != std::string::npos, "run's trace is a trace");
    expect(run.find("\"name\":\"main\",\"cat\":\"step\"") != std::string::npos,
           "run's trace has main's steps");
    expect(own.find("\"name\":\"timer fired\"") != std::string::npos, "the loop's trace");
    expect(own.substr(own.size() - 4) == "\n]}\n", "the loop's trace is closed");
}
