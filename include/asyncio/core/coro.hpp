// `Coro<T>`: the C++ spelling of Python's `async def f() -> T`.
//
// Calling a coroutine function runs nothing: it returns a `Coro`, which starts when it is
// awaited (`co_await f()`, run inline in the awaiting task) or turned into a task
// (`create_task(f())`). A `Coro` is move-only and awaited at most once. Awaiting uses
// symmetric transfer both ways, so a chain of a million nested `co_await`s takes no stack.
// An exception escaping the body reaches the awaiter unchanged (same type, same message).
//
// The promise carries the state a task needs, so that making a task from a `Coro` allocates
// nothing beyond the coroutine frame itself (frames are recycled, see
// detail/core/frame_allocator.hpp).
#pragma once

#include <concepts>
#include <coroutine>
#include <cstdio>
#include <memory>
#include <type_traits>
#include <utility>

#include "asyncio/core/errors.hpp"
#include "asyncio/detail/core/debug.hpp"
#include "asyncio/detail/core/frame_allocator.hpp"
#include "asyncio/detail/core/frame_info.hpp"
#include "asyncio/detail/core/task_core.hpp"

namespace asyncio {

template <class T = void>
class Coro;

namespace detail {

template <class T>
class CoroPromise;

// g++ 12 sometimes lays out a coroutine frame with the promise where the handle does not
// expect it (seen with a co_await inside an if/while condition): resuming such a coroutine
// traps or never returns to its caller. Code built with g++ before 13 checks every new
// coroutine against the frame the allocator handed out last (a thread-local load and a
// compare) and stops with a clear message rather than hang. The check is the choice of the
// compiler that builds the including code, whichever compiler built the library: the library
// records every frame and defines report_misplaced_promise in every build.
[[noreturn]] void report_misplaced_promise() noexcept;
inline void check_frame_layout(void* handle_address) noexcept {
    if (handle_address != last_allocated_frame) [[unlikely]]
        report_misplaced_promise();
}
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ < 13
#define ASYNCIO_CHECK_FRAME_LAYOUT 1
#endif

// The handle of a coroutine being created (for get_return_object), checked as above.
template <class Promise>
std::coroutine_handle<Promise> handle_of_new_frame(Promise& promise) noexcept {
    auto handle = std::coroutine_handle<Promise>::from_promise(promise);
#ifdef ASYNCIO_CHECK_FRAME_LAYOUT
    check_frame_layout(handle.address());
#endif
    return handle;
}

// What every coroutine promise has, whatever its result type.
class CoroPromiseBase : public TaskCore {
  public:
    static void* operator new(std::size_t size) { return allocate_frame(size); }
    static void operator delete(void* frame, std::size_t size) noexcept {
        deallocate_frame(frame, size);
    }

    std::suspend_always initial_suspend() noexcept { return {}; }

    struct FinalAwaiter {
        bool await_ready() const noexcept { return false; }
        template <class Promise>
        std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> self) noexcept {
            CoroPromiseBase& promise = self.promise();
            if (!promise.is_task_) return promise.continuation();
            promise.resume_point_ = self;  // what the last release destroys
            promise.finish();              // may destroy this frame: touch nothing after it
            return std::noop_coroutine();
        }
        void await_resume() const noexcept {}
    };
    FinalAwaiter final_suspend() noexcept { return {}; }

    void unhandled_exception() noexcept { capture_current_exception(); }

    // For Coro and spawning: the continuation an inline await resumes at the end.
    void set_continuation(std::coroutine_handle<> c) noexcept { resume_point_ = c; }
    std::coroutine_handle<> continuation() const noexcept { return resume_point_; }
    bool awaited() const noexcept { return awaited_; }
    void mark_awaited() noexcept { awaited_ = true; }

    // Makes this coroutine a task of `scheduler` (see TaskCore::start).
    void start_task(Scheduler& scheduler, std::coroutine_handle<> self, std::string_view name) {
        start(scheduler, self, name);
    }

#if ASYNCIO_CALL_GRAPH
    // Every co_await of the body passes here first: it records the line it suspends at. The
    // awaiter is then used through a forwarding wrapper (see frame_info.hpp): returning the
    // awaitable itself, g++ 12 would move it, which an awaiter that cannot move refuses.
    template <class A>
    auto await_transform(A&& awaitable, std::uint32_t line = __builtin_LINE()) {
        frame_.line = line;
        return forward_awaiter(static_cast<A&&>(awaitable));
    }
    FrameInfo& frame_info() noexcept { return frame_; }
    const FrameInfo& frame_info() const noexcept { return frame_; }

  protected:
    explicit CoroPromiseBase(const SourceSite& site) noexcept : frame_(site) {}

  private:
    FrameInfo frame_;
#else
  protected:
    explicit CoroPromiseBase(const SourceSite&) noexcept {}
#endif
};

// The link the call graph walks from a task's root to its innermost frame: set when a
// coroutine awaits another inline (a Coro, an AsyncGenerator's next item), cleared when it
// resumes. Only our own coroutines have frames to link; with the call graph configured off,
// nothing at all.
#if ASYNCIO_CALL_GRAPH
using FrameLink = FrameInfo*;
template <class CallerPromise, class CalleePromise>
FrameLink link_frames(std::coroutine_handle<CallerPromise> caller,
                      std::coroutine_handle<CalleePromise> callee) noexcept {
    if constexpr (std::is_base_of_v<CoroPromiseBase, CallerPromise>) {
        FrameInfo& info = caller.promise().frame_info();
        info.awaiting = &callee.promise().frame_info();
        return &info;
    } else {
        return nullptr;
    }
}
inline void unlink_frames(FrameLink link) noexcept {
    if (link) link->awaiting = nullptr;
}
#else
struct FrameLink {};
template <class CallerPromise, class CalleePromise>
FrameLink link_frames(std::coroutine_handle<CallerPromise>,
                      std::coroutine_handle<CalleePromise>) noexcept {
    return {};
}
inline void unlink_frames(FrameLink) noexcept {}
#endif

template <class T>
class CoroPromise final : public CoroPromiseBase {
  public:
    // The value is constructed by return_value. The argument is where the coroutine is:
    // the compiler tries the coroutine's own arguments first, which never make a SourceSite.
    CoroPromise(SourceSite site = ASYNCIO_SOURCE_SITE) noexcept : CoroPromiseBase(site) {}
    ~CoroPromise() {
        if (status_ == Status::value) value_.~T();
    }

    Coro<T> get_return_object() noexcept;

    template <class U = T>
    requires std::convertible_to<U&&, T>
    void return_value(U&& value) noexcept(std::is_nothrow_constructible_v<T, U&&>) {
        std::construct_at(std::addressof(value_), std::forward<U>(value));
        status_ = Status::value;
    }

    // The outcome, for whoever holds the result: throws the exception the body ended with.
    T& result() & {
        rethrow_if_failed();
        return value_;
    }

  private:
    union {
        T value_;
    };
};

template <>
class CoroPromise<void> final : public CoroPromiseBase {
  public:
    CoroPromise(SourceSite site = ASYNCIO_SOURCE_SITE) noexcept : CoroPromiseBase(site) {}
    Coro<void> get_return_object() noexcept;
    void return_void() noexcept { status_ = Status::value; }
    void result() { rethrow_if_failed(); }
};

void report_never_awaited() noexcept;

// Names the frame of one of the library's own coroutines as the call graph shows it
// ("asyncio::wait_for" rather than the detail that implements it).
template <class T>
Coro<T> named_frame(Coro<T> coro, const char* name) noexcept;

}  // namespace detail

template <class T>
class [[nodiscard]] Coro {
    static_assert(!std::is_reference_v<T>, "Coro<T&> is not supported: return a value");

  public:
    using promise_type = detail::CoroPromise<T>;
    using value_type = T;

    Coro(Coro&& other) noexcept : frame_(std::exchange(other.frame_, nullptr)) {}
    Coro& operator=(Coro other) noexcept {
        std::swap(frame_, other.frame_);
        return *this;
    }
    ~Coro() {
        if (!frame_) return;
        if (!frame_.promise().awaited() && detail::debug_mode()) detail::report_never_awaited();
        frame_.destroy();
    }

    class Awaiter {
      public:
        explicit Awaiter(std::coroutine_handle<promise_type> frame) noexcept : frame_(frame) {}
        bool await_ready() const noexcept { return false; }
        template <class CallerPromise>
        std::coroutine_handle<> await_suspend(
            std::coroutine_handle<CallerPromise> caller) noexcept {
            frame_.promise().set_continuation(caller);
            link_ = detail::link_frames(caller, frame_);
            return frame_;
        }
        T await_resume() {
            detail::unlink_frames(link_);
            if constexpr (std::is_void_v<T>) {
                frame_.promise().result();
            } else {
                return std::move(frame_.promise().result());
            }
        }

      private:
        std::coroutine_handle<promise_type> frame_;
        [[no_unique_address]] detail::FrameLink link_{};
    };

    // Runs the coroutine inline in the awaiting task. A Coro can be awaited once.
    Awaiter operator co_await() & { return Awaiter(take_for_await()); }
    Awaiter operator co_await() && { return Awaiter(take_for_await()); }

    // Hands the frame over (to create_task). Not for everyday use.
    std::coroutine_handle<promise_type> release() noexcept {
        if (frame_) frame_.promise().mark_awaited();
        return std::exchange(frame_, nullptr);
    }

  private:
    friend class detail::CoroPromise<T>;
    friend Coro detail::named_frame<T>(Coro coro, const char* name) noexcept;
    explicit Coro(std::coroutine_handle<promise_type> frame) noexcept : frame_(frame) {}

    std::coroutine_handle<promise_type> take_for_await() {
        if (!frame_) throw RuntimeError("cannot await a Coro that was moved from");
        if (frame_.promise().awaited()) throw RuntimeError("cannot reuse an already awaited Coro");
        frame_.promise().mark_awaited();
        return frame_;
    }

    std::coroutine_handle<promise_type> frame_;
};

namespace detail {

template <class T>
Coro<T> CoroPromise<T>::get_return_object() noexcept {
    return Coro<T>(handle_of_new_frame(*this));
}

template <class T>
Coro<T> named_frame(Coro<T> coro, [[maybe_unused]] const char* name) noexcept {
#if ASYNCIO_CALL_GRAPH
    if (coro.frame_) coro.frame_.promise().frame_info().function = name;
#endif
    return coro;
}

inline Coro<void> CoroPromise<void>::get_return_object() noexcept {
    return Coro<void>(handle_of_new_frame(*this));
}

}  // namespace detail
}  // namespace asyncio
