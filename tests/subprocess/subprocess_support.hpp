// What the subprocess tests share: a fixture that checks, after every test, that this
// process has no child left (neither running nor a zombie), and a bounded runner.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cerrno>
#include <string>

#include "asyncio/asyncio.hpp"
#include "support/test_support.hpp"

namespace asyncio_test::subprocess {

using asyncio::Coro;
using namespace std::chrono_literals;

// True when this process has no child at all: waitid() finds none, exited or running.
inline bool no_children() {
    siginfo_t info{};
    return ::waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) < 0 && errno == ECHILD;
}

// Every test ends with no child left behind.
class Subprocess : public ::testing::Test {
  protected:
    void SetUp() override { ASSERT_TRUE(no_children()) << "a child was there before the test"; }
    void TearDown() override { EXPECT_TRUE(no_children()) << "a child was left behind"; }
};

// Whether `awaited` is still not done after `limit` (then cancelled by wait_for).
template <class T>
Coro<bool> times_out(Coro<T> awaited, std::chrono::milliseconds limit) {
    try {
        co_await asyncio::wait_for(std::move(awaited), limit);
    } catch (const asyncio::TimeoutError&) {
        co_return true;
    }
    co_return false;
}

// `n` bytes of a pattern that no shift of itself matches: a lost or repeated piece shows.
inline std::string pattern(std::size_t n) {
    std::string bytes(n, '\0');
    for (std::size_t i = 0; i < n; ++i) bytes[i] = static_cast<char>((i * 7 + i / 251) % 256);
    return bytes;
}

}  // namespace asyncio_test::subprocess
