// `Outcome<T>`: how a task ended, as a value: its result or its exception.
//
// What `gather(return_exceptions, ...)` returns for each awaitable, Python's list of
// "result or exception object". `value()` gives the result or rethrows the exception, so
// the exception keeps its type for whoever finally looks at it.
#pragma once

#include <exception>
#include <optional>
#include <utility>
#include <variant>

namespace asyncio {

template <class T>
class Outcome {
  public:
    explicit Outcome(T value) : state_(std::in_place_index<0>, std::move(value)) {}
    explicit Outcome(std::exception_ptr e) : state_(std::in_place_index<1>, std::move(e)) {}

    bool has_value() const noexcept { return state_.index() == 0; }
    bool has_exception() const noexcept { return state_.index() == 1; }
    T& value() & {
        if (has_exception()) std::rethrow_exception(std::get<1>(state_));
        return std::get<0>(state_);
    }
    const T& value() const& {
        if (has_exception()) std::rethrow_exception(std::get<1>(state_));
        return std::get<0>(state_);
    }
    T&& value() && { return std::move(value()); }
    std::exception_ptr exception() const noexcept {
        return has_exception() ? std::get<1>(state_) : nullptr;
    }

  private:
    std::variant<T, std::exception_ptr> state_;
};

template <>
class Outcome<void> {
  public:
    Outcome() noexcept = default;
    explicit Outcome(std::exception_ptr e) noexcept : exception_(std::move(e)) {}

    bool has_value() const noexcept { return !exception_; }
    bool has_exception() const noexcept { return bool(exception_); }
    void value() const {
        if (exception_) std::rethrow_exception(exception_);
    }
    std::exception_ptr exception() const noexcept { return exception_; }

  private:
    std::exception_ptr exception_;
};

}  // namespace asyncio
