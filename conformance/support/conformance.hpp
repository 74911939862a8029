// The C++ side of the conformance suite: what a scenario's NAME.cpp includes. Its functions
// print exactly what their namesakes in harness.py print, so that a scenario and its Python
// twin can be compared line by line.
//
// A scenario is a file scenarios/AREA/NAME.cpp whose code all lives in `namespace NAME` (the
// scenarios are compiled together, several to a translation unit) and which defines
//
//   namespace NAME {
//   asyncio::Coro<> scenario();
//   }
//
// The runner runs it as asyncio::run(scenario(), {.clock = VirtualClock()}) would, and traces
// an exception that escapes it as "main raised ...", as harness.run() does.
#pragma once

#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "asyncio/asyncio.hpp"

namespace conformance {

// Python's str() of a value, for the types scenarios print.
inline std::string str(std::string_view text) { return std::string(text); }
inline std::string str(const char* text) { return text; }
inline std::string str(const std::string& text) { return text; }
inline std::string str(bool value) { return value ? "True" : "False"; }
template <class T>
requires std::is_integral_v<T> &&(!std::is_same_v<T, bool>)std::string str(T value) {
    return std::to_string(value);
}
template <class T>
std::string str(const std::optional<T>& value) {
    return value ? str(*value) : "None";
}

// Python's repr() of a string ('text'), and of a list of ints or strings ([1, 2], ['a']).
std::string repr(std::string_view text);
template <class T>
std::string repr_list(const std::vector<T>& values) {
    std::string out = "[";
    for (const T& value : values) {
        if (out.size() > 1) out += ", ";
        if constexpr (std::is_convertible_v<const T&, std::string_view>)
            out += repr(value);
        else
            out += str(value);
    }
    return out + "]";
}

// One line of the trace: the parts joined by spaces, as print() does.
void trace_line(const std::vector<std::string>& parts);
template <class... Parts>
void trace(const Parts&... parts) {
    trace_line({str(parts)...});
}

// Virtual seconds since the scenario began, with three decimals ("1.500").
std::string elapsed();

// A loop time (a timeout's when()) in virtual seconds since the scenario began, with three
// decimals; none as "None".
std::string deadline(std::optional<asyncio::Clock::time_point> when);

// The exception's type name, as Python names it ("ValueError", "CancelledError").
std::string kind(const std::exception_ptr& error);
// "Type: message" ("Type" when the message is empty); a group as
// "Type: message [each sub-exception described]".
std::string describe(const std::exception_ptr& error);

// The exception of a coroutine, or nullopt if it completed: for `try` blocks around a
// co_await in one line.
template <class T>
asyncio::Coro<std::optional<std::exception_ptr>> raised(asyncio::Coro<T> attempt) {
    try {
        co_await std::move(attempt);
    } catch (...) {
        co_return std::current_exception();
    }
    co_return std::nullopt;
}

namespace detail {
void set_start(asyncio::Clock::time_point start) noexcept;

// Every scenario, by name (the registry CMake generates from scenarios/*/*.cpp).
struct Scenario {
    const char* name;
    asyncio::Coro<> (*entry)();
};
const std::vector<Scenario>& scenarios();
}  // namespace detail

}  // namespace conformance
