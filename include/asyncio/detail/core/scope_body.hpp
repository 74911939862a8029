// The body of a scope (task_group, task_pool, timeout): a function that returns a Coro<T>
// (a coroutine: it may co_await) or anything else (a plain function: it only starts tasks).
//
// A plain body is accepted so that a lambda with no `co_await` in it need not be a
// coroutine: `[&](TaskGroup tg) -> Coro<> { tg.create_task(f()); }` is not one (it has no
// co_await nor co_return) and falls off the end of a function returning Coro<>, whereas
// `[&](TaskGroup tg) { tg.create_task(f()); }` returns void and is right.
//
// Also here: ScopeAccess, and the check that rejects, with g++ before 13, a callable temporary that
// owns memory (a lambda capturing a std::string by value) passed to an awaitable-making call: g++
// 12 destroys such a temporary written in a co_await expression twice.
#pragma once

#include <functional>
#include <type_traits>
#include <utility>

#include "asyncio/core/coro.hpp"

namespace asyncio::detail {

// How a scope function makes the handle its body takes (TaskGroup, TaskPool, Timeout), whose
// constructors are private: a program gets one only from the scope.
struct ScopeAccess {
    template <class Handle, class... Args>
    static Handle make(Args&... args) noexcept {
        return Handle(args...);
    }
};

template <class T>
struct BodyValueOf {
    using type = T;
};
template <class T>
struct BodyValueOf<Coro<T>> {
    using type = T;
};
template <class T>
inline constexpr bool is_coro_v = false;
template <class T>
inline constexpr bool is_coro_v<Coro<T>> = true;

// What awaiting the body gives: T for a body returning Coro<T> or T.
template <class F, class... Args>
using BodyValue = typename BodyValueOf<std::invoke_result_t<F&, Args...>>::type;

template <class R, class F, class... Args>
Coro<R> call_plain_body(F& body, Args... args) {  // awaited at once: `body` outlives it
    if constexpr (std::is_void_v<R>) {
        std::invoke(body, std::move(args)...);
        co_return;
    } else {
        co_return std::invoke(body, std::move(args)...);
    }
}

// `body(args...)` as a Coro to await at once.
template <class F, class... Args>
Coro<BodyValue<F, Args...>> call_body(F& body, Args... args) {
    if constexpr (is_coro_v<std::invoke_result_t<F&, Args...>>) {
        return std::invoke(body, std::move(args)...);
    } else {
        return call_plain_body<BodyValue<F, Args...>>(body, std::move(args)...);
    }
}

// For a parameter `F&& fn` of a call whose result is awaited: with g++ before 13, an rvalue
// (F not a reference) that owns memory is a compile error naming the safe spellings. A
// template cannot tell a temporary from std::move(named), so both are refused: pass the
// named callable as an lvalue (it is copied). A Coro is safe (not an aggregate: g++ 12 gets
// those right); a move-only callable cannot be copied and is let through.
template <class F>
constexpr void check_callable_temporary() noexcept {
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ < 13
    static_assert(std::is_reference_v<F> || std::is_trivially_destructible_v<F> ||
                      is_coro_v<std::remove_cvref_t<F>> || !std::is_copy_constructible_v<F>,
                  "g++ 12 destroys a lambda temporary written in a co_await expression twice, "
                  "and this one owns memory (it captures by value something with a "
                  "destructor): capture by reference ([&]), or name the lambda first and pass "
                  "it by name (auto fn = [s](...) {...}; co_await asyncio::to_thread(fn);)");
#endif
}

// The same for an argument: an aggregate temporary that owns memory.
template <class A>
constexpr void check_argument_temporary() noexcept {
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ < 13
    static_assert(
        std::is_reference_v<A> || std::is_trivially_destructible_v<A> || !std::is_aggregate_v<A>,
        "g++ 12 destroys an aggregate temporary written in a co_await expression "
        "twice, and this one owns memory: name it in a variable first");
#endif
}

}  // namespace asyncio::detail
