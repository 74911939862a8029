// `AsyncGenerator<T>`: the C++ spelling of Python's `async def` with `yield`, a coroutine that
// both `co_await`s and `co_yield`s, and the loop that stands for `async for`:
//
//   asyncio::AsyncGenerator<int> ticks(int n) {
//       for (int i = 0; i < n; ++i) {
//           co_await asyncio::sleep(1s);
//           co_yield i;
//       }
//   }
//
//   auto gen = ticks(3);                                                   // async for i in gen:
//   for (auto it = co_await gen.begin(); it != gen.end(); co_await ++it) {
//       int i = *it;
//   }
//   int first = co_await asyncio::anext(other);  // StopAsyncIteration at the end
//
// It is lazy: calling the function runs nothing; the body runs inline in the task that asks for
// an item (`begin()`, `++it`, `anext`), up to its next `co_yield`, exactly like a `Coro` awaited
// by that task: its `co_await`s suspend that task, and cancelling the task cancels what the body
// awaits; the CancelledError goes through the body (its clean-up runs) and reaches the consumer.
// An exception escaping the body reaches the consumer at the item it asked for; the generator
// is then finished (the next `anext` raises StopAsyncIteration). `begin()` is not a restart: it
// continues from wherever the generator is (Python's `aiter(gen)` is `gen`). Items are handed
// out by reference (`*it`, move from it if you like) or by move (`anext`). Asking for an item
// while the body runs for another task raises RuntimeError, as in Python.
//
// Stopping early, the rule: C++ cannot await in a destructor. Destroying a generator that is
// suspended at a `co_yield` (a `break` out of the loop, an exception, a cancelled consumer: the
// generator object goes out of scope) unwinds its body, running the destructors of its locals
// (RAII clean-up) but no `co_await`. For clean-up that awaits, call `co_await gen.aclose()`
// (Python's aclose()): it throws `GeneratorExit` into the body at its `co_yield`, so that the body
// can keep it, await its clean-up, and rethrow it (or return). aclose() raises RuntimeError if
// the body yields again instead (the generator is then destroyed), and any other exception the
// clean-up raises. On a generator that never started, or has finished, aclose() runs nothing.
// Either way the generator is then finished. Python instead lets the event loop's finalizer
// call aclose() for a generator that is dropped unfinished.
//
// The frame comes from the frame allocator, as a Coro's; an item allocates nothing.
#pragma once

#include <coroutine>
#include <cstddef>
#include <iterator>
#include <memory>
#include <type_traits>
#include <utility>

#include "asyncio/core/coro.hpp"
#include "asyncio/core/errors.hpp"

namespace asyncio {

template <class T>
class AsyncGenerator;

namespace detail {

// The promise is a CoroPromiseBase like a Coro's: its resume point is the consumer's coroutine
// (set at every resumption), which it resumes at each `co_yield` and at the end.
template <class T>
class AsyncGeneratorPromise final : public CoroPromiseBase {
  public:
    // Records where the generator is, for the call graph (see CoroPromise).
    AsyncGeneratorPromise(SourceSite site = ASYNCIO_SOURCE_SITE) noexcept : CoroPromiseBase(site) {}
    AsyncGenerator<T> get_return_object() noexcept;
    void return_void() noexcept { status_ = Status::value; }

    // At a `co_yield`: hands the consumer the item and returns to it. GeneratorExit comes out
    // of the `co_yield` once aclose() resumes the body.
    class YieldAwaiter {
      public:
        explicit YieldAwaiter(AsyncGeneratorPromise& promise) noexcept : promise_(&promise) {}
        bool await_ready() const noexcept { return false; }
        std::coroutine_handle<> await_suspend(std::coroutine_handle<>) noexcept {
            promise_->running_ = false;
            return promise_->continuation();
        }
        void await_resume() const {
            if (promise_->closing_) throw GeneratorExit();
        }

      private:
        AsyncGeneratorPromise* promise_;
    };

    // An rvalue (a temporary of the `co_yield` expression) lives in the frame until the body
    // resumes: the consumer sees it in place.
    YieldAwaiter yield_value(T&& value) noexcept {
        item_ = std::addressof(value);
        return YieldAwaiter(*this);
    }
    // An lvalue belongs to the body, which may change it once resumed: the consumer gets a copy,
    // kept in the awaiter, which lives in the frame while suspended.
    auto yield_value(const T& value) requires std::copy_constructible<T> {
        struct CopyAwaiter : YieldAwaiter {
            CopyAwaiter(AsyncGeneratorPromise& promise, const T& value)
                : YieldAwaiter(promise), copy(value) {
                promise.item_ = std::addressof(copy);
            }
            CopyAwaiter(const CopyAwaiter&) = delete;
            T copy;
        };
        return CopyAwaiter(*this, value);
    }

  private:
    friend class AsyncGenerator<T>;
    T* item_ = nullptr;
    bool begun_ = false;            // resumed at least once
    bool running_ = false;          // the body runs (or awaits) for a consumer
    bool closing_ = false;          // aclose() resumed it
    bool error_delivered_ = false;  // the exception the body ended with was raised
};

}  // namespace detail

template <class T>
class [[nodiscard]] AsyncGenerator {
    static_assert(std::is_object_v<T> && !std::is_const_v<T> && !std::is_volatile_v<T>,
                  "AsyncGenerator<T> needs a non-const, non-reference object type");

  public:
    using promise_type = detail::AsyncGeneratorPromise<T>;
    using value_type = T;

    // An empty generator: no items. What a moved-from or closed generator is.
    AsyncGenerator() noexcept = default;
    AsyncGenerator(AsyncGenerator&& other) noexcept : frame_(std::exchange(other.frame_, {})) {}
    AsyncGenerator& operator=(AsyncGenerator other) noexcept {
        std::swap(frame_, other.frame_);
        return *this;
    }
    // Unwinds a body suspended at a `co_yield`: its locals' destructors run, no `co_await`.
    ~AsyncGenerator() {
        if (frame_) frame_.destroy();
    }

    // `co_await`: runs the body inline in the awaiting task up to its next `co_yield` or its
    // end; gives true for an item. What begin(), ++it and anext share.
    class [[nodiscard]] Advance {
      public:
        explicit Advance(std::coroutine_handle<promise_type> frame) : frame_(frame) {
            if (frame_ && !frame_.done() && frame_.promise().running_)
                throw RuntimeError("anext(): asynchronous generator is already running");
        }
        bool await_ready() const noexcept { return !frame_ || frame_.done(); }
        template <class ConsumerPromise>
        std::coroutine_handle<> await_suspend(
            std::coroutine_handle<ConsumerPromise> consumer) noexcept {
            link_ = detail::link_frames(consumer, frame_);
            return resume_body(frame_, consumer);
        }
        bool await_resume() const {
            detail::unlink_frames(link_);
            if (!frame_) return false;
            if (!frame_.done()) return true;
            // The end: an exception the body ended with is raised once, at this item.
            promise_type& promise = frame_.promise();
            if (promise.has_exception() && !std::exchange(promise.error_delivered_, true))
                promise.rethrow_if_failed();
            return false;
        }

      protected:
        std::coroutine_handle<promise_type> frame_;
        [[no_unique_address]] detail::FrameLink link_{};
    };

    // A position in the generator: `*it` is the current item, `co_await ++it` moves to the next
    // one, and `it != gen.end()` until the body has ended.
    class iterator {
      public:
        using value_type = T;
        using difference_type = std::ptrdiff_t;

        iterator() noexcept = default;
        T& operator*() const noexcept { return *frame_.promise().item_; }
        T* operator->() const noexcept { return frame_.promise().item_; }

        class [[nodiscard]] Increment : public Advance {
          public:
            using Advance::Advance;
            void await_resume() const { (void)Advance::await_resume(); }
        };
        Increment operator++() { return Increment(frame_); }

        friend bool operator==(const iterator& it, std::default_sentinel_t) noexcept {
            return !it.frame_ || it.frame_.done();
        }

      private:
        friend class AsyncGenerator;
        explicit iterator(std::coroutine_handle<promise_type> frame) noexcept : frame_(frame) {}
        std::coroutine_handle<promise_type> frame_;
    };

    // `co_await gen.begin()`: the first item (or the end).
    class [[nodiscard]] Begin : public Advance {
      public:
        using Advance::Advance;
        iterator await_resume() const {
            (void)Advance::await_resume();
            return iterator(this->frame_);
        }
    };
    Begin begin() { return Begin(frame_); }
    std::default_sentinel_t end() const noexcept { return {}; }

    // `co_await anext(gen)`: the next item, moved out, or StopAsyncIteration.
    class [[nodiscard]] Next : public Advance {
      public:
        using Advance::Advance;
        T await_resume() const {
            if (!Advance::await_resume()) throw StopAsyncIteration();
            return std::move(*this->frame_.promise().item_);
        }
    };

    // `co_await gen.aclose()`: see the header's comment.
    class [[nodiscard]] Close {
      public:
        explicit Close(AsyncGenerator& gen) : gen_(&gen) {
            auto frame = gen.frame_;
            if (frame && !frame.done() && frame.promise().running_)
                throw RuntimeError("aclose(): asynchronous generator is already running");
        }
        // A body suspended at a `co_yield` is resumed; any other is simply destroyed.
        bool await_ready() const noexcept {
            auto frame = gen_->frame_;
            return !frame || frame.done() || !frame.promise().begun_;
        }
        template <class ConsumerPromise>
        std::coroutine_handle<> await_suspend(
            std::coroutine_handle<ConsumerPromise> consumer) noexcept {
            gen_->frame_.promise().closing_ = true;
            link_ = detail::link_frames(consumer, gen_->frame_);
            return resume_body(gen_->frame_, consumer);
        }
        void await_resume() const {
            detail::unlink_frames(link_);
            AsyncGenerator finished;  // destroys the frame on the way out, whatever happens
            std::swap(finished.frame_, gen_->frame_);
            if (!finished.frame_ || !finished.frame_.promise().closing_) return;
            if (!finished.frame_.done())
                throw RuntimeError("async generator ignored GeneratorExit");
            try {
                finished.frame_.promise().rethrow_if_failed();
            } catch (const GeneratorExit&) {
            }
        }

      private:
        AsyncGenerator* gen_;
        [[no_unique_address]] detail::FrameLink link_{};
    };
    Close aclose() { return Close(*this); }

  private:
    friend class detail::AsyncGeneratorPromise<T>;
    template <class U>
    friend typename AsyncGenerator<U>::Next anext(AsyncGenerator<U>& gen);

    explicit AsyncGenerator(std::coroutine_handle<promise_type> frame) noexcept : frame_(frame) {}

    // The consumer becomes the body's continuation (its resume point, as a Coro's awaiter).
    static std::coroutine_handle<> resume_body(std::coroutine_handle<promise_type> frame,
                                               std::coroutine_handle<> consumer) noexcept {
        promise_type& promise = frame.promise();
        promise.set_continuation(consumer);
        promise.begun_ = true;
        promise.running_ = true;
        return frame;
    }

    std::coroutine_handle<promise_type> frame_;
};

// Python's `anext(gen)`: `co_await anext(gen)` gives the next item or raises
// StopAsyncIteration.
template <class T>
typename AsyncGenerator<T>::Next anext(AsyncGenerator<T>& gen) {
    return typename AsyncGenerator<T>::Next(gen.frame_);
}

namespace detail {

template <class T>
AsyncGenerator<T> AsyncGeneratorPromise<T>::get_return_object() noexcept {
    return AsyncGenerator<T>(handle_of_new_frame(*this));
}

}  // namespace detail
}  // namespace asyncio
