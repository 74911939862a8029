// The timeline trace (EventLoop::start_trace, RunOptions::trace, ASYNCIO_TRACE): a small
// program is run with a trace, and the file is read back as a user's viewer would: a slice per
// step named after its task, balanced slices, task creation and completion with their
// outcomes, a timer scheduled and cancelled, a cancellation with its message, a wait on a
// socketpair and the readiness that ends it, arrows into the steps they cause.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <system_error>
#include <vector>

#include "asyncio/core/coro.hpp"
#include "asyncio/core/errors.hpp"
#include "asyncio/core/task.hpp"
#include "asyncio/loop/event_loop.hpp"
#include "asyncio/loop/run.hpp"
#include "asyncio/loop/sleep.hpp"
#include "asyncio/net/socket.hpp"

namespace {

using asyncio::Coro;
using nlohmann::json;
using namespace std::chrono_literals;

std::string trace_path(const char* name) {
    return ::testing::TempDir() + "asyncio_trace_" + name + "_" + std::to_string(::getpid()) +
           ".json";
}

json read_trace(const std::string& path) {
    std::ifstream file(path);
    EXPECT_TRUE(file.good()) << path;
    json trace = json::parse(file);  // throws (fails the test) if it is not JSON
    std::remove(path.c_str());
    return trace;
}

std::vector<json> events_where(const json& trace, const std::string& ph,
                               const std::string& name = {}) {
    std::vector<json> found;
    for (const json& e : trace["traceEvents"]) {
        if (e["ph"] == ph && (name.empty() || e.value("name", "") == name)) found.push_back(e);
    }
    return found;
}

// A slice: one "X" event with its duration, or a "B" (its "E" follows).
std::vector<json> slices(const json& trace, const std::string& name = {}) {
    std::vector<json> found = events_where(trace, "X", name);
    for (const json& e : events_where(trace, "B", name)) found.push_back(e);
    return found;
}

// The program every test traces: named tasks that sleep, fail, are cancelled while a timer
// is armed, and wait on a socketpair.
Coro<int> sleeper() {
    co_await asyncio::sleep(0s);
    co_await asyncio::sleep(1ms);
    co_return 7;
}

Coro<> failing() {
    co_await asyncio::sleep(0s);
    throw asyncio::ValueError("boom");
}

Coro<> sleep_long() { co_await asyncio::sleep(1h); }

Coro<std::size_t> receive(asyncio::Socket* socket) {
    char buffer[16];
    co_return co_await socket->recv(buffer);
}

Coro<> send_later(asyncio::Socket* socket) {
    co_await asyncio::sleep(0s);
    co_await socket->sendall(std::string_view("ping"));
}

Coro<int> traced_program(int* reader_fd) {
    int fds[2];
    EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds), 0);
    asyncio::Socket a(fds[0], AF_UNIX, SOCK_STREAM), b(fds[1], AF_UNIX, SOCK_STREAM);
    *reader_fd = a.fileno();
    auto sleeping = asyncio::create_task(sleeper(), "sleeper");
    auto failed = asyncio::create_task(failing(), "failing");
    auto victim = asyncio::create_task(sleep_long(), "victim");
    auto reader = asyncio::create_task(receive(&a), "reader");
    auto writer = asyncio::create_task(send_later(&b));  // unnamed: "Task-N"
    co_await asyncio::sleep(0s);
    co_await asyncio::sleep(0s);
    victim.cancel("enough");
    const int value = co_await sleeping;
    const std::size_t received = co_await reader;
    co_await writer;
    try {
        co_await failed;
    } catch (const asyncio::ValueError&) {
    }
    try {
        co_await victim;
    } catch (const asyncio::CancelledError&) {
    }
    co_return value + static_cast<int>(received);
}

struct Traced {
    json trace;
    int reader_fd = -1;
};

Traced run_traced(const char* name) {
    Traced traced;
    const std::string path = trace_path(name);
    EXPECT_EQ(asyncio::run(traced_program(&traced.reader_fd), {.trace = path}), 7 + 4);
    traced.trace = read_trace(path);
    return traced;
}

// The id of the task named `name`, from its creation event.
int task_id(const json& trace, const std::string& name) {
    const auto created = events_where(trace, "i", "create " + name);
    EXPECT_EQ(created.size(), 1u) << name;
    return created.empty() ? -1 : created[0]["args"]["task"].get<int>();
}

TEST(Trace, TheFileIsTraceEventFormatWithTheLoopsTrack) {
    const json trace = run_traced("format").trace;
    EXPECT_EQ(trace["displayTimeUnit"], "ms");
    ASSERT_TRUE(trace["traceEvents"].is_array());
    for (const json& e : trace["traceEvents"]) {
        for (const char* field : {"ph", "pid", "tid"}) EXPECT_TRUE(e.contains(field)) << e;
        if (e["ph"] != "M") {
            EXPECT_TRUE(e["ts"].is_number()) << e;
        }
    }
    const auto thread_names = events_where(trace, "M", "thread_name");
    ASSERT_EQ(thread_names.size(), 1u);
    EXPECT_EQ(thread_names[0]["args"]["name"], "event loop");
    EXPECT_EQ(events_where(trace, "M", "process_name").size(), 1u);
}

TEST(Trace, EachStepIsASliceNamedAfterItsTask) {
    const json trace = run_traced("steps").trace;
    const int sleeper = task_id(trace, "sleeper");
    const auto steps = slices(trace, "sleeper");
    // Its first step, after sleep(0s), after sleep(1ms).
    EXPECT_EQ(steps.size(), 3u);
    for (const json& step : steps) {
        EXPECT_EQ(step["cat"], "step");
        EXPECT_EQ(step["args"]["task"], sleeper);
    }
    EXPECT_GE(slices(trace, "main").size(), 3u);
    // The unnamed task is shown by its default name.
    const auto unnamed = slices(trace, "Task-6");
    EXPECT_EQ(unnamed.size(), 2u);  // its first step, after sleep(0s) (the send never waits)
}

TEST(Trace, SlicesAreBalancedAndTimeNeverGoesBackOnTheTrack) {
    const json trace = run_traced("balanced").trace;
    std::map<std::pair<long, long>, double> last_ts;
    int depth = 0;
    for (const json& e : trace["traceEvents"]) {
        if (e["ph"] == "M") continue;
        const auto track = std::make_pair(e["pid"].get<long>(), e["tid"].get<long>());
        const double ts = e["ts"].get<double>();
        if (last_ts.count(track)) {
            EXPECT_GE(ts, last_ts[track]) << e;
        }
        last_ts[track] = ts;
        if (e["ph"] == "B") ++depth;
        if (e["ph"] == "X") {
            EXPECT_GE(e["dur"].get<double>(), 0) << e;
        }
        if (e["ph"] == "E") {
            --depth;
            EXPECT_GE(depth, 0) << e;
        }
    }
    EXPECT_EQ(depth, 0);
    EXPECT_EQ(last_ts.size(), 1u);  // one loop, one track
}

TEST(Trace, TasksAreCreatedByTheirParentAndCompleteWithTheirOutcome) {
    const json trace = run_traced("lifecycle").trace;
    const int main = task_id(trace, "main");
    for (const char* name : {"sleeper", "failing", "victim", "reader"}) {
        const auto created = events_where(trace, "i", std::string("create ") + name);
        ASSERT_EQ(created.size(), 1u) << name;
        EXPECT_EQ(created[0]["args"]["parent"], main) << name;
    }
    EXPECT_TRUE(events_where(trace, "i", "create main")[0]["args"]["parent"].is_null());

    const auto done = [&](const std::string& name) {
        const auto found = events_where(trace, "i", "done " + name);
        EXPECT_EQ(found.size(), 1u) << name;
        return found.empty() ? json::object() : found[0]["args"];
    };
    EXPECT_EQ(done("main")["result"], "value");
    EXPECT_EQ(done("sleeper")["result"], "value");
    EXPECT_EQ(done("failing")["result"], "exception");
    EXPECT_EQ(done("failing")["exception"], "ValueError: boom");
    EXPECT_EQ(done("victim")["result"], "cancelled");
    EXPECT_EQ(done("victim")["message"], "enough");
}

TEST(Trace, ACancellationNamesWhoCancelledWhomAndTheTimerItTookOut) {
    const json trace = run_traced("cancel").trace;
    const int victim = task_id(trace, "victim");
    const auto cancels = events_where(trace, "i", "cancel victim");
    ASSERT_EQ(cancels.size(), 1u);
    EXPECT_EQ(cancels[0]["args"]["task"], victim);
    EXPECT_EQ(cancels[0]["args"]["by_name"], "main");
    EXPECT_EQ(cancels[0]["args"]["message"], "enough");

    // Its hour-long sleep was scheduled, then cancelled, never fired.
    int timer = -1;
    for (const json& e : events_where(trace, "i", "timer scheduled")) {
        if (e["args"]["task"] == victim) {
            timer = e["args"]["timer"].get<int>();
            EXPECT_NEAR(e["args"]["delay_ms"].get<double>(), 3600e3, 1e3);
        }
    }
    ASSERT_NE(timer, -1);
    const auto cancelled = events_where(trace, "i", "timer cancelled");
    ASSERT_EQ(cancelled.size(), 1u);
    EXPECT_EQ(cancelled[0]["args"]["timer"], timer);
    for (const json& e : slices(trace, "timer fired")) {
        EXPECT_NE(e["args"]["timer"], timer);
    }
    // The sleeper's 1 ms timer did fire.
    EXPECT_EQ(slices(trace, "timer fired").size(), 1u);
}

TEST(Trace, AWaitOnASocketAndTheReadinessThatEndsIt) {
    const Traced traced = run_traced("io");
    const json& trace = traced.trace;
    const int reader = task_id(trace, "reader");
    const auto waits = events_where(trace, "i", "io wait");
    ASSERT_EQ(waits.size(), 1u);
    EXPECT_EQ(waits[0]["args"]["fd"], traced.reader_fd);
    EXPECT_EQ(waits[0]["args"]["direction"], "read");
    EXPECT_EQ(waits[0]["args"]["task"], reader);
    bool readable = false;
    for (const json& e : slices(trace, "io ready")) {
        if (e["args"]["fd"] == traced.reader_fd && e["args"]["read"] == true) readable = true;
    }
    EXPECT_TRUE(readable);
}

// Each arrow starts in the slice that made a task ready and ends in that task's next step.
TEST(Trace, FlowsLinkAWakeUpToTheStepItCauses) {
    const Traced traced = run_traced("flows");
    const json& trace = traced.trace;
    std::map<long, json> starts;
    std::map<long, std::string> ends;  // flow id -> the slice it ends in
    std::string open_slice;
    for (const json& e : trace["traceEvents"]) {
        if (e["ph"] == "B" || e["ph"] == "X") open_slice = e["name"];
        if (e["ph"] == "s") starts[e["id"].get<long>()] = e;
        if (e["ph"] == "f") {
            EXPECT_EQ(e["bp"], "e");
            ends[e["id"].get<long>()] = open_slice;
        }
    }
    EXPECT_FALSE(ends.empty());
    for (const auto& [id, slice] : ends) EXPECT_TRUE(starts.count(id)) << id;
    // The socket's readiness woke the reader.
    std::string open;
    bool io_to_reader = false;
    std::map<long, std::string> start_slice;
    for (const json& e : trace["traceEvents"]) {
        if (e["ph"] == "B" || e["ph"] == "X") open = e["name"];
        if (e["ph"] == "s") start_slice[e["id"].get<long>()] = open;
    }
    for (const auto& [id, slice] : ends) {
        if (slice == "reader" && start_slice[id] == "io ready") io_to_reader = true;
    }
    EXPECT_TRUE(io_to_reader);
}

TEST(Trace, TheEnvironmentVariableTracesARun) {
    const std::string path = trace_path("environment");
    ::setenv("ASYNCIO_TRACE", path.c_str(), 1);
    int fd = -1;
    asyncio::run(traced_program(&fd));
    ::unsetenv("ASYNCIO_TRACE");
    const json trace = read_trace(path);
    EXPECT_EQ(slices(trace, "victim").size(), 2u);  // its first step, its last
}

Coro<int> count_steps(int steps) {
    for (int i = 0; i < steps; ++i) co_await asyncio::sleep(0s);
    co_return steps;
}

// More events than the recorder holds: it hands them to the file between turns.
TEST(Trace, ALongRunIsWrittenAsItGoes) {
    const std::string path = trace_path("long");
    constexpr int steps = 40'000;
    EXPECT_EQ(asyncio::run(count_steps(steps), {.trace = path}), steps);
    const json trace = read_trace(path);
    EXPECT_EQ(slices(trace, "main").size(), steps + 1u);
    EXPECT_EQ(events_where(trace, "E").size(), events_where(trace, "B").size());
    EXPECT_GT(events_where(trace, "X").size(), 0u);
}

Coro<> stop_tracing_midway(asyncio::EventLoop* loop) {
    co_await asyncio::sleep(0s);
    loop->stop_trace();
    co_await asyncio::sleep(0s);
}

// A program that drives its own loop starts and stops the trace; stopped inside a step, the
// step's slice ends with the file.
TEST(Trace, ALoopTracesBetweenStartAndStop) {
    const std::string path = trace_path("loop");
    {
        asyncio::EventLoop loop;
        loop.start_trace(path);
        EXPECT_TRUE(loop.is_tracing());
        loop.run_until_complete(loop.create_task(stop_tracing_midway(&loop), "worker"));
        EXPECT_FALSE(loop.is_tracing());
    }
    const json trace = read_trace(path);
    EXPECT_EQ(slices(trace, "worker").size(), 2u);  // not its third step
    EXPECT_EQ(events_where(trace, "E").size(), events_where(trace, "B").size());
    EXPECT_TRUE(events_where(trace, "i", "done worker").empty());
}

Coro<> start_tracing_midway(asyncio::EventLoop* loop, std::string path) {
    auto worker = asyncio::create_task(count_steps(3), "worker");
    co_await asyncio::sleep(0s);  // the worker's first step runs before this one
    loop->start_trace(path);
    co_await worker;
}

// Tasks named before the trace began appear under their names.
TEST(Trace, ATraceStartedMidwayNamesTheTasksAlreadyRunning) {
    const std::string path = trace_path("midway");
    {
        asyncio::EventLoop loop;
        loop.run_until_complete(loop.create_task(start_tracing_midway(&loop, path), "main"));
    }
    const json trace = read_trace(path);
    EXPECT_EQ(slices(trace, "worker").size(), 3u);  // after each of its sleeps
    EXPECT_TRUE(slices(trace, "Task-2").empty());
    EXPECT_EQ(events_where(trace, "i", "done worker").size(), 1u);
}

TEST(Trace, AFileThatCannotBeWrittenIsAClearErrorBeforeAnythingRuns) {
    bool ran = false;
    auto main = [](bool* ran) -> Coro<> {
        *ran = true;
        co_return;
    };
    try {
        asyncio::run(main(&ran), {.trace = "/nonexistent-directory/trace.json"});
        ADD_FAILURE() << "no error";
    } catch (const std::system_error& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent-directory/trace.json"),
                  std::string::npos);
    }
    EXPECT_FALSE(ran);
}

}  // namespace
