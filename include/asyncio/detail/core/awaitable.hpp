// What any awaitable gives when awaited, and a coroutine that awaits it: for the combinators
// that take "an awaitable" as Python's do (wait_for(sleep(5), 1)), not only a Coro or a Task.
#pragma once

#include <utility>

#include "asyncio/core/coro.hpp"
#include "asyncio/detail/core/frame_info.hpp"

namespace asyncio::detail {

// The awaiter of `A`: its member operator co_await's result, or `A` itself.
template <class A>
decltype(auto) awaiter_of(A&& awaitable) {
    if constexpr (HasMemberCoAwait<A>) {
        return std::forward<A>(awaitable).operator co_await();
    } else {
        return std::forward<A>(awaitable);
    }
}

template <class A>
concept Awaitable = requires(A&& awaitable) {
    awaiter_of(std::forward<A>(awaitable)).await_resume();
};

// What `co_await std::declval<A>()` gives.
template <Awaitable A>
using AwaitResult = decltype(awaiter_of(std::declval<A>()).await_resume());

// `co_await awaitable`, as a Coro of its own.
template <Awaitable A>
Coro<AwaitResult<A>> await_in_coro(A awaitable) {
    co_return co_await std::move(awaitable);
}

}  // namespace asyncio::detail
