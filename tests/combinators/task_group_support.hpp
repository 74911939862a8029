// Helpers of the task_group tests: children that sleep, fail or clean up slowly, and
// descriptions of ExceptionGroups for comparing them.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "asyncio/combinators/task_group.hpp"
#include "asyncio/loop/event_loop.hpp"
#include "asyncio/loop/sleep.hpp"
#include "support/test_support.hpp"

namespace task_group_test {

using namespace std::chrono_literals;
using asyncio::CancelledError;
using asyncio::Coro;
using asyncio::ExceptionGroup;
using asyncio::Task;
using asyncio::TaskGroup;
using asyncio::ValueError;
using asyncio_test::Log;
using asyncio_test::note;
using asyncio_test::run_bounded;
using ms = std::chrono::milliseconds;

constexpr const char* kGroupMessage = "unhandled errors in a TaskGroup";

// A second error type, unrelated to asyncio's.
struct DiskError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

template <class E>
bool holds(const std::exception_ptr& e) {
    try {
        std::rethrow_exception(e);
    } catch (const E&) {
        return true;
    } catch (...) {
        return false;
    }
}

// "Type: what", to compare an exception's type and message at once ("Group[...]" for groups).
inline std::string describe(const std::exception_ptr& e) {
    try {
        std::rethrow_exception(e);
    } catch (const ExceptionGroup& g) {
        std::string out = "Group[";
        for (std::size_t i = 0; i < g.exceptions().size(); ++i) {
            if (i) out += ", ";
            out += describe(g.exceptions()[i]);
        }
        return out + "]";
    } catch (const ValueError& x) {
        return std::string("ValueError: ") + x.what();
    } catch (const DiskError& x) {
        return std::string("DiskError: ") + x.what();
    } catch (const CancelledError& x) {
        return std::string("CancelledError: ") + x.message();
    } catch (const std::exception& x) {
        return std::string("std::exception: ") + x.what();
    } catch (...) {
        return "unknown";
    }
}

inline std::string describe(const ExceptionGroup& g) {
    return describe(std::make_exception_ptr(g));
}

// The entries log[first, last) sorted: for siblings whose relative order Python leaves open
// (its TaskGroup keeps its tasks in a set).
inline Log sorted(const Log& log, std::size_t first, std::size_t last) {
    if (last > log.size() || first > last) return {"<log too short>"};
    Log part(log.begin() + static_cast<std::ptrdiff_t>(first),
             log.begin() + static_cast<std::ptrdiff_t>(last));
    std::sort(part.begin(), part.end());
    return part;
}

// Lets the loop run `n` turns (children started now are running after one).
inline Coro<> turns(int n) {
    for (int i = 0; i < n; ++i) co_await asyncio::sleep(0s);
}

// -- children (coroutine functions take their parameters by value) --

inline Coro<> note_after(Log* log, ms delay, std::string what) {
    co_await asyncio::sleep(delay);
    log->push_back(std::move(what));
}

template <class T>
Coro<T> value_after(ms delay, T value) {
    co_await asyncio::sleep(delay);
    co_return value;
}

inline Coro<> fail_after(ms delay, std::string message, Log* log = nullptr) {
    co_await asyncio::sleep(delay);
    if (log) log->push_back("child fails: " + message);
    throw ValueError(message);
}

inline Coro<> sleep_forever(Log* log, std::string name) {
    try {
        co_await asyncio::sleep(1h);
    } catch (const CancelledError&) {
        log->push_back(name + " cancelled");
        throw;
    }
    log->push_back(name + " woke up");
}

// Turns its cancellation into a failure of another type.
inline Coro<> fail_when_cancelled(Log* log, std::string name, std::string message) {
    try {
        co_await asyncio::sleep(1h);
    } catch (const CancelledError&) {
        log->push_back(name + " cancelled");
    }
    throw DiskError(message);
}

// Takes a while to clean up once cancelled, then ends cancelled.
inline Coro<> slow_cleanup(Log* log, std::string name, ms cleanup = 3ms) {
    std::exception_ptr cancelled;
    try {
        co_await asyncio::sleep(1h);
    } catch (const CancelledError&) {
        cancelled = std::current_exception();
    }
    if (!cancelled) co_return;
    log->push_back(name + " cleanup begins");
    co_await asyncio::sleep(cleanup);
    log->push_back(name + " cleanup ends");
    std::rethrow_exception(cancelled);
}

// Swallows its cancellation and returns normally, after a short wait.
inline Coro<int> swallow_cancellation(Log* log, std::string name) {
    bool cancelled = false;
    try {
        co_await asyncio::sleep(1h);
    } catch (const CancelledError&) {
        cancelled = true;
    }
    if (cancelled) {
        log->push_back(name + " swallows its cancellation");
        co_await asyncio::sleep(1ms);
    }
    co_return 1;
}

// Awaits a group whose body returns nothing; gives back the ExceptionGroup it raised.
template <class F>
Coro<std::optional<ExceptionGroup>> group_error(F body) {
    try {
        co_await asyncio::task_group(std::move(body));
    } catch (const ExceptionGroup& eg) {
        co_return eg;
    }
    co_return std::nullopt;
}

}  // namespace task_group_test
