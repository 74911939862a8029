// Randomized cancellation stress: thousands of task trees, each node following a plan drawn
// from a seeded PRNG, cancelled and timed out at random suspension points. After every
// batch the loop must be clean: no task, timer, fd watch, callback or coroutine frame left,
// and every outcome one of value, Boom, CancelledError, TimeoutError, ExceptionGroup.
//
// Two flavours per seed: "RealTime" (sleeps, call_later and deadlines of 0-3 ms) and
// "ZeroTime" (only sleep(0s), call_soon, and deadlines that are either already due or an
// hour away), which is deterministic: the same seed gives the same sequence of events.
// A third, "LoopClosedMidFlight", closes loops with the trees still running.
//
// Knobs: ASYNCIO_STRESS_SEEDS=first:count sets the Soak test's seeds (two by default);
// ASYNCIO_STRESS_ONLY_OP=n restricts the plans to one kind of operation.
// At the end: minimized reproductions of the bugs the stress runs found (CancellationStressRepro).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <mutex>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <typeinfo>
#include <utility>
#include <vector>

#include "asyncio/asyncio.hpp"

namespace {

using namespace std::chrono_literals;
using asyncio::Coro;
using asyncio::Task;

// -- the custom exception and the classification of outcomes --

class Boom : public std::runtime_error {
  public:
    explicit Boom(std::uint32_t id) : std::runtime_error("boom " + std::to_string(id)) {}
};

enum class Kind : std::uint8_t { value, boom, cancelled, timeout, group, other };
constexpr int kKinds = 6;
const char* const kKindNames[kKinds] = {"value",   "Boom",           "CancelledError",
                                        "Timeout", "ExceptionGroup", "OTHER"};

// What `e` is; anything outside the allowed set is `other`, described in `detail`.
Kind classify(const std::exception_ptr& e, std::string* detail = nullptr) {
    if (!e) return Kind::value;
    try {
        std::rethrow_exception(e);
    } catch (const Boom&) {
        return Kind::boom;
    } catch (const asyncio::CancelledError&) {
        return Kind::cancelled;
    } catch (const asyncio::TimeoutError&) {
        return Kind::timeout;
    } catch (const asyncio::ExceptionGroup& group) {
        // A group holds failures, never cancellations: its leaves are Boom or TimeoutError.
        if (group.exceptions().empty()) {
            if (detail) *detail = "empty ExceptionGroup";
            return Kind::other;
        }
        for (const std::exception_ptr& leaf : group.leaves()) {
            const Kind k = classify(leaf, detail);
            if (k != Kind::boom && k != Kind::timeout) {
                if (detail)
                    *detail = "ExceptionGroup leaf " + std::string(kKindNames[int(k)]) +
                              (detail->empty() ? "" : ": " + *detail);
                return Kind::other;
            }
        }
        return Kind::group;
    } catch (const std::exception& x) {
        if (detail) *detail = std::string(typeid(x).name()) + ": " + x.what();
        return Kind::other;
    } catch (...) {
        if (detail) *detail = "unknown exception type";
        return Kind::other;
    }
}

// -- the shared state of one run --

enum class Op : std::uint8_t {
    yield,
    sleep,
    inline_child,
    tasks,
    gather,
    group,
    timeout,
    shield,
    wait_first,
    future,
    pipe,
    raise,
    cancel_sibling,
    cancel_self,
    observe,
    as_completed,
};
constexpr int kOps = 16;

enum class Ev : std::uint8_t { start, op, op_error, swallow, end_value, end_error, root, orphan };

struct Ctx {
    bool zero_time = false;
    int max_depth = 4;  // nodes deeper than this spawn no children
    asyncio::EventLoop* loop = nullptr;
    long live_nodes = 0;  // node bodies that started and have not ended
    long refs = 0;        // CtxRef copies alive: in coroutine frames, callbacks, lambdas
    int open_fds = 0;
    std::vector<asyncio::AnyTask> registry;  // every task made in this batch, by handle
    std::vector<asyncio::Future<int>> futures;
    std::vector<std::uint64_t> log;  // the order of events, for the determinism check
    std::array<long, kKinds> roots{};
    std::array<long, kKinds> orphans{};
    std::array<long, kOps> ops{};
    long nodes = 0;
    long swallowed = 0;
    std::vector<std::string> unexpected;

    void event(std::uint32_t id, Ev ev, std::int64_t value) {
        log.push_back((std::uint64_t{id} << 32) | (std::uint64_t(ev) << 24) |
                      (std::uint64_t(value) & 0xffffff));
    }
    // Classifies an outcome met at `where`; records it if it is not an allowed one.
    Kind note(const std::exception_ptr& e, const char* where) {
        std::string detail;
        const Kind k = classify(e, &detail);
        if (k == Kind::other) unexpected.push_back(std::string(where) + ": " + detail);
        return k;
    }
};

// A counted reference to the context: every coroutine frame and callback that holds one is
// counted, so a frame or a callback the loop never freed shows up as a count left over.
class CtxRef {
  public:
    explicit CtxRef(Ctx* ctx) noexcept : ctx_(ctx) { ++ctx_->refs; }
    CtxRef(const CtxRef& other) noexcept : ctx_(other.ctx_) { ++ctx_->refs; }
    CtxRef& operator=(const CtxRef&) = delete;
    ~CtxRef() { --ctx_->refs; }
    Ctx* operator->() const noexcept { return ctx_; }
    Ctx& operator*() const noexcept { return *ctx_; }

  private:
    Ctx* ctx_;
};

// Lives in a node's body from its start to its end.
class LiveNode {
  public:
    explicit LiveNode(Ctx& ctx) noexcept : ctx_(ctx) {
        ++ctx_.live_nodes;
        ++ctx_.nodes;
    }
    LiveNode(const LiveNode&) = delete;
    LiveNode& operator=(const LiveNode&) = delete;
    ~LiveNode() { --ctx_.live_nodes; }

  private:
    Ctx& ctx_;
};

// Cancels a scheduled callback when the scope ends, whether it ran or not.
struct HandleGuard {
    asyncio::Handle handle;
    HandleGuard() = default;
    HandleGuard(const HandleGuard&) = delete;
    HandleGuard& operator=(const HandleGuard&) = delete;
    ~HandleGuard() { handle.cancel(); }
};

// A pipe whose read end the loop watches; unwatched and closed when the scope ends.
class PipeGuard {
  public:
    explicit PipeGuard(Ctx& ctx) : ctx_(ctx) {
        if (::pipe2(fds_, O_NONBLOCK | O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
        ctx_.open_fds += 2;
    }
    PipeGuard(const PipeGuard&) = delete;
    PipeGuard& operator=(const PipeGuard&) = delete;
    ~PipeGuard() {
        if (watching_) ctx_.loop->remove_reader(fds_[0]);
        ::close(fds_[0]);
        ::close(fds_[1]);
        ctx_.open_fds -= 2;
    }
    int read_end() const noexcept { return fds_[0]; }
    int write_end() const noexcept { return fds_[1]; }
    void watching() noexcept { watching_ = true; }

  private:
    Ctx& ctx_;
    int fds_[2] = {-1, -1};
    bool watching_ = false;
};

void write_byte(int fd) {
    const char byte = 'x';
    (void)!::write(fd, &byte, 1);
}

std::uint32_t pick(std::mt19937& rng, std::uint32_t n) { return rng() % n; }
bool chance(std::mt19937& rng, std::uint32_t one_in) { return rng() % one_in == 0; }

// A sleep of 0-3 ms (real time), or a plain yield (zero time).
asyncio::SleepAwaiter random_sleep(std::mt19937& rng, const Ctx& ctx) {
    if (ctx.zero_time) return asyncio::sleep(0s);
    return asyncio::sleep(std::chrono::microseconds(pick(rng, 3001)));
}

// A deadline 0-3 ms away (real time); zero time: already due, or an hour away (never fires).
asyncio::Clock::duration random_delay(std::mt19937& rng, const Ctx& ctx) {
    if (ctx.zero_time) return chance(rng, 2) ? asyncio::Clock::duration(0h) : 1h;
    return std::chrono::microseconds(pick(rng, 3001));
}

Op pick_op(std::mt19937& rng, int depth, int max_depth) {
    // Weights per op; a node at the maximum depth spawns no children.
    static constexpr std::array<int, kOps> inner = {3, 3, 2, 2, 2, 2, 3, 1, 1, 2, 1, 1, 2, 1, 1, 1};
    static constexpr std::array<int, kOps> leaf = {3, 3, 0, 0, 0, 0, 0, 0, 0, 2, 1, 1, 2, 1, 1, 0};
    auto weights = depth < max_depth ? inner : leaf;
    // For hunting a failure down: ASYNCIO_STRESS_ONLY_OP=n keeps only op n (and yield).
    static const int only = [] {
        const char* env = std::getenv("ASYNCIO_STRESS_ONLY_OP");
        const int n = env ? std::atoi(env) : -1;
        return n > 0 && n < kOps ? n : -1;
    }();
    if (only > 0) {
        for (int i = 1; i < kOps; ++i)
            if (i != only) weights[i] = 0;
        if (weights[only] == 0) weights[0] = 1;
    }
    int total = 0;
    for (int w : weights) total += w;
    int r = static_cast<int>(pick(rng, static_cast<std::uint32_t>(total)));
    for (int i = 0; i < kOps; ++i) {
        if (r < weights[i]) return static_cast<Op>(i);
        r -= weights[i];
    }
    return Op::yield;
}

Coro<int> node(int depth, std::uint32_t seed, CtxRef ctx);

Task<int> spawn(const CtxRef& ctx, Coro<int> coro) {
    Task<int> task = asyncio::create_task(std::move(coro));
    ctx->registry.emplace_back(task);
    return task;
}

// -- the operations a node runs; each takes its parameters by value --

Coro<int> op_yield() {
    co_await asyncio::sleep(0s);
    co_return 1;
}

Coro<int> op_sleep(std::uint32_t seed, CtxRef ctx) {
    std::mt19937 rng(seed);
    co_await random_sleep(rng, *ctx);
    co_return 2;
}

Coro<int> op_inline(int depth, std::uint32_t seed, CtxRef ctx) {
    co_return co_await node(depth + 1, seed, ctx);
}

// create_task of children, then await them one by one.
Coro<int> op_tasks(int depth, std::uint32_t seed, CtxRef ctx) {
    std::mt19937 rng(seed);
    std::vector<Task<int>> kids;
    const std::uint32_t n = 1 + pick(rng, 3);
    for (std::uint32_t i = 0; i < n; ++i) kids.push_back(spawn(ctx, node(depth + 1, rng(), ctx)));
    if (chance(rng, 4)) kids[pick(rng, n)].cancel();
    if (chance(rng, 2)) co_await asyncio::sleep(0s);
    int sum = 0;
    std::exception_ptr first;
    const bool bail_on_cancel = chance(rng, 2);
    for (Task<int>& kid : kids) {
        try {
            sum += co_await kid;
        } catch (...) {
            std::exception_ptr e = std::current_exception();
            const Kind k = ctx->note(e, "awaited task");
            if (k == Kind::cancelled && bail_on_cancel) throw;  // the rest become orphans
            if (!first) first = e;
        }
    }
    if (first && chance(rng, 2)) std::rethrow_exception(first);
    co_return sum;
}

int sum_outcomes(Ctx& ctx, const std::vector<asyncio::Outcome<int>>& outcomes) {
    int sum = 0;
    for (const auto& outcome : outcomes) {
        if (outcome.has_exception()) {
            ctx.note(outcome.exception(), "gather outcome");
        } else {
            sum += outcome.value();
        }
    }
    return sum;
}

Coro<int> op_gather(int depth, std::uint32_t seed, CtxRef ctx) {
    std::mt19937 rng(seed);
    const std::uint32_t n = 1 + pick(rng, 3);
    const std::uint32_t variant = pick(rng, 5);
    if (variant == 4) {  // the tuple form, with coros (made tasks by gather)
        if (chance(rng, 2)) {
            auto [a, b] =
                co_await asyncio::gather(node(depth + 1, rng(), ctx), node(depth + 1, rng(), ctx));
            co_return a + b;
        }
        auto [a, b] = co_await asyncio::gather(
            asyncio::return_exceptions, node(depth + 1, rng(), ctx), node(depth + 1, rng(), ctx));
        co_return sum_outcomes(*ctx, {std::move(a), std::move(b)});
    }
    if (variant == 3) {  // the range form, with coros
        std::vector<Coro<int>> coros;
        for (std::uint32_t i = 0; i < n; ++i) coros.push_back(node(depth + 1, rng(), ctx));
        std::vector<int> values = co_await asyncio::gather(std::move(coros));
        int sum = 0;
        for (int v : values) sum += v;
        co_return sum;
    }
    std::vector<Task<int>> kids;
    for (std::uint32_t i = 0; i < n; ++i) kids.push_back(spawn(ctx, node(depth + 1, rng(), ctx)));
    if (chance(rng, 5)) kids[pick(rng, n)].cancel();
    if (variant == 2) {
        co_return sum_outcomes(*ctx, co_await asyncio::gather(asyncio::return_exceptions, kids));
    }
    std::vector<int> values = co_await asyncio::gather(kids);
    int sum = 0;
    for (int v : values) sum += v;
    co_return sum;
}

Coro<int> group_body(asyncio::TaskGroup tg, int depth, std::uint32_t seed, CtxRef ctx) {
    std::mt19937 rng(seed);
    const std::uint32_t n = 1 + pick(rng, 3);
    for (std::uint32_t i = 0; i < n; ++i) {
        ctx->registry.emplace_back(tg.create_task(node(depth + 1, rng(), ctx)));
    }
    switch (pick(rng, 5)) {
        case 0:
            co_await random_sleep(rng, *ctx);
            break;
        case 1:
            throw Boom(seed);
        case 2:
            co_return co_await node(depth + 1, rng(), ctx);
        case 3:
            co_await asyncio::sleep(0s);
            if (chance(rng, 2)) throw Boom(seed);
            break;
        default:
            break;
    }
    co_return static_cast<int>(n);
}

// (g++ 12 destroys a closure temporary twice when it is part of a co_await expression, and
// task_group refuses an owning one with g++ 12: name the lambda. See GccClosureTemporary.)
Coro<int> op_group(int depth, std::uint32_t seed, CtxRef ctx) {
    auto body = [depth, seed, ctx](asyncio::TaskGroup tg) {
        return group_body(tg, depth, seed, ctx);
    };
    co_return co_await asyncio::task_group(body);
}

Coro<int> timed_body(asyncio::Timeout cm, int depth, std::uint32_t seed, CtxRef ctx) {
    std::mt19937 rng(seed);
    if (chance(rng, 3)) {
        if (chance(rng, 3)) {
            cm.reschedule(std::nullopt);
        } else {
            cm.reschedule(ctx->loop->time() + random_delay(rng, *ctx));
        }
    }
    int v = co_await node(depth + 1, rng(), ctx);
    if (chance(rng, 2)) co_await asyncio::sleep(0s);
    co_return v + (cm.expired() ? 100 : 0);
}

Coro<int> op_timeout(int depth, std::uint32_t seed, CtxRef ctx) {
    std::mt19937 rng(seed);
    const auto delay = random_delay(rng, *ctx);
    switch (pick(rng, 4)) {
        case 0:
            co_return co_await asyncio::timeout(delay, node(depth + 1, rng(), ctx));
        case 1: {
            const std::uint32_t s = rng();
            auto block = [depth, s, ctx](asyncio::Timeout cm) {
                return timed_body(cm, depth, s, ctx);
            };
            co_return co_await asyncio::timeout(delay, block);
        }
        case 2:
            co_return co_await asyncio::wait_for(spawn(ctx, node(depth + 1, rng(), ctx)), delay);
        default:
            co_return co_await asyncio::wait_for(node(depth + 1, rng(), ctx), delay);
    }
}

Coro<int> op_shield(int depth, std::uint32_t seed, CtxRef ctx) {
    std::mt19937 rng(seed);
    Task<int> kid = spawn(ctx, node(depth + 1, rng(), ctx));
    if (chance(rng, 6)) kid.cancel();
    co_return co_await asyncio::shield(kid);
}

// wait(FIRST_COMPLETED), then cancel the pending ones.
Coro<int> op_wait_first(int depth, std::uint32_t seed, CtxRef ctx) {
    std::mt19937 rng(seed);
    std::vector<Task<int>> kids;
    const std::uint32_t n = 2 + pick(rng, 2);
    for (std::uint32_t i = 0; i < n; ++i) kids.push_back(spawn(ctx, node(depth + 1, rng(), ctx)));
    std::optional<asyncio::Clock::duration> limit;
    if (chance(rng, 3)) limit = random_delay(rng, *ctx);
    auto result = co_await asyncio::wait(kids, asyncio::FIRST_COMPLETED, limit);
    for (Task<int>& pending : result.pending) pending.cancel();
    int sum = 0;
    for (Task<int>& done : result.done) {
        try {
            sum += done.result();
        } catch (...) {
            ctx->note(std::current_exception(), "wait done");
        }
    }
    if (chance(rng, 2)) {
        for (Task<int>& pending : result.pending) {
            try {
                sum += co_await pending;
            } catch (...) {
                ctx->note(std::current_exception(), "wait pending");
            }
        }
    }
    co_return sum;
}

// A Future completed by a callback (call_later, or call_soon in zero time).
Coro<int> op_future(std::uint32_t seed, CtxRef ctx) {
    std::mt19937 rng(seed);
    asyncio::Future<int> future;
    ctx->futures.push_back(future);
    const std::uint32_t how = pick(rng, 8);  // 0: fail, 1: cancel, else a value
    auto complete = [future, ctx, how, seed]() mutable {
        if (future.done()) return;
        if (how == 0) {
            future.set_exception(std::make_exception_ptr(Boom(seed)));
        } else if (how == 1) {
            future.cancel();
        } else {
            future.set_result(5);
        }
    };
    HandleGuard guard;
    if (ctx->zero_time) {
        guard.handle = ctx->loop->call_soon(std::move(complete));
    } else {
        guard.handle = ctx->loop->call_later(random_delay(rng, *ctx), std::move(complete));
    }
    if (chance(rng, 10)) future.cancel();
    co_return co_await future;
}

// A pipe watched with add_reader; the reader callback completes a Future.
Coro<int> op_pipe(std::uint32_t seed, CtxRef ctx) {
    std::mt19937 rng(seed);
    PipeGuard pipe(*ctx);
    asyncio::Future<int> readable;
    ctx->futures.push_back(readable);
    const std::uint32_t victim = chance(rng, 3) ? rng() : 0;  // cancelled from the callback
    ctx->loop->add_reader(pipe.read_end(), [readable, fd = pipe.read_end(), victim, ctx]() mutable {
        char buf[16];
        while (::read(fd, buf, sizeof buf) > 0) {
        }
        if (victim && !ctx->registry.empty()) ctx->registry[victim % ctx->registry.size()].cancel();
        if (!readable.done()) readable.set_result(7);
    });
    pipe.watching();
    HandleGuard writer;  // destroyed before the pipe: no write to a closed (reused) fd
    const std::uint32_t how = pick(rng, 3);
    auto write = [fd = pipe.write_end(), ctx]() { write_byte(fd); };
    if (how == 0) {
        write_byte(pipe.write_end());
    } else if (how == 1 || ctx->zero_time) {
        writer.handle = ctx->loop->call_soon(std::move(write));
    } else {
        writer.handle = ctx->loop->call_later(random_delay(rng, *ctx), std::move(write));
    }
    co_return co_await readable;
}

Coro<int> op_raise(std::uint32_t seed) {
    if (seed % 2) co_await asyncio::sleep(0s);
    throw Boom(seed);
}

Coro<int> op_cancel_sibling(std::uint32_t seed, CtxRef ctx) {
    std::mt19937 rng(seed);
    if (!ctx->registry.empty()) {
        asyncio::AnyTask victim = ctx->registry[pick(rng, ctx->registry.size())];
        victim.cancel(chance(rng, 3) ? "by a sibling" : "");
    }
    if (chance(rng, 2)) co_await asyncio::sleep(0s);
    co_return 0;
}

Coro<int> op_cancel_self() {
    asyncio::current_task().cancel();
    co_await asyncio::sleep(0s);  // raises CancelledError
    co_return 0;
}

// Waits, with a deadline, on tasks picked at random from the whole batch (perhaps this
// very task, or an ancestor: wait() never cancels what it waits on, and the deadline ends
// the wait), so that tasks have several waiters at once.
Coro<int> op_observe(std::uint32_t seed, CtxRef ctx) {
    std::mt19937 rng(seed);
    if (ctx->registry.empty()) co_return 0;
    std::vector<Task<int>> some;
    const std::uint32_t n = 1 + pick(rng, 3);
    for (std::uint32_t i = 0; i < n; ++i) {
        // Every task in the registry is a Task<int>: only the handle's type was erased.
        const asyncio::AnyTask& any = ctx->registry[pick(rng, ctx->registry.size())];
        some.push_back(
            asyncio::detail::TaskAccess::handle<Task<int>>(asyncio::detail::TaskAccess::core(any)));
    }
    static constexpr asyncio::ReturnWhen whens[] = {
        asyncio::FIRST_COMPLETED, asyncio::FIRST_EXCEPTION, asyncio::ALL_COMPLETED};
    const asyncio::ReturnWhen when = whens[pick(rng, 3)];
    const asyncio::Clock::duration limit =
        ctx->zero_time ? asyncio::Clock::duration(0) : random_delay(rng, *ctx);
    auto result = co_await asyncio::wait(std::move(some), when, limit);
    co_return static_cast<int>(result.done.size());
}

// as_completed over new children, with a deadline at times; the rest cancelled after it.
Coro<int> op_as_completed(int depth, std::uint32_t seed, CtxRef ctx) {
    std::mt19937 rng(seed);
    std::vector<Task<int>> kids;
    const std::uint32_t n = 1 + pick(rng, 3);
    for (std::uint32_t i = 0; i < n; ++i) kids.push_back(spawn(ctx, node(depth + 1, rng(), ctx)));
    std::optional<asyncio::Clock::duration> limit;
    if (chance(rng, 2)) limit = random_delay(rng, *ctx);
    int sum = 0;
    auto results = asyncio::as_completed(kids, limit);
    for (auto next : results) {
        std::exception_ptr error;
        try {
            sum += co_await next;
        } catch (...) {
            error = std::current_exception();
        }
        if (!error) continue;
        const Kind k = ctx->note(error, "as_completed");
        // (No await after a TimeoutError: see AsCompletedAwaitAfterDeadlineRaisesAtOnce.)
        if (k == Kind::timeout) break;
        if (k == Kind::cancelled && asyncio::current_task().cancelling() > 0) break;
    }
    for (Task<int>& kid : kids) kid.cancel();
    co_return sum;
}

Coro<int> run_op(Op op, int depth, std::uint32_t seed, const CtxRef& ctx) {
    ++ctx->ops[static_cast<int>(op)];
    switch (op) {
        case Op::yield:
            return op_yield();
        case Op::sleep:
            return op_sleep(seed, ctx);
        case Op::inline_child:
            return op_inline(depth, seed, ctx);
        case Op::tasks:
            return op_tasks(depth, seed, ctx);
        case Op::gather:
            return op_gather(depth, seed, ctx);
        case Op::group:
            return op_group(depth, seed, ctx);
        case Op::timeout:
            return op_timeout(depth, seed, ctx);
        case Op::shield:
            return op_shield(depth, seed, ctx);
        case Op::wait_first:
            return op_wait_first(depth, seed, ctx);
        case Op::future:
            return op_future(seed, ctx);
        case Op::pipe:
            return op_pipe(seed, ctx);
        case Op::raise:
            return op_raise(seed);
        case Op::cancel_sibling:
            return op_cancel_sibling(seed, ctx);
        case Op::cancel_self:
            return op_cancel_self();
        case Op::observe:
            return op_observe(seed, ctx);
        case Op::as_completed:
            return op_as_completed(depth, seed, ctx);
    }
    return op_yield();
}

// A node of a task tree: a few random operations; errors absorbed or propagated at random,
// cancellations sometimes swallowed (uncancel), sometimes cleaned up after and rethrown.
Coro<int> node(int depth, std::uint32_t seed, CtxRef ctx) {
    LiveNode live(*ctx);
    std::mt19937 rng(seed);
    ctx->event(seed, Ev::start, depth);
    int acc = 0;
    const std::uint32_t steps = 1 + pick(rng, 3);
    for (std::uint32_t i = 0; i < steps; ++i) {
        const Op op = pick_op(rng, depth, ctx->max_depth);
        const std::uint32_t sub = rng();
        ctx->event(seed, Ev::op, static_cast<int>(op));
        std::exception_ptr error;
        try {
            acc += co_await run_op(op, depth, sub, ctx);
        } catch (...) {
            error = std::current_exception();
        }
        if (!error) continue;
        const Kind kind = ctx->note(error, "node step");
        ctx->event(seed, Ev::op_error, static_cast<int>(kind));
        if (kind == Kind::cancelled) {
            const std::uint32_t r = pick(rng, 4);
            if (r == 0) {  // swallow it
                asyncio::current_task().uncancel();
                ++ctx->swallowed;
                ctx->event(seed, Ev::swallow, 0);
                continue;
            }
            if (r == 1) {  // clean up (an await after the cancellation), then rethrow
                try {
                    co_await asyncio::sleep(0s);
                } catch (...) {
                    ctx->note(std::current_exception(), "cleanup");
                }
            }
        } else if (kind == Kind::other || chance(rng, 3)) {
            continue;  // absorbed
        }
        ctx->event(seed, Ev::end_error, static_cast<int>(kind));
        std::rethrow_exception(error);
    }
    ctx->event(seed, Ev::end_value, acc);
    co_return acc;
}

Coro<int> canceller(Task<int> target, std::uint32_t turns) {
    for (std::uint32_t i = 0; i < turns; ++i) co_await asyncio::sleep(0s);
    target.cancel("from outside");
    co_return 0;
}

// -- the driver --

std::size_t open_fd_count() {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd"))
        ++n;
    return n;
}

// One batch: `trees` root trees run concurrently, some cancelled from outside; then every
// orphan is awaited and the loop must be clean.
Coro<> run_batch(std::uint32_t seed, int trees, CtxRef ctx) {
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

Coro<> driver(std::uint32_t seed, int batches, int trees, CtxRef ctx) {
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

RunResult run_stress(std::uint32_t seed, bool zero_time, int batches, int trees,
                     int max_depth = 4) {
    const std::size_t fds_before = open_fd_count();
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
    EXPECT_EQ(open_fd_count(), fds_before) << "fds leaked";
    return RunResult{std::move(ctx.log), ctx.roots, ctx.orphans, ctx.ops, ctx.nodes, ctx.swallowed};
}

void print_summary(const char* what, std::uint32_t seed, const RunResult& r) {
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

class CancellationStress : public ::testing::TestWithParam<std::uint32_t> {};

TEST_P(CancellationStress, RealTime) {
    const std::uint32_t seed = GetParam();
    SCOPED_TRACE("seed " + std::to_string(seed) + ", real time");
    const RunResult r =
        run_stress(seed, /*zero_time=*/false, kRealBatches, kTreesPerBatch, /*max_depth=*/5);
    print_summary("real time", seed, r);
    EXPECT_EQ(r.roots[static_cast<int>(Kind::other)], 0);
}

TEST_P(CancellationStress, ZeroTime) {
    const std::uint32_t seed = GetParam();
    SCOPED_TRACE("seed " + std::to_string(seed) + ", zero time");
    const RunResult r = run_stress(seed, /*zero_time=*/true, kZeroBatches, kTreesPerBatch);
    print_summary("zero time", seed, r);
    EXPECT_EQ(r.roots[static_cast<int>(Kind::other)], 0);
}

INSTANTIATE_TEST_SUITE_P(Seeds, CancellationStress, ::testing::Values(1u, 2u, 3u, 20240611u));

// Without real time the loop is deterministic: the same seed gives the same events, in the
// same order, and so the same outcomes.
TEST(CancellationStressDeterminism, SameSeedSameEvents) {
    for (std::uint32_t seed : {7u, 99u}) {
        SCOPED_TRACE("seed " + std::to_string(seed));
        const RunResult a = run_stress(seed, /*zero_time=*/true, 5, kTreesPerBatch);
        const RunResult b = run_stress(seed, /*zero_time=*/true, 5, kTreesPerBatch);
        EXPECT_EQ(a.roots, b.roots);
        EXPECT_EQ(a.orphans, b.orphans);
        EXPECT_EQ(a.nodes, b.nodes);
        ASSERT_EQ(a.log.size(), b.log.size());
        for (std::size_t i = 0; i < a.log.size(); ++i) {
            ASSERT_EQ(a.log[i], b.log[i]) << "first difference at event " << i;
        }
    }
}

// Trees left running when the loop is closed: close() cancels every pending task and runs
// it to its end, so nothing leaks even without a drain (frames, fds, timers, callbacks).
Coro<> start_and_leave(std::uint32_t seed, int trees, CtxRef ctx) {
    std::mt19937 rng(seed);
    for (int i = 0; i < trees; ++i) spawn(ctx, node(0, rng(), ctx));
    if (ctx->zero_time) {
        for (std::uint32_t i = pick(rng, 12); i > 0; --i) co_await asyncio::sleep(0s);
    } else {
        co_await asyncio::sleep(std::chrono::microseconds(pick(rng, 4000)));
    }
}

void run_and_close_mid_flight(std::uint32_t seed, bool zero_time, int rounds, int trees) {
    const std::size_t fds_before = open_fd_count();
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
    EXPECT_EQ(open_fd_count(), fds_before) << "fds leaked";
}

TEST_P(CancellationStress, LoopClosedMidFlight) {
    const std::uint32_t seed = GetParam();
    SCOPED_TRACE("seed " + std::to_string(seed) + ", loop closed mid-flight");
    run_and_close_mid_flight(seed, /*zero_time=*/false, kCloseRounds, kTreesPerBatch);
    run_and_close_mid_flight(seed + 1000, /*zero_time=*/true, kCloseRounds, kTreesPerBatch);
}

// More seeds: two by default, as many as wanted with ASYNCIO_STRESS_SEEDS=first:count
// (e.g. 1000:200).
TEST(CancellationStressSoak, SeedsFromEnvironment) {
    const char* spec = std::getenv("ASYNCIO_STRESS_SEEDS");
    const std::string text(spec ? spec : "100:2");
    const auto colon = text.find(':');
    const auto first = static_cast<std::uint32_t>(std::stoul(text.substr(0, colon)));
    const auto count = colon == std::string::npos
                           ? 1u
                           : static_cast<std::uint32_t>(std::stoul(text.substr(colon + 1)));
    for (std::uint32_t seed = first; seed < first + count; ++seed) {
        SCOPED_TRACE("soak seed " + std::to_string(seed));
        const int depth = 3 + static_cast<int>(seed % 4);
        run_stress(seed, /*zero_time=*/false, 4, kTreesPerBatch, depth);
        run_stress(seed, /*zero_time=*/true, 4, kTreesPerBatch, depth);
        run_and_close_mid_flight(seed, seed % 2 == 0, 1, kTreesPerBatch);
        if (HasFailure()) {
            std::printf("soak: first failing seed %u\n", seed);
            return;
        }
    }
}

// -- minimized reproductions of what the stress test found --

// as_completed(): an await that starts after the deadline has passed must raise
// TimeoutError at once (the header: "an await that would end after it raises TimeoutError";
// Python's as_completed queues a TimeoutError for every remaining task). It blocks instead
// until one of the remaining tasks finishes: here, never (wait_for ends the test's wait).
Coro<int> pending_forever(asyncio::Future<int> never) { co_return co_await never; }

Coro<int> first_result(asyncio::AsCompleted<int>* results, bool* raised_timeout) {
    try {
        co_return co_await *results->begin();
    } catch (const asyncio::TimeoutError&) {
        *raised_timeout = true;
    }
    co_return -1;
}

TEST(CancellationStressRepro, AsCompletedAwaitAfterDeadlineRaisesAtOnce) {
    asyncio::run([]() -> Coro<> {
        asyncio::Future<int> never;
        Task<int> task = asyncio::create_task(pending_forever(never));
        auto results = asyncio::as_completed(std::vector<Task<int>>{task}, 0s);
        co_await asyncio::sleep(1ms);  // the deadline passes while nobody awaits
        bool raised_timeout = false;
        bool waited_in_vain = false;
        try {
            co_await asyncio::wait_for(first_result(&results, &raised_timeout), 200ms);
        } catch (const asyncio::TimeoutError&) {
            waited_in_vain = true;  // wait_for's own deadline: the await blocked
        }
        EXPECT_TRUE(raised_timeout) << "as_completed raised no TimeoutError";
        EXPECT_FALSE(waited_in_vain) << "the await after the deadline blocked";
        task.cancel();
    }());
}

// The same when the first await times out and the caller awaits the next result, as
// `for (auto next : as_completed(tasks, timeout))` does.
TEST(CancellationStressRepro, AsCompletedSecondAwaitAfterTimeoutRaisesAtOnce) {
    asyncio::run([]() -> Coro<> {
        asyncio::Future<int> never;
        std::vector<Task<int>> tasks{asyncio::create_task(pending_forever(never)),
                                     asyncio::create_task(pending_forever(never))};
        auto results = asyncio::as_completed(tasks, 1ms);
        bool first_timeout = false;
        bool second_timeout = false;
        bool waited_in_vain = false;
        co_await first_result(&results, &first_timeout);  // suspended when the deadline fires
        try {
            co_await asyncio::wait_for(first_result(&results, &second_timeout), 200ms);
        } catch (const asyncio::TimeoutError&) {
            waited_in_vain = true;
        }
        EXPECT_TRUE(first_timeout);
        EXPECT_TRUE(second_timeout) << "the second await raised no TimeoutError";
        EXPECT_FALSE(waited_in_vain) << "the second await blocked";
        for (Task<int>& task : tasks) task.cancel();
    }());
}

// EventLoop::close() promises to cancel every pending task and run it to its end. A task
// that swallows its cancellation and starts another task, which then waits on a timer,
// leaves that task pending: close() stops as soon as nothing is ready. The task's frame
// leaks, and timers_.clear() then treats the task's sleep timer as a call_later Callback
// (static_cast and release(): it decrements a field of the SleepAwaiter).
Coro<> sleeper(bool* finished) {
    co_await asyncio::sleep(50ms);
    *finished = true;
}

Coro<> stubborn(bool* child_finished) {
    try {
        co_await asyncio::sleep(1h);
    } catch (const asyncio::CancelledError&) {
        asyncio::current_task().uncancel();  // swallowed
    }
    asyncio::create_task(sleeper(child_finished));
    co_await asyncio::sleep(0s);  // the child runs its first step: it sleeps on a timer
}

Coro<> start_stubborn(bool* child_finished) {
    asyncio::create_task(stubborn(child_finished));
    co_await asyncio::sleep(0s);  // it runs and sleeps
}

TEST(CancellationStressRepro, CloseFinishesTasksStartedWhileClosing) {
    bool child_finished = false;
    asyncio::EventLoop loop;
    loop.run_until_complete(start_stubborn(&child_finished));
    loop.close();
    EXPECT_EQ(asyncio::detail::LoopAccess::scheduler(loop).pending_task_count(), 0u)
        << "a task outlived close()";
}

// Handle::cancel() from inside the callback it cancels (legal in Python: a no-op once the
// callback runs) sets `fn = nullptr`, destroying the std::function that is executing: its
// captures are freed under it (ASan: heap-use-after-free in the lambda, freed by
// Handle::cancel). Here the callback reads a captured string after cancelling its handle.
TEST(CancellationStressRepro, CallbackCancelsItsOwnHandle) {
    std::string seen;
    asyncio::run([](std::string* seen) -> Coro<> {
        asyncio::Handle handle;
        handle =
            asyncio::get_running_loop().call_soon([&handle, seen, text = std::string(64, 'x')]() {
                handle.cancel();  // no effect: the callback is running
                *seen = text;
            });
        co_await asyncio::sleep(0s);
        co_await asyncio::sleep(0s);
    }(&seen));
    EXPECT_EQ(seen, std::string(64, 'x'));
}

}  // namespace
