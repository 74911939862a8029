// asyncio::Generator<T> is the C++ counterpart of a Python generator function: a coroutine that
// produces values with `co_yield` and is driven synchronously by its caller, either through
// `next()` (which returns std::nullopt where Python would raise StopIteration, and keeps doing so
// once the body has finished) or through range-for. It is lazy: calling the generator function
// only creates the frame, and the body first runs on the first `next()` or `begin()`. It is
// move-only and owns its frame, so destroying a half-run generator unwinds the suspended body and
// runs the destructors of its locals. Yielded values are handed out by move, so move-only types
// such as std::unique_ptr work. An exception escaping the body is rethrown, with its original
// type, from the `next()`, `begin()` or `operator++` call that resumed it; the generator is then
// finished. The coroutine frame is the only allocation; producing a value allocates nothing. A
// generator is not thread-safe and cannot `co_await`: it is the synchronous building block the
// rest of the library grows out of, not an asynchronous task.
#pragma once

#include <coroutine>
#include <cstddef>
#include <exception>
#include <iterator>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

namespace asyncio {

template <typename T>
class Generator {
    // Values are moved out to the consumer, which only makes sense for a plain object type.
    static_assert(std::is_object_v<T> && !std::is_const_v<T> && !std::is_volatile_v<T>,
                  "Generator<T> needs a non-const, non-reference object type");

  public:
    class promise_type {
      public:
        Generator get_return_object() noexcept {
            return Generator{std::coroutine_handle<promise_type>::from_promise(*this)};
        }

        // Lazy start, like Python: the body must not run until someone asks for a value.
        std::suspend_always initial_suspend() noexcept { return {}; }
        // Keep the frame alive after the body ends so done() can be queried and the owner is the
        // only one who ever destroys it.
        std::suspend_always final_suspend() noexcept { return {}; }

        // The yielded object outlives the suspension (it is a temporary of the co_yield full
        // expression, or the awaiter below), so pointing at it avoids a copy and an allocation.
        std::suspend_always yield_value(T&& value) noexcept {
            value_ = std::addressof(value);
            return {};
        }

        // An lvalue belongs to the body, which may still use it after resuming, so the consumer
        // gets a copy; it lives in the awaiter, which itself lives in the frame while suspended.
        auto yield_value(const T& value) requires std::copy_constructible<T> {
            struct CopyAwaiter {
                T copy;
                promise_type* promise;
                bool await_ready() const noexcept { return false; }
                void await_suspend(std::coroutine_handle<>) noexcept {
                    promise->value_ = std::addressof(copy);
                }
                void await_resume() const noexcept {}
            };
            return CopyAwaiter{value, this};
        }

        // A synchronous generator has nobody to resume it after an await; forbid it at compile
        // time rather than hang at run time.
        template <typename U>
        std::suspend_never await_transform(U&&) = delete;

        void return_void() noexcept {}

        // Parked here and rethrown on the consumer's side, where it can actually be handled.
        void unhandled_exception() noexcept { exception_ = std::current_exception(); }

      private:
        friend class Generator;

        T* value_ = nullptr;
        std::exception_ptr exception_;
    };

    using handle_type = std::coroutine_handle<promise_type>;

    class iterator {
      public:
        using iterator_concept = std::input_iterator_tag;
        using difference_type = std::ptrdiff_t;
        using value_type = T;
        // An rvalue reference, so `for (auto v : gen)` moves each value out instead of copying.
        using reference = T&&;

        iterator() noexcept = default;

        reference operator*() const noexcept { return std::move(*handle_.promise().value_); }

        iterator& operator++() {
            resume(handle_);
            return *this;
        }
        void operator++(int) { ++*this; }

        friend bool operator==(const iterator& it, std::default_sentinel_t) noexcept {
            return !it.handle_ || it.handle_.done();
        }

      private:
        friend class Generator;
        explicit iterator(handle_type handle) noexcept : handle_(handle) {}

        handle_type handle_;
    };

    // Empty generator: yields nothing. Handy as a moved-from or placeholder state.
    Generator() noexcept = default;

    Generator(Generator&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}

    Generator& operator=(Generator&& other) noexcept {
        if (this != &other) {
            destroy();
            handle_ = std::exchange(other.handle_, {});
        }
        return *this;
    }

    Generator(const Generator&) = delete;
    Generator& operator=(const Generator&) = delete;

    ~Generator() { destroy(); }

    // Runs the body up to the next co_yield. std::nullopt plays the role of StopIteration, and
    // unlike an exception it is cheap to hit repeatedly, so a finished generator just keeps
    // returning it.
    std::optional<T> next() {
        if (!resume(handle_)) return std::nullopt;
        return std::optional<T>(std::move(*handle_.promise().value_));
    }

    // Not a restart: like Python's iter(gen), it continues from wherever the generator is.
    iterator begin() {
        resume(handle_);
        return iterator{handle_};
    }
    std::default_sentinel_t end() const noexcept { return {}; }

  private:
    explicit Generator(handle_type handle) noexcept : handle_(handle) {}

    // Returns whether a fresh value is waiting in the promise.
    static bool resume(handle_type handle) {
        if (!handle || handle.done()) return false;
        handle.resume();
        if (auto error = std::exchange(handle.promise().exception_, nullptr)) {
            std::rethrow_exception(std::move(error));
        }
        return !handle.done();
    }

    void destroy() noexcept {
        if (handle_) handle_.destroy();
    }

    handle_type handle_;
};

}  // namespace asyncio
