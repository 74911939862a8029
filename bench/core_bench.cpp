// Micro-benchmarks of the core: what one task, one await, one loop turn and one timer cost.
//
// Every benchmark runs inside a running event loop: the benchmark function makes a loop and
// runs one coroutine on it, and that coroutine drives Google Benchmark's state loop
// (`for (auto _ : *state)`), so each iteration executes on the loop's thread, as a task step,
// exactly as user code would. Each benchmark reports `per_op` (wall-clock time per operation;
// for the gather benchmark, per task) next to the usual per-iteration time.
//
//   build/release/bench/asyncio-core-bench [--benchmark_filter=Gather] [--benchmark_repetitions=5]
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <exception>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "asyncio/asyncio.hpp"
#include "asyncio/detail/core/trace_recorder.hpp"

namespace {

using namespace std::chrono_literals;

constexpr std::int64_t kGatherBatch = 10'000;

asyncio::Coro<int> trivial() { co_return 1; }

// Adds the per-operation figures: items/s, and `per_op`, the elapsed (wall-clock) time divided
// by the number of operations: an inverted rate, which Google Benchmark prints in seconds with
// an SI prefix, so it reads `per_op=57.2ns`.
void report_per_op(benchmark::State& state, std::int64_t ops_per_iteration) {
    const auto ops = static_cast<std::int64_t>(state.iterations()) * ops_per_iteration;
    state.SetItemsProcessed(ops);
    state.counters["per_op"] = benchmark::Counter(
        static_cast<double>(ops), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// How a benchmark's loop is traced (the timeline trace): not at all; recorded, with the
// events handed to a sink that drops them (what tracing costs the steps themselves); or
// written, as JSON, to /dev/null (the whole cost, the writing between turns included).
enum class Trace { off, recorded, written };

struct DroppingSink final : asyncio::detail::TraceRecorder::Sink {
    void write(std::span<const asyncio::detail::TraceEvent>, std::span<const std::string>,
               const asyncio::detail::TraceTimebase&) override {}
};

// Runs `body` as the main task of a fresh event loop; the body runs the state loop.
void run_in_loop(benchmark::State& state, asyncio::Coro<> body, std::int64_t ops_per_iteration,
                 Trace trace = Trace::off) {
    try {
        asyncio::EventLoop loop;
        DroppingSink sink;
        asyncio::detail::Scheduler& scheduler = asyncio::detail::LoopAccess::scheduler(loop);
        asyncio::detail::TraceRecorder recorder(scheduler, sink);
        if (trace == Trace::recorded) scheduler.set_tracer(&recorder);
        if (trace == Trace::written) loop.start_trace("/dev/null");
        loop.run_until_complete(std::move(body));
        scheduler.set_tracer(nullptr);
    } catch (const std::exception& e) {
        state.SkipWithError(e.what());
        return;
    } catch (...) {
        state.SkipWithError("the benchmark coroutine ended with a non-standard exception");
        return;
    }
    report_per_op(state, ops_per_iteration);
}

void check_sum(benchmark::State& state, std::int64_t sum, std::int64_t expected) {
    if (sum != expected) {
        state.SkipWithError(
            ("wrong sum of results: " + std::to_string(sum) + " != " + std::to_string(expected))
                .c_str());
    }
}

// (a) create_task + co_await of a trivial task: spawn, two loop turns, completion, wake-up.
asyncio::Coro<> create_task_await(benchmark::State* state) {
    std::int64_t sum = 0;
    for (auto _ : *state) sum += co_await asyncio::create_task(trivial());
    check_sum(*state, sum, state->iterations());
}
void BM_CreateTaskAwait(benchmark::State& state) {
    run_in_loop(state, create_task_await(&state), 1);
}

// (b) inline co_await of a trivial Coro<int>: frame from the recycler, symmetric transfer in
// and out, no loop involved.
asyncio::Coro<> await_coro(benchmark::State* state) {
    std::int64_t sum = 0;
    for (auto _ : *state) sum += co_await trivial();
    check_sum(*state, sum, state->iterations());
}
void BM_AwaitCoro(benchmark::State& state) { run_in_loop(state, await_coro(&state), 1); }

// (c) one `co_await sleep(0s)`: a yield to the loop and back, one full loop turn.
asyncio::Coro<> sleep_zero(benchmark::State* state) {
    for (auto _ : *state) co_await asyncio::sleep(0s);
}
void BM_Sleep0(benchmark::State& state) { run_in_loop(state, sleep_zero(&state), 1); }
// (c') the same on a traced loop: each iteration is one step and one wake-up (a slice and a
// flow arrow in the trace).
void BM_Sleep0TraceRecorded(benchmark::State& state) {
    run_in_loop(state, sleep_zero(&state), 1, Trace::recorded);
}
void BM_Sleep0TraceWritten(benchmark::State& state) {
    run_in_loop(state, sleep_zero(&state), 1, Trace::written);
}

// (d) a timer armed and fired: `sleep(1ns)` pushes a node on the timer heap (a zero delay
// would only yield), the loop finds it due on its next turn, pops it and wakes the task.
asyncio::Coro<> sleep_timer(benchmark::State* state) {
    for (auto _ : *state) co_await asyncio::sleep(1ns);
}
void BM_TimerSleep1ns(benchmark::State& state) { run_in_loop(state, sleep_timer(&state), 1); }

// (d') the same through the callback API, as Python code bridges a timer to a coroutine:
// `loop.call_later(0, fut.set_result, None); await fut` (a heap-allocated callback and
// future each time; the future wakes the task on the turn after the timer fired).
asyncio::Coro<> call_later_future(benchmark::State* state) {
    asyncio::EventLoop& loop = asyncio::get_running_loop();
    for (auto _ : *state) {
        asyncio::Future<> fired;
        loop.call_later(0ns, [fired]() mutable { fired.set_result(); });
        co_await fired;
    }
}
void BM_TimerCallLater0(benchmark::State& state) {
    run_in_loop(state, call_later_future(&state), 1);
}

// (e) gather of 10,000 trivial coroutines per iteration, reported per task: each Coro becomes
// a task, they all run, the gather collects 10,000 results.
asyncio::Coro<> gather_batch(benchmark::State* state) {
    std::int64_t sum = 0;
    for (auto _ : *state) {
        std::vector<asyncio::Coro<int>> batch;
        batch.reserve(kGatherBatch);
        for (std::int64_t i = 0; i < kGatherBatch; ++i) batch.push_back(trivial());
        for (int result : co_await asyncio::gather(std::move(batch))) sum += result;
    }
    check_sum(*state, sum, state->iterations() * kGatherBatch);
}
void BM_Gather10k(benchmark::State& state) {
    run_in_loop(state, gather_batch(&state), kGatherBatch);
}
// (e') W1 on a traced loop: per task, one step, its creation and its completion.
void BM_Gather10kTraceRecorded(benchmark::State& state) {
    run_in_loop(state, gather_batch(&state), kGatherBatch, Trace::recorded);
}
void BM_Gather10kTraceWritten(benchmark::State& state) {
    run_in_loop(state, gather_batch(&state), kGatherBatch, Trace::written);
}

// (f) structured concurrency: 100,000 trivial children of one task_group, per task, against
// the same number of bare create_task + co_await (the bar: at most 1.5x).
constexpr std::int64_t kChildren = 100'000;

asyncio::Coro<> bare_tasks(benchmark::State* state) {
    std::int64_t sum = 0;
    std::vector<asyncio::Task<int>> tasks;
    tasks.reserve(kChildren);
    for (auto _ : *state) {
        for (std::int64_t i = 0; i < kChildren; ++i)
            tasks.push_back(asyncio::create_task(trivial()));
        for (auto& task : tasks) sum += co_await task;
        tasks.clear();
    }
    check_sum(*state, sum, state->iterations() * kChildren);
}
void BM_BareTasks100k(benchmark::State& state) {
    run_in_loop(state, bare_tasks(&state), kChildren);
}

asyncio::Coro<> task_group_children(benchmark::State* state) {
    std::int64_t spawned = 0;
    for (auto _ : *state) {
        co_await asyncio::task_group([&](asyncio::TaskGroup tg) -> asyncio::Coro<> {
            for (std::int64_t i = 0; i < kChildren; ++i) tg.create_task(trivial());
            spawned += kChildren;
            co_return;
        });
    }
    check_sum(*state, spawned, state->iterations() * kChildren);
}
void BM_TaskGroup100k(benchmark::State& state) {
    run_in_loop(state, task_group_children(&state), kChildren);
}

// (g) wait_for around an await that completes, against the same await bare: the difference
// is what a timeout costs when it does not fire (a frame, a timer armed and removed).
asyncio::Coro<> wait_for_completing(benchmark::State* state) {
    std::int64_t sum = 0;
    for (auto _ : *state) sum += co_await asyncio::wait_for(trivial(), 10s);
    check_sum(*state, sum, state->iterations());
}
void BM_WaitForCompleting(benchmark::State& state) {
    run_in_loop(state, wait_for_completing(&state), 1);
}

// (h) an uncontended Lock: acquire (no suspension) and release through the guard.
asyncio::Coro<> lock_uncontended(benchmark::State* state) {
    asyncio::Lock lock;
    std::int64_t held = 0;
    for (auto _ : *state) {
        auto guard = co_await lock.acquire();
        held += lock.locked();
    }
    check_sum(*state, held, state->iterations());
}
void BM_LockUncontended(benchmark::State& state) {
    run_in_loop(state, lock_uncontended(&state), 1);
}

// (i) a task group of 10 children aborted by a failing child, while 0 or 100,000 other tasks
// sleep: what an abort costs must not grow with the tasks outside the group.
asyncio::Coro<> sleep_long() { co_await asyncio::sleep(1h); }
asyncio::Coro<> fail_now() {
    throw std::runtime_error("abort");
    co_return;
}
asyncio::Coro<> task_group_abort(benchmark::State* state) {
    std::vector<asyncio::Task<>> sleepers;
    for (std::int64_t i = 0; i < state->range(0); ++i)
        sleepers.push_back(asyncio::create_task(sleep_long()));
    std::int64_t aborted = 0;
    auto body = [](asyncio::TaskGroup tg) -> asyncio::Coro<> {
        for (int i = 0; i < 10; ++i) tg.create_task(sleep_long());
        tg.create_task(fail_now());
        co_return;
    };
    for (auto _ : *state) {
        try {
            co_await asyncio::task_group(body);
        } catch (const asyncio::ExceptionGroup&) {
            ++aborted;
        }
    }
    for (auto& task : sleepers) task.cancel();
    co_await asyncio::gather(asyncio::return_exceptions, std::move(sleepers));
    check_sum(*state, aborted, state->iterations());
}
void BM_TaskGroupAbortAmongSleepers(benchmark::State& state) {
    run_in_loop(state, task_group_abort(&state), 1);
}

}  // namespace

BENCHMARK(BM_CreateTaskAwait)->UseRealTime();
BENCHMARK(BM_AwaitCoro)->UseRealTime();
BENCHMARK(BM_Sleep0)->UseRealTime();
BENCHMARK(BM_Sleep0TraceRecorded)->UseRealTime();
BENCHMARK(BM_Sleep0TraceWritten)->UseRealTime();
BENCHMARK(BM_TimerSleep1ns)->UseRealTime();
BENCHMARK(BM_TimerCallLater0)->UseRealTime();
BENCHMARK(BM_Gather10k)->UseRealTime();
BENCHMARK(BM_Gather10kTraceRecorded)->UseRealTime();
BENCHMARK(BM_Gather10kTraceWritten)->UseRealTime();
BENCHMARK(BM_BareTasks100k)->UseRealTime();
BENCHMARK(BM_TaskGroup100k)->UseRealTime();
BENCHMARK(BM_WaitForCompleting)->UseRealTime();
BENCHMARK(BM_LockUncontended)->UseRealTime();
BENCHMARK(BM_TaskGroupAbortAmongSleepers)->Arg(0)->Arg(100'000)->UseRealTime();

BENCHMARK_MAIN();
