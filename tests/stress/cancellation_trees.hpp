// The random task trees of the cancellation stress tests (namespace cancellation_stress):
// node() runs a few operations drawn from a seeded PRNG (sleeps, child tasks, gather,
// task groups, timeouts, shield, wait, as_completed, futures completed by callbacks, pipes
// watched by the loop, failures, cancellations of itself and of siblings), absorbing or
// propagating what they raise at random; canceller() cancels a tree from outside.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <exception>
#include <optional>
#include <random>
#include <utility>
#include <vector>

#include "asyncio/asyncio.hpp"
#include "stress/cancellation_support.hpp"

namespace cancellation_stress {

// A node of a tree (below): the operations that spawn children call it.
inline Coro<int> node(int depth, std::uint32_t seed, CtxRef ctx);

// -- the operations a node runs; each takes its parameters by value --

inline Coro<int> op_yield() {
    co_await asyncio::sleep(0s);
    co_return 1;
}

inline Coro<int> op_sleep(std::uint32_t seed, CtxRef ctx) {
    std::mt19937 rng(seed);
    co_await random_sleep(rng, *ctx);
    co_return 2;
}

inline Coro<int> op_inline(int depth, std::uint32_t seed, CtxRef ctx) {
    co_return co_await node(depth + 1, seed, ctx);
}

// create_task of children, then await them one by one.
inline Coro<int> op_tasks(int depth, std::uint32_t seed, CtxRef ctx) {
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

inline int sum_outcomes(Ctx& ctx, const std::vector<asyncio::Outcome<int>>& outcomes) {
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

inline Coro<int> op_gather(int depth, std::uint32_t seed, CtxRef ctx) {
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

inline Coro<int> group_body(asyncio::TaskGroup tg, int depth, std::uint32_t seed, CtxRef ctx) {
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
inline Coro<int> op_group(int depth, std::uint32_t seed, CtxRef ctx) {
    auto body = [depth, seed, ctx](asyncio::TaskGroup tg) {
        return group_body(tg, depth, seed, ctx);
    };
    co_return co_await asyncio::task_group(body);
}

inline Coro<int> timed_body(asyncio::Timeout cm, int depth, std::uint32_t seed, CtxRef ctx) {
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

inline Coro<int> op_timeout(int depth, std::uint32_t seed, CtxRef ctx) {
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

inline Coro<int> op_shield(int depth, std::uint32_t seed, CtxRef ctx) {
    std::mt19937 rng(seed);
    Task<int> kid = spawn(ctx, node(depth + 1, rng(), ctx));
    if (chance(rng, 6)) kid.cancel();
    co_return co_await asyncio::shield(kid);
}

// wait(FIRST_COMPLETED), then cancel the pending ones.
inline Coro<int> op_wait_first(int depth, std::uint32_t seed, CtxRef ctx) {
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
inline Coro<int> op_future(std::uint32_t seed, CtxRef ctx) {
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
inline Coro<int> op_pipe(std::uint32_t seed, CtxRef ctx) {
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

inline Coro<int> op_raise(std::uint32_t seed) {
    if (seed % 2) co_await asyncio::sleep(0s);
    throw Boom(seed);
}

inline Coro<int> op_cancel_sibling(std::uint32_t seed, CtxRef ctx) {
    std::mt19937 rng(seed);
    if (!ctx->registry.empty()) {
        asyncio::AnyTask victim = ctx->registry[pick(rng, ctx->registry.size())];
        victim.cancel(chance(rng, 3) ? "by a sibling" : "");
    }
    if (chance(rng, 2)) co_await asyncio::sleep(0s);
    co_return 0;
}

inline Coro<int> op_cancel_self() {
    asyncio::current_task().cancel();
    co_await asyncio::sleep(0s);  // raises CancelledError
    co_return 0;
}

// Waits, with a deadline, on tasks picked at random from the whole batch (perhaps this
// very task, or an ancestor: wait() never cancels what it waits on, and the deadline ends
// the wait), so that tasks have several waiters at once.
inline Coro<int> op_observe(std::uint32_t seed, CtxRef ctx) {
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
inline Coro<int> op_as_completed(int depth, std::uint32_t seed, CtxRef ctx) {
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

inline Coro<int> run_op(Op op, int depth, std::uint32_t seed, const CtxRef& ctx) {
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
inline Coro<int> node(int depth, std::uint32_t seed, CtxRef ctx) {
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

inline Coro<int> canceller(Task<int> target, std::uint32_t turns) {
    for (std::uint32_t i = 0; i < turns; ++i) co_await asyncio::sleep(0s);
    target.cancel("from outside");
    co_return 0;
}

}  // namespace cancellation_stress
