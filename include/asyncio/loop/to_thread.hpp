// `to_thread(fn, args...)`: run a blocking or CPU-bound call on a worker thread and await its
// result from the loop (Python's `asyncio.to_thread`); `run_in_executor(pool, fn, args...)`
// does the same on a pool of one's own; `run_coroutine_threadsafe(coro, loop)` goes the other
// way, from any thread into a loop, and gives a `std::future`.
//
// The call's result or exception comes back to the awaiting task on the loop's thread.
// Cancelling the await stops the waiting at once; the call itself runs to its end on its
// thread (a thread cannot be interrupted) and its result is dropped. Nothing of the loop is
// touched from the worker thread but `call_soon_threadsafe`.
//
// With g++ 12, a lambda temporary that captures by value something owning memory, written in
// the co_await (`co_await to_thread([s = std::string(...)] {...})`), is a compile error:
// g++ 12 would destroy it twice. Name the lambda first, or capture by reference.
#pragma once

#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>

#include "asyncio/core/coro.hpp"
#include "asyncio/core/future.hpp"
#include "asyncio/core/task.hpp"
#include "asyncio/detail/core/scope_body.hpp"
#include "asyncio/loop/event_loop.hpp"
#include "asyncio/loop/thread_pool.hpp"

namespace asyncio {

namespace detail {

// One call on a worker thread. Shared (atomically counted) between the worker and the loop;
// the loop-side Future is moved out on the loop's thread before anything else may drop it.
template <class R, class F, class... Args>
struct ThreadCall {
    F fn;
    std::tuple<Args...> args;
    EventLoop* loop;
    Future<R> done;  // touched on the loop's thread only
    std::optional<std::conditional_t<std::is_void_v<R>, bool, R>> value;
    std::exception_ptr error;

    static void run(std::shared_ptr<ThreadCall> self) {  // on the worker thread
        try {
            if constexpr (std::is_void_v<R>) {
                std::apply(self->fn, std::move(self->args));
                self->value.emplace(true);
            } else {
                self->value.emplace(std::apply(self->fn, std::move(self->args)));
            }
        } catch (...) {
            self->error = std::current_exception();
        }
        EventLoop* loop = self->loop;
        loop->call_soon_threadsafe([self = std::move(self)] { deliver(*self); });
    }

    static void deliver(ThreadCall& call) {  // on the loop's thread
        Future<R> done = std::move(call.done);
        if (done.done()) return;  // the awaiter was cancelled: the result is dropped
        if (call.error) {
            done.set_exception(call.error);
        } else if constexpr (std::is_void_v<R>) {
            done.set_result();
        } else {
            done.set_result(std::move(*call.value));
        }
    }
};

template <class F, class... Args>
Coro<std::invoke_result_t<F&, Args...>> run_in_executor(ThreadPool& pool, F fn, Args... args) {
    using R = std::invoke_result_t<F&, Args...>;
    using Call = ThreadCall<R, F, Args...>;
    Future<R> done;
    auto call = std::make_shared<Call>(Call{
        std::move(fn), std::tuple<Args...>(std::move(args)...), &get_running_loop(), done, {}, {}});
    pool.submit([call]() mutable { Call::run(std::move(call)); });
    if constexpr (std::is_void_v<R>) {
        co_await done;
    } else {
        co_return co_await done;
    }
}

}  // namespace detail

// Runs `fn(args...)` on `pool` and awaits its result. Arguments are moved to the thread.
template <class F, class... Args>
Coro<std::invoke_result_t<std::decay_t<F>&, std::decay_t<Args>...>> run_in_executor(
    ThreadPool& pool, F&& fn, Args&&... args) {
    detail::check_callable_temporary<F>();
    (detail::check_argument_temporary<Args>(), ...);
    return detail::run_in_executor(pool, std::decay_t<F>(std::forward<F>(fn)),
                                   std::decay_t<Args>(std::forward<Args>(args))...);
}

// Runs `fn(args...)` on the running loop's default thread pool.
template <class F, class... Args>
Coro<std::invoke_result_t<std::decay_t<F>&, std::decay_t<Args>...>> to_thread(F&& fn,
                                                                              Args&&... args) {
    return run_in_executor(get_running_loop().default_executor(), std::forward<F>(fn),
                           std::forward<Args>(args)...);
}

// From any thread: runs `coro` as a task of `loop` and gives its outcome as a std::future.
template <class T>
std::future<T> run_coroutine_threadsafe(Coro<T> coro, EventLoop& loop) {
    auto promise = std::make_shared<std::promise<T>>();
    std::future<T> result = promise->get_future();
    auto frame = std::make_shared<Coro<T>>(std::move(coro));
    loop.call_soon_threadsafe([frame, promise, &loop] {
        Task<T> task = loop.create_task(std::move(*frame));
        task.add_done_callback([promise](Task<T> done) {
            try {
                if constexpr (std::is_void_v<T>) {
                    done.result();
                    promise->set_value();
                } else {
                    promise->set_value(done.result());
                }
            } catch (...) {
                promise->set_exception(std::current_exception());
            }
        });
    });
    return result;
}

}  // namespace asyncio
