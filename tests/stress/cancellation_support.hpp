// Helpers of the cancellation stress tests (namespace cancellation_stress), the state of one
// run shared by every node of its random task trees:
//   Boom, Kind, classify()     the custom failure, and the outcomes a task may end with:
//                              value, Boom, CancelledError, TimeoutError, ExceptionGroup;
//                              anything else is `other`, a bug;
//   Op, Ev, Ctx                the operations a node can run, the events logged (for the
//                              determinism check), and the state of a run: its loop, its
//                              tasks, futures, counters and unexpected outcomes;
//   CtxRef, LiveNode           counted references and live node bodies: a coroutine frame or
//                              a callback never freed shows up as a count left over;
//   HandleGuard, PipeGuard     a callback cancelled, a watched pipe closed, at scope end;
//   pick(), chance(), ...      the seeded random choices: sleeps, deadlines, operations.
// The trees themselves are in cancellation_trees.hpp, the runs in cancellation_runs.hpp.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <random>
#include <stdexcept>
#include <string>
#include <typeinfo>
#include <utility>
#include <vector>

#include "asyncio/asyncio.hpp"

namespace cancellation_stress {

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
inline constexpr const char* kKindNames[kKinds] = {"value",   "Boom",           "CancelledError",
                                                   "Timeout", "ExceptionGroup", "OTHER"};

// What `e` is; anything outside the allowed set is `other`, described in `detail`.
inline Kind classify(const std::exception_ptr& e, std::string* detail = nullptr) {
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

inline void write_byte(int fd) {
    const char byte = 'x';
    (void)!::write(fd, &byte, 1);
}

inline std::uint32_t pick(std::mt19937& rng, std::uint32_t n) { return rng() % n; }
inline bool chance(std::mt19937& rng, std::uint32_t one_in) { return rng() % one_in == 0; }

// A sleep of 0-3 ms (real time), or a plain yield (zero time).
inline asyncio::SleepAwaiter random_sleep(std::mt19937& rng, const Ctx& ctx) {
    if (ctx.zero_time) return asyncio::sleep(0s);
    return asyncio::sleep(std::chrono::microseconds(pick(rng, 3001)));
}

// A deadline 0-3 ms away (real time); zero time: already due, or an hour away (never fires).
inline asyncio::Clock::duration random_delay(std::mt19937& rng, const Ctx& ctx) {
    if (ctx.zero_time) return chance(rng, 2) ? asyncio::Clock::duration(0h) : 1h;
    return std::chrono::microseconds(pick(rng, 3001));
}

inline Op pick_op(std::mt19937& rng, int depth, int max_depth) {
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

inline Task<int> spawn(const CtxRef& ctx, Coro<int> coro) {
    Task<int> task = asyncio::create_task(std::move(coro));
    ctx->registry.emplace_back(task);
    return task;
}

}  // namespace cancellation_stress
