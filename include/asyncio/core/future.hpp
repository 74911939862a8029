// `Future<T>`: a result that will be set later, for bridging callbacks to coroutines.
//
// Low-level, as in Python: most code awaits tasks, and a Future is what a callback-based
// API completes. A `Future` is a shared handle: copies refer to the same result; any number
// of tasks may await it. `set_result`, `set_exception` and `cancel` complete it once; doing
// so again is an InvalidStateError (cancel returns false). Awaiting tasks wake on the
// loop's next turn.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "asyncio/core/errors.hpp"
#include "asyncio/detail/core/completion_awaiter.hpp"
#include "asyncio/detail/core/done_callback.hpp"

namespace asyncio {

namespace detail {

template <class T>
class FutureState final : public FutureStateBase {
  public:
    FutureState() noexcept : FutureStateBase(&destroy) { refs_ = 1; }
    ~FutureState() {
        if (status_ == Status::value) value_.~T();
    }

    template <class... Args>
    void set_value(Args&&... args) {
        check_pending("set_result");
        std::construct_at(std::addressof(value_), std::forward<Args>(args)...);
        status_ = Status::value;
        notify_completion();
    }
    void set_exception(std::exception_ptr e) {
        check_pending("set_exception");
        FutureCore::set_exception(std::move(e), Status::failed);
        notify_completion();
    }
    T& value() {
        rethrow_if_failed();
        return value_;
    }

  private:
    void check_pending(const char* what) const {
        if (done()) throw InvalidStateError(std::string(what) + "(): the future is already done");
    }
    static void destroy(FutureStateBase& core) noexcept {
        auto* self = static_cast<FutureState*>(&core);
        self->report_unretrieved("Future", "");
        discard_done_callbacks(self->waiters_);
        delete self;
    }

    union {
        T value_;
    };
};

struct Unit {};

}  // namespace detail

template <class T = void>
class Future {
    using Stored = std::conditional_t<std::is_void_v<T>, detail::Unit, T>;

  public:
    Future() : state_(new detail::FutureState<Stored>()) {}
    Future(const Future& other) noexcept : state_(other.state_) { state_->add_ref(); }
    Future(Future&& other) noexcept : state_(std::exchange(other.state_, nullptr)) {}
    Future& operator=(Future other) noexcept {
        std::swap(state_, other.state_);
        return *this;
    }
    ~Future() {
        if (state_) state_->release();
    }

    bool done() const noexcept { return state_->done(); }
    bool cancelled() const noexcept { return state_->cancelled(); }

    template <class U = Stored>
    void set_result(U&& value) {
        state_->set_value(std::forward<U>(value));
    }
    void set_result() requires std::is_void_v<T> { state_->set_value(); }
    void set_exception(std::exception_ptr e) { state_->set_exception(std::move(e)); }
    bool cancel(std::string_view message = {}) { return state_->cancel(message); }

    // The value; throws the future's exception, or InvalidStateError if it is pending.
    decltype(auto) result() const {
        if (!done()) throw InvalidStateError("result(): the future is not done");
        if constexpr (std::is_void_v<T>) {
            state_->value();
        } else {
            return static_cast<const T&>(state_->value());
        }
    }
    std::exception_ptr exception() const {
        if (!done()) throw InvalidStateError("exception(): the future is not done");
        if (cancelled()) state_->rethrow_if_failed();
        return state_->exception();
    }

    void add_done_callback(std::function<void(Future)> fn) {
        detail::add_done_callback(*state_, [fn = std::move(fn)](detail::FutureCore& core) {
            auto& state = static_cast<detail::FutureState<Stored>&>(core);
            state.add_ref();
            fn(Future(state));
        });
    }

    auto operator co_await() const noexcept {
        struct Awaiter : detail::CompletionAwaiter {
            using CompletionAwaiter::CompletionAwaiter;
            T await_resume() {
                resume();
                auto& state = static_cast<detail::FutureState<Stored>&>(target());
                if constexpr (std::is_void_v<T>) {
                    state.value();
                } else if constexpr (std::is_copy_constructible_v<T>) {
                    return state.value();
                } else {
                    return std::move(state.value());  // move-only: the awaiter takes it
                }
            }
        };
        return Awaiter(*state_);
    }

  private:
    explicit Future(detail::FutureState<Stored>& adopted) noexcept : state_(&adopted) {}

    detail::FutureState<Stored>* state_;
};

}  // namespace asyncio
