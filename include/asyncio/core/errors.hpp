// The exceptions asyncio raises, with Python's names.
//
// Everything derives from `asyncio::Error` (itself a `std::runtime_error`) except
// `CancelledError` and `GeneratorExit`: as in Python, where they are `BaseException`s, a
// cancellation or a generator being closed is not an error, so the everyday
// `catch (const std::exception&)` never swallows one by accident. Catch them by name, clean up,
// and rethrow.
#pragma once

#include <stdexcept>
#include <string>

namespace asyncio {

class Error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Raised at the `co_await` of a task that was cancelled; carries the message given to
// `cancel(msg)`.
class CancelledError {
  public:
    explicit CancelledError(std::string message = {}) : message_(std::move(message)) {}
    const std::string& message() const noexcept { return message_; }
    const char* what() const noexcept {
        return message_.empty() ? "CancelledError" : message_.c_str();
    }

  private:
    std::string message_;
};

// Thrown into an async generator at its `co_yield` by `aclose()`, so that its clean-up runs
// (see async_generator.hpp). As Python's, not an error: let it pass, or end the body.
class GeneratorExit {
  public:
    const char* what() const noexcept { return "GeneratorExit"; }
};

// `anext(gen)` on an async generator that has no more items. As in Python, where it derives
// from `Exception`, it is an ordinary error.
class StopAsyncIteration : public Error {
  public:
    using Error::Error;
    StopAsyncIteration() : Error("StopAsyncIteration") {}
};

// A result was asked of a future or task in the wrong state (not done yet, already done).
class InvalidStateError : public Error {
  public:
    using Error::Error;
};

// A deadline passed.
class TimeoutError : public Error {
  public:
    using Error::Error;
    TimeoutError() : Error("TimeoutError") {}
};

// An argument has the right type but a value the operation cannot accept.
class ValueError : public Error {
  public:
    using Error::Error;
};

// The runtime was used outside the conditions it needs (no running loop, loop closed...).
class RuntimeError : public Error {
  public:
    using Error::Error;
};

}  // namespace asyncio
