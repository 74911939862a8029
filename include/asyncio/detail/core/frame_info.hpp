// Where a coroutine frame is, for the call graph: its function and file, recorded when the
// coroutine is created, and the line of the co_await it is suspended at, recorded at each
// co_await; and which coroutine it awaits inline, so that a task's chain of frames can be
// walked from its root (see asyncio/core/call_graph.hpp).
//
// The locations come from default arguments evaluated where the coroutine is called and where
// it awaits: std::source_location where the standard library has it (its function name is the
// full signature), the compiler's builtins otherwise (clang 14 with libstdc++ 12: the bare
// function name). Either way the frame holds pointers to static strings and an integer.
#pragma once

#include <coroutine>
#include <cstdint>
#include <utility>

#include "asyncio/config.hpp"

#if __has_include(<source_location>)
#include <source_location>
#endif

namespace asyncio::detail {

// A place in the source, from a default argument: where a coroutine was created (the
// promise constructor's), where a call graph is captured. (g++ evaluates the builtins where
// the default argument is written when they are nested in it: std::source_location there.)
struct SourceSite {
    const char* function;
    const char* file;
    std::uint32_t line;
#ifdef __cpp_lib_source_location
    // Implicit: the default argument is a std::source_location.
    SourceSite(std::source_location at) noexcept
        : function(at.function_name()), file(at.file_name()), line(at.line()) {}
#define ASYNCIO_SOURCE_SITE ::std::source_location::current()
#else
    SourceSite(const char* function, const char* file, std::uint32_t line) noexcept
        : function(function), file(file), line(line) {}
#define ASYNCIO_SOURCE_SITE \
    ::asyncio::detail::SourceSite(__builtin_FUNCTION(), __builtin_FILE(), __builtin_LINE())
#endif
};

// What every coroutine frame records for the call graph.
struct FrameInfo {
    explicit FrameInfo(const SourceSite& site) noexcept
        : function(site.function), file(site.file), line(site.line) {}

    const char* function;  // as the compiler spells it (see call_graph.cpp's short_name)
    const char* file;
    std::uint32_t line;  // of the co_await it is suspended at (at first: of the function)
    // The frame of the coroutine this one awaits inline right now (Coro's awaiter sets and
    // clears it). Any kind of coroutine with a FrameInfo can be a link of the chain.
    FrameInfo* awaiting = nullptr;
};

// The awaiter of a co_await, used through a wrapper that await_transform returns: the awaiter
// itself when the awaitable is one (referred to: it lives until the end of the co_await's full
// expression), or what its `operator co_await` returns (held: made in place, never moved).
template <class Awaiter>
class ForwardAwaiter {
  public:
    template <class Make>
    explicit ForwardAwaiter(Make make) : awaiter_(make()) {}
    bool await_ready() { return awaiter_.await_ready(); }
    template <class Promise>
    decltype(auto) await_suspend(std::coroutine_handle<Promise> caller) {
        return awaiter_.await_suspend(caller);
    }
    decltype(auto) await_resume() { return awaiter_.await_resume(); }

  private:
    Awaiter awaiter_;
};

template <class A>
concept HasMemberCoAwait = requires(A&& a) {
    static_cast<A&&>(a).operator co_await();
};

template <class A>
auto forward_awaiter(A&& awaitable) {
    if constexpr (HasMemberCoAwait<A>) {
        using Awaiter = decltype(static_cast<A&&>(awaitable).operator co_await());
        return ForwardAwaiter<Awaiter>(
            [&]() -> Awaiter { return static_cast<A&&>(awaitable).operator co_await(); });
    } else {
        return ForwardAwaiter<A&>([&]() -> A& { return awaitable; });
    }
}

}  // namespace asyncio::detail
