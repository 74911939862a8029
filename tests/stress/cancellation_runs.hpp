// Runs of the cancellation stress tests (namespace cancellation_stress):
//   run_stress()                  batches of random trees run on a fresh loop, some cancelled
//                                 from outside, every orphan awaited; after each batch the
//                                 loop must be clean (no task, timer, fd watch, callback or
//                                 coroutine frame left) and every outcome an allowed one;
//   run_and_close_mid_flight()    loops closed with the trees still running;
//   Watchdog                      aborts the process, naming the run, if a run hangs;
//   print_summary()               the outcomes of a run, on stdout.
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "asyncio/asyncio.hpp"
#include "net/net_support.hpp"
#include "stress/cancellation_support.hpp"
#include "stress/cancellation_trees.hpp"

namespace cancellation_stress {

// One batch: `trees` root trees run concurrently, some cancelled from outside; then every
// orphan is awaited and the loop must be clean.
inline Coro<> run_batch(std::uint32_t seed, int trees, CtxRef ctx) {
    Ctx& c = *ctx;
    std::mt19937 rng(seed);
    const long base_refs = c.refs;
    std::vector<Task<int>> roots;
    for (int i = 0; i < trees; ++i) roots.push_back(spawn(ctx, node(0, rng(), ctx)));
    std::vector<asyncio::Handle> cancels;
    for (Task<int>& root : roots) {
        if (!chance(rng, 4)) continue;
        if (chance(rng, 2)) {
            spawn(ctx, canceller(root, pick(rng, 8)));
        } else if (c.zero_time) {
            cancels.push_back(c.loop->call_soon([root, ctx]() mutable { root.cancel(); }));
        } else {
            cancels.push_back(c.loop->call_later(std::chrono::microseconds(pick(rng, 4000)),
                                                 [root, ctx]() mutable { root.cancel(); }));
        }
    }
    for (Task<int>& root : roots) {
        std::exception_ptr error;
        int value = 0;
        try {
            value = co_await root;
        } catch (...) {
            error = std::current_exception();
        }
        const Kind k = c.note(error, "root");
        ++c.roots[static_cast<int>(k)];
        c.event(0, Ev::root, error ? static_cast<int>(k) : value);
    }
    for (asyncio::Handle& handle : cancels) handle.cancel();
    cancels.clear();

    // Orphans: tasks left running by a parent that stopped awaiting them (gather's first
    // failure, a cancelled awaiter of shield or of a task, wait()'s pending ones...).
    const asyncio::AnyTask self = asyncio::current_task();
    for (int round = 0;; ++round) {
        std::vector<asyncio::AnyTask> tasks = asyncio::all_tasks();
        if (tasks.size() <= 1) break;
        if (round == 1000) {
            c.unexpected.push_back("orphans never finish: " + std::to_string(tasks.size() - 1));
            break;
        }
        for (const asyncio::AnyTask& task : tasks) {
            if (task == self) continue;
            std::exception_ptr error;
            try {
                co_await task;
            } catch (...) {
                error = std::current_exception();
            }
            const Kind k = c.note(error, "orphan");
            ++c.orphans[static_cast<int>(k)];
            c.event(0, Ev::orphan, static_cast<int>(k));
        }
    }

    // Every task made is done, with an allowed outcome (this also retrieves it).
    for (const asyncio::AnyTask& task : c.registry) {
        if (!task.done()) {
            c.unexpected.push_back("a task of the batch is not done");
            continue;
        }
        std::exception_ptr error;
        try {
            error = task.exception();
        } catch (...) {
            error = std::current_exception();
        }
        c.note(error, "registered task");
    }
    for (const asyncio::Future<int>& future : c.futures) {
        if (!future.done()) {
            c.unexpected.push_back("a Future was left pending");
            continue;
        }
        // Retrieve it: a Future whose awaiter was cancelled after it completed keeps an
        // exception nobody looked at (reported on stderr when released, as in Python).
        std::exception_ptr error;
        try {
            error = future.exception();
        } catch (...) {
            error = std::current_exception();
        }
        c.note(error, "future");
    }
    roots.clear();
    c.registry.clear();
    c.futures.clear();
    co_await asyncio::sleep(0s);  // callbacks retired this turn are freed at its end

    EXPECT_EQ(asyncio::all_tasks().size(), 1u) << "only the driver should be left";
    EXPECT_EQ(asyncio::detail::LoopAccess::timers(*c.loop).size(), 0u) << "timers left armed";
    EXPECT_EQ(asyncio::detail::LoopAccess::poller(*c.loop).watched(), 1u) << "fds left watched";
    EXPECT_EQ(c.live_nodes, 0) << "node bodies that never ended";
    EXPECT_EQ(c.refs, base_refs) << "coroutine frames or callbacks never freed";
    EXPECT_EQ(c.open_fds, 0);
    EXPECT_TRUE(c.unexpected.empty()) << "first: " << c.unexpected.front();
}

inline Coro<> driver(std::uint32_t seed, int batches, int trees, CtxRef ctx) {
    std::mt19937 rng(seed);
    for (int b = 0; b < batches; ++b) {
        SCOPED_TRACE("batch " + std::to_string(b));
        co_await run_batch(rng(), trees, ctx);
        if (::testing::Test::HasFailure()) co_return;
    }
}

// Aborts the process if a run hangs (a lost wake-up), naming the run.
class Watchdog {
  public:
    Watchdog(std::chrono::seconds limit, std::string what)
        : what_(std::move(what)), thread_([this, limit] {
              std::unique_lock lock(mutex_);
              if (!cv_.wait_for(lock, limit, [this] { return done_; })) {
                  std::fprintf(stderr, "watchdog: %s still running after %lld s: hang\n",
                               what_.c_str(), static_cast<long long>(limit.count()));
                  std::abort();
              }
          }) {}
    Watchdog(const Watchdog&) = delete;
    Watchdog& operator=(const Watchdog&) = delete;
    ~Watchdog() {
        {
            std::lock_guard lock(mutex_);
            done_ = true;
        }
        cv_.notify_one();
        thread_.join();
    }

  private:
    std::string what_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool done_ = false;
    std::thread thread_;
};

struct RunResult {
    std::vector<std::uint64_t> log;
    std::array<long, kKinds> roots{};
    std::array<long, kKinds> orphans{};
    std::array<long, kOps> ops{};
    long nodes = 0;
    long swallowed = 0;
};

inline RunResult run_stress(std::uint32_t seed, bool zero_time, int batches, int trees,
                            int max_depth = 4) {
    const int fds_before = asyncio_test::open_fds();
    Ctx ctx;
    ctx.zero_time = zero_time;
    ctx.max_depth = max_depth;
    {
        asyncio::EventLoop loop;
        ctx.loop = &loop;
        const Watchdog watchdog(
            std::chrono::seconds(100),
            "seed " + std::to_string(seed) + (zero_time ? " (zero time)" : " (real time)"));
        {
            const CtxRef ref(&ctx);
            loop.run_until_complete(driver(seed, batches, trees, ref));
        }
        EXPECT_EQ(asyncio::detail::LoopAccess::scheduler(loop).pending_task_count(), 0u);
        EXPECT_EQ(asyncio::detail::LoopAccess::timers(loop).size(), 0u);
        EXPECT_EQ(asyncio::detail::LoopAccess::poller(loop).watched(), 1u);
        loop.close();
    }
    EXPECT_EQ(ctx.refs, 0);
    EXPECT_EQ(ctx.live_nodes, 0);
    EXPECT_EQ(asyncio_test::open_fds(), fds_before) << "fds leaked";
    return RunResult{std::move(ctx.log), ctx.roots, ctx.orphans, ctx.ops, ctx.nodes, ctx.swallowed};
}

inline void print_summary(const char* what, std::uint32_t seed, const RunResult& r) {
    std::string line = std::string(what) + " seed " + std::to_string(seed) + ": " +
                       std::to_string(r.nodes) + " nodes; roots";
    for (int k = 0; k < kKinds; ++k) {
        if (r.roots[k]) line += " " + std::string(kKindNames[k]) + "=" + std::to_string(r.roots[k]);
    }
    line += "; orphans";
    for (int k = 0; k < kKinds; ++k) {
        if (r.orphans[k])
            line += " " + std::string(kKindNames[k]) + "=" + std::to_string(r.orphans[k]);
    }
    line += "; swallowed " + std::to_string(r.swallowed);
    std::printf("[ stress   ] %s\n", line.c_str());
}

// Batches per run and trees per batch, per flavour (see the timings in the report).
constexpr int kRealBatches = 20;
constexpr int kZeroBatches = 20;
constexpr int kTreesPerBatch = 40;
constexpr int kCloseRounds = 10;

// Trees left running when the loop is closed: close() cancels every pending task and runs
// it to its end, so nothing leaks even without a drain (frames, fds, timers, callbacks).
inline Coro<> start_and_leave(std::uint32_t seed, int trees, CtxRef ctx) {
    std::mt19937 rng(seed);
    for (int i = 0; i < trees; ++i) spawn(ctx, node(0, rng(), ctx));
    if (ctx->zero_time) {
        for (std::uint32_t i = pick(rng, 12); i > 0; --i) co_await asyncio::sleep(0s);
    } else {
        co_await asyncio::sleep(std::chrono::microseconds(pick(rng, 4000)));
    }
}

inline void run_and_close_mid_flight(std::uint32_t seed, bool zero_time, int rounds, int trees) {
    const int fds_before = asyncio_test::open_fds();
    std::mt19937 rng(seed);
    for (int round = 0; round < rounds; ++round) {
        SCOPED_TRACE("round " + std::to_string(round));
        Ctx ctx;
        ctx.zero_time = zero_time;
        {
            asyncio::EventLoop loop;
            ctx.loop = &loop;
            const Watchdog watchdog(std::chrono::seconds(100),
                                    "mid-flight close, seed " + std::to_string(seed));
            {
                const CtxRef ref(&ctx);
                loop.run_until_complete(start_and_leave(rng(), trees, ref));
            }
            // close() alone can leave tasks pending (see CloseFinishesTasksStartedWhileClosing):
            // cancel until none is left, then close.
            for (int pass = 0;
                 pass < 100 &&
                 asyncio::detail::LoopAccess::scheduler(loop).pending_task_count() > 0;
                 ++pass) {
                loop.cancel_all_tasks();
            }
            loop.close();
            EXPECT_EQ(asyncio::detail::LoopAccess::scheduler(loop).pending_task_count(), 0u);
            EXPECT_EQ(asyncio::detail::LoopAccess::timers(loop).size(), 0u);
            EXPECT_EQ(asyncio::detail::LoopAccess::poller(loop).watched(), 1u);
            for (const asyncio::AnyTask& task : ctx.registry) {
                EXPECT_TRUE(task.done());
                if (!task.done()) continue;
                std::exception_ptr error;
                try {
                    error = task.exception();
                } catch (...) {
                    error = std::current_exception();
                }
                ctx.note(error, "task after close");
            }
            for (const asyncio::Future<int>& future : ctx.futures) {
                if (future.done() && !future.cancelled()) (void)future.exception();
            }
            ctx.registry.clear();
            ctx.futures.clear();
        }
        EXPECT_EQ(ctx.live_nodes, 0) << "node bodies that never ended";
        EXPECT_EQ(ctx.refs, 0) << "coroutine frames or callbacks never freed";
        EXPECT_EQ(ctx.open_fds, 0);
        EXPECT_TRUE(ctx.unexpected.empty()) << ctx.unexpected.front();
        if (::testing::Test::HasFailure()) return;
    }
    EXPECT_EQ(asyncio_test::open_fds(), fds_before) << "fds leaked";
}

}  // namespace cancellation_stress
