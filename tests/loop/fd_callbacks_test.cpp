// Descriptor callbacks (Python's add_reader/add_writer): level-triggered, independent sides,
// replaced and removed safely, errors reported.
#include <sys/socket.h>

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "asyncio/core/coro.hpp"
#include "asyncio/core/task.hpp"
#include "asyncio/loop/event_loop.hpp"
#include "asyncio/loop/sleep.hpp"
#include "loop/loop_support.hpp"
#include "support/test_support.hpp"

namespace {

using asyncio::Clock;
using asyncio::Coro;
using asyncio::EventLoop;
using namespace asyncio_test;
using namespace asyncio_test::loop;
using namespace std::chrono_literals;

// -- file descriptors --

TEST(EventLoop, ReaderFiresWhenDataIsWritten) {
    Pipe pipe;
    EventLoop loop;
    std::string received;
    int calls = 0;
    loop.add_reader(pipe.r, [&] {
        ++calls;
        char buf[64];
        const ssize_t n = ::read(pipe.r, buf, sizeof buf);
        if (n > 0) received.append(buf, static_cast<std::size_t>(n));
        if (received == "hello") loop.stop();
    });
    run_one_turn(loop);
    EXPECT_EQ(calls, 0) << "nothing to read yet";
    loop.call_later(10ms, [&] { write_all(pipe.w, "hello"); });
    safety_stop(loop);
    loop.run_forever();
    EXPECT_EQ(received, "hello");
    EXPECT_GE(calls, 1);
    EXPECT_TRUE(loop.remove_reader(pipe.r));
}

TEST(EventLoop, ReaderIsLevelTriggered) {
    Pipe pipe;
    EventLoop loop;
    std::string received;
    loop.add_reader(pipe.r, [&] {
        char c;
        if (::read(pipe.r, &c, 1) == 1) received += c;  // one byte per call
        if (received.size() == 3) loop.stop();
    });
    write_all(pipe.w, "abc");
    safety_stop(loop);
    loop.run_forever();
    EXPECT_EQ(received, "abc");
    EXPECT_TRUE(loop.remove_reader(pipe.r));
}

TEST(EventLoop, RemoveReaderReturnsTrueOnceThenFalse) {
    Pipe pipe;
    EventLoop loop;
    EXPECT_FALSE(loop.remove_reader(pipe.r)) << "never added";
    int calls = 0;
    loop.add_reader(pipe.r, [&] { ++calls; });
    EXPECT_TRUE(loop.remove_reader(pipe.r));
    EXPECT_FALSE(loop.remove_reader(pipe.r));
    write_all(pipe.w, "x");
    loop.call_later(20ms, [&] { loop.stop(); });
    safety_stop(loop);
    loop.run_forever();
    EXPECT_EQ(calls, 0) << "a removed reader must not fire";
}

TEST(EventLoop, AddReaderAgainReplacesTheCallback) {
    Pipe pipe;
    EventLoop loop;
    std::vector<std::string> log;
    loop.add_reader(pipe.r, [&] { log.push_back("old"); });
    loop.add_reader(pipe.r, [&] {
        char buf[8];
        (void)!::read(pipe.r, buf, sizeof buf);
        log.push_back("new");
        loop.stop();
    });
    write_all(pipe.w, "x");
    safety_stop(loop);
    loop.run_forever();
    EXPECT_EQ(log, (std::vector<std::string>{"new"}));
    EXPECT_TRUE(loop.remove_reader(pipe.r));
    EXPECT_FALSE(loop.remove_reader(pipe.r));
}

TEST(EventLoop, ReaderThatRemovesItselfIsSafe) {
    Pipe pipe;
    EventLoop loop;
    int calls = 0;
    bool removed = false;
    // A capture on the heap: if removing the callback freed it while it runs, ASan sees
    // the read below.
    std::string big(1000, 'z');
    loop.add_reader(pipe.r, [&, big] {
        ++calls;
        removed = loop.remove_reader(pipe.r);
        EXPECT_EQ(big.size(), 1000u);
        EXPECT_EQ(big.back(), 'z');
        loop.call_later(20ms, [&] { loop.stop(); });  // give it a chance to fire again
    });
    write_all(pipe.w, "data that is never read, so the fd stays readable");
    safety_stop(loop);
    loop.run_forever();
    EXPECT_TRUE(removed);
    EXPECT_EQ(calls, 1);
    EXPECT_FALSE(loop.remove_reader(pipe.r));
}

TEST(EventLoop, WriterFiresWhenWritableAndRemoveWriterStopsIt) {
    Pipe pipe;
    EventLoop loop;
    EXPECT_FALSE(loop.remove_writer(pipe.w)) << "never added";
    int calls = 0;
    loop.add_writer(pipe.w, [&] {
        ++calls;
        write_all(pipe.w, "ping");
        EXPECT_TRUE(loop.remove_writer(pipe.w));  // removes itself
        loop.call_later(20ms, [&] { loop.stop(); });
    });
    safety_stop(loop);
    loop.run_forever();
    EXPECT_EQ(calls, 1);
    EXPECT_FALSE(loop.remove_writer(pipe.w));
    char buf[8] = {};
    EXPECT_EQ(::read(pipe.r, buf, sizeof buf), 4);
    EXPECT_EQ(std::string(buf, 4), "ping");
}

TEST(EventLoop, ReaderAndWriterOnOneFdAreIndependent) {
    int sv[2];
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv), 0);
    {
        EventLoop loop;
        int writes = 0;
        std::string received;
        loop.add_writer(sv[0], [&] {
            ++writes;
            EXPECT_TRUE(loop.remove_writer(sv[0]));
            write_all(sv[1], "from peer");  // now the reader of sv[0] has something
        });
        loop.add_reader(sv[0], [&] {
            char buf[64];
            const ssize_t n = ::read(sv[0], buf, sizeof buf);
            if (n > 0) received.append(buf, static_cast<std::size_t>(n));
            if (received == "from peer") loop.stop();
        });
        safety_stop(loop);
        loop.run_forever();
        EXPECT_EQ(writes, 1);
        EXPECT_EQ(received, "from peer");
        EXPECT_FALSE(loop.remove_writer(sv[0]));
        EXPECT_TRUE(loop.remove_reader(sv[0]));
    }
    ::close(sv[0]);
    ::close(sv[1]);
}

TEST(EventLoop, LoopDestroyedWithReadersStillRegistered) {
    Pipe pipe;
    {
        EventLoop loop;
        loop.add_reader(pipe.r, [] {});
        loop.add_writer(pipe.w, [] {});
    }
    // A new loop may watch the same fds.
    EventLoop loop;
    bool fired = false;
    loop.add_writer(pipe.w, [&] {
        fired = true;
        loop.stop();
    });
    safety_stop(loop);
    loop.run_forever();
    EXPECT_TRUE(fired);
    EXPECT_TRUE(loop.remove_writer(pipe.w));
}

TEST(EventLoop, AReaderThatThrowsIsReportedAndTheLoopKeepsGoing) {
    Pipe pipe;
    EventLoop loop;
    int calls = 0;
    loop.add_reader(pipe.r, [&] {
        char c;
        (void)!::read(pipe.r, &c, 1);
        if (++calls == 2) loop.stop();
        throw std::runtime_error("boom from a reader");
    });
    write_all(pipe.w, "ab");
    safety_stop(loop);
    testing::internal::CaptureStderr();
    loop.run_forever();
    const std::string err = testing::internal::GetCapturedStderr();
    EXPECT_EQ(calls, 2);
    EXPECT_NE(err.find("boom from a reader"), std::string::npos) << err;
    loop.remove_reader(pipe.r);
}

}  // namespace
