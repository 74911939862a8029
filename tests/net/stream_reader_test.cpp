// StreamReader fed by feed_data()/feed_eof(), no sockets: every read operation with Python's
// semantics (test_streams.py): read(n)/read(), readline, readuntil, readexactly; the limit
// (LimitOverrunError.consumed, readuntil leaving the data, readline dropping the line or what
// was buffered of it), IncompleteReadError.partial/expected, at_eof, the RuntimeError of a
// second concurrent reader, and cancelled reads that lose nothing.
#include "asyncio/net/stream_reader.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "asyncio/combinators/timeout.hpp"
#include "asyncio/core/task.hpp"
#include "asyncio/loop/sleep.hpp"
#include "asyncio/net/errors.hpp"
#include "support/test_support.hpp"

namespace {

using namespace std::chrono_literals;
using asyncio::CancelledError;
using asyncio::Coro;
using asyncio::IncompleteReadError;
using asyncio::LimitOverrunError;
using asyncio::StreamReader;
using asyncio::Task;
using namespace asyncio_test;

Coro<> turns(int n = 3) {
    for (int i = 0; i < n; ++i) co_await asyncio::sleep(0s);
}

// Feeds `data` in pieces of `piece` bytes, one per loop turn, then (optionally) the end.
Coro<int> trickle(StreamReader* reader, std::string data, std::size_t piece, bool eof) {
    for (std::size_t at = 0; at < data.size(); at += piece) {
        reader->feed_data(std::string_view(data).substr(at, piece));
        co_await asyncio::sleep(0s);
    }
    if (eof) reader->feed_eof();
    co_return 0;
}

Coro<std::string> read_n(StreamReader* reader, std::ptrdiff_t n) { return reader->read(n); }
Coro<std::string> readline(StreamReader* reader) { return reader->readline(); }
Coro<std::string> readuntil(StreamReader* reader, std::string sep) {
    return reader->readuntil(std::move(sep));
}
Coro<std::string> readexactly(StreamReader* reader, std::size_t n) {
    return reader->readexactly(n);
}

// -- read(n) --

TEST(StreamReader, ReadReturnsWhatIsBufferedUpToN) {
    run_bounded([]() -> Coro<> {
        StreamReader reader;
        reader.feed_data("hello world");
        EXPECT_EQ(reader.buffered(), 11u);
        EXPECT_EQ(co_await reader.read(5), "hello");
        EXPECT_EQ(co_await reader.read(0), "");  // at once, even with data
        EXPECT_EQ(co_await reader.read(100), " world");
        EXPECT_EQ(reader.buffered(), 0u);
        EXPECT_FALSE(reader.at_eof());
    }());
}

TEST(StreamReader, ReadWaitsForDataThenReturnsWhatCame) {
    run_bounded([]() -> Coro<> {
        StreamReader reader;
        Task<std::string> pending = asyncio::create_task(read_n(&reader, 100));
        co_await turns();
        EXPECT_FALSE(pending.done());
        reader.feed_data("abc");
        EXPECT_EQ(co_await pending, "abc");  // not waiting for the other 97
    }());
}

TEST(StreamReader, ReadToTheEnd) {
    run_bounded([]() -> Coro<> {
        StreamReader reader;
        const std::string data = "line one\nline two\nno newline at the end";
        Task<int> feeder = asyncio::create_task(trickle(&reader, data, 3, true));
        EXPECT_EQ(co_await reader.read(), data);
        EXPECT_TRUE(reader.at_eof());
        EXPECT_EQ(co_await reader.read(), "");
        EXPECT_EQ(co_await reader.read(10), "");
        co_await feeder;
    }());
}

// The end of the stream with bytes still buffered: not at_eof until they are read.
TEST(StreamReader, AtEofOnlyOnceTheBufferIsEmpty) {
    run_bounded([]() -> Coro<> {
        StreamReader reader;
        reader.feed_data("ab");
        reader.feed_eof();
        EXPECT_FALSE(reader.at_eof());
        EXPECT_EQ(co_await reader.read(1), "a");
        EXPECT_FALSE(reader.at_eof());
        EXPECT_EQ(co_await reader.read(5), "b");
        EXPECT_TRUE(reader.at_eof());
        EXPECT_EQ(co_await reader.read(5), "");
    }());
}

TEST(StreamReader, EofWakesAPendingRead) {
    run_bounded([]() -> Coro<> {
        StreamReader reader;
        Task<std::string> pending = asyncio::create_task(read_n(&reader, 10));
        co_await turns();
        reader.feed_eof();
        EXPECT_EQ(co_await pending, "");
    }());
}

TEST(StreamReader, FeedAfterEofIsARuntimeErrorAndBadLimitAValueError) {
    StreamReader reader;
    reader.feed_eof();
    EXPECT_THROW(reader.feed_data("late"), asyncio::RuntimeError);
    EXPECT_THROW(StreamReader(0), asyncio::ValueError);
    EXPECT_EQ(StreamReader().limit(), 64u * 1024);
    EXPECT_EQ(StreamReader::kDefaultLimit, 64u * 1024);
    EXPECT_EQ(StreamReader(7).limit(), 7u);
}

// -- readline --

TEST(StreamReader, ReadlineSplitsLinesAndReturnsTheLastOneWithoutNewline) {
    run_bounded([]() -> Coro<> {
        StreamReader reader;
        reader.feed_data("line1\nline2\n");
        reader.feed_data("\nrest");
        reader.feed_eof();
        EXPECT_EQ(co_await reader.readline(), "line1\n");
        EXPECT_EQ(co_await reader.readline(), "line2\n");
        EXPECT_EQ(co_await reader.readline(), "\n");
        EXPECT_EQ(co_await reader.readline(), "rest");
        EXPECT_EQ(co_await reader.readline(), "");
        EXPECT_EQ(co_await reader.readline(), "");
    }());
}

TEST(StreamReader, ReadlineAcrossOneByteFeeds) {
    run_bounded([]() -> Coro<> {
        StreamReader reader;
        Task<int> feeder = asyncio::create_task(trickle(&reader, "chunked\nline\n", 1, false));
        EXPECT_EQ(co_await reader.readline(), "chunked\n");
        EXPECT_EQ(co_await reader.readline(), "line\n");
        co_await feeder;
    }());
}

// Python's test_readline_limit.
TEST(StreamReader, ReadlineAtAndOverTheLimit) {
    run_bounded([]() -> Coro<> {
        StreamReader reader(7);
        reader.feed_data("1234567\n");  // seven bytes before the newline: fits
        EXPECT_EQ(co_await reader.readline(), "1234567\n");
        EXPECT_EQ(reader.buffered(), 0u);

        reader.feed_data("12345678\n");  // the line's end is here: the line is dropped
        EXPECT_THROW(co_await reader.readline(), LimitOverrunError);
        EXPECT_EQ(reader.buffered(), 0u);

        reader.feed_data("12345678");  // no end yet: what is buffered is dropped
        try {
            co_await reader.readline();
            ADD_FAILURE() << "no LimitOverrunError";
        } catch (const asyncio::ValueError&) {  // what Python raises from readline
        }
        EXPECT_EQ(reader.buffered(), 0u);
    }());
}

// Python's test_readline_limit_with_existing_data: the overlong line goes, the next stays.
TEST(StreamReader, ReadlineOverTheLimitKeepsTheNextLine) {
    run_bounded([]() -> Coro<> {
        StreamReader reader(3);
        reader.feed_data("li");
        reader.feed_data("ne1\nline2\n");
        EXPECT_THROW(co_await reader.readline(), LimitOverrunError);
        EXPECT_EQ(reader.buffered(), 6u);
        EXPECT_EQ(co_await reader.read(100), "line2\n");
    }());
}

// A 100 KiB line against the 64 KiB default limit, all of it buffered: the line is dropped,
// `consumed` says where its newline was, and the stream goes on with the next line.
TEST(StreamReader, HundredKibLineIsDroppedWholeWhenItsEndIsBuffered) {
    run_bounded([]() -> Coro<> {
        StreamReader reader;
        const std::size_t length = 100 * 1024;
        reader.feed_data(std::string(length, 'x') + "\nnext line\n");
        try {
            co_await reader.readline();
            ADD_FAILURE() << "no LimitOverrunError";
        } catch (const LimitOverrunError& e) {
            EXPECT_EQ(e.consumed, length);
            EXPECT_EQ(std::string(e.what()), "Separator is found, but chunk is longer than limit");
        }
        EXPECT_EQ(co_await reader.readline(), "next line\n");
    }());
}

// When the overlong line's end has not come yet, what was buffered is dropped (Python): the
// next readline returns the rest of that line, then the stream is back in step.
TEST(StreamReader, HundredKibLineArrivingInPartsLeavesItsTail) {
    run_bounded([]() -> Coro<> {
        StreamReader reader;
        Task<std::string> pending = asyncio::create_task(readline(&reader));
        co_await turns();
        reader.feed_data(std::string(70 * 1024, 'x'));
        try {
            co_await pending;
            ADD_FAILURE() << "no LimitOverrunError";
        } catch (const LimitOverrunError& e) {
            EXPECT_EQ(e.consumed, 70u * 1024);  // Python: len(buffer) + 1 - len(separator)
            EXPECT_EQ(std::string(e.what()), "Separator is not found, and chunk exceed the limit");
        }
        EXPECT_EQ(reader.buffered(), 0u);
        reader.feed_data(std::string(30 * 1024, 'x') + "\nnext line\n");
        EXPECT_EQ(co_await reader.readline(), std::string(30 * 1024, 'x') + "\n");
        EXPECT_EQ(co_await reader.readline(), "next line\n");
    }());
}

// -- readuntil --

TEST(StreamReader, ReaduntilAMultiByteSeparatorSplitAcrossFeeds) {
    run_bounded([]() -> Coro<> {
        StreamReader reader;
        Task<std::string> pending = asyncio::create_task(readuntil(&reader, "\r\n"));
        co_await turns();
        reader.feed_data("GET / HTTP/1.1\r");
        co_await turns();
        EXPECT_FALSE(pending.done());
        reader.feed_data("\nHost: x\r\n\r\n");
        EXPECT_EQ(co_await pending, "GET / HTTP/1.1\r\n");
        EXPECT_EQ(co_await reader.readuntil("\r\n\r\n"), "Host: x\r\n\r\n");
        reader.feed_data("a--b--");
        EXPECT_EQ(co_await reader.readuntil("--"), "a--");
        EXPECT_EQ(co_await reader.readuntil("--"), "b--");
    }());
}

TEST(StreamReader, ReaduntilEmptySeparatorIsAValueError) {
    run_bounded([]() -> Coro<> {
        StreamReader reader;
        reader.feed_data("abc");
        EXPECT_THROW(co_await reader.readuntil(""), asyncio::ValueError);
        EXPECT_EQ(reader.buffered(), 3u);
    }());
}

TEST(StreamReader, ReaduntilAtTheEndIsIncompleteReadWithThePartial) {
    run_bounded([]() -> Coro<> {
        StreamReader reader;
        reader.feed_data("no separator");
        reader.feed_eof();
        try {
            co_await reader.readuntil("\n");
            ADD_FAILURE() << "no IncompleteReadError";
        } catch (const IncompleteReadError& e) {
            EXPECT_EQ(e.partial, "no separator");
            EXPECT_FALSE(e.expected.has_value());
        }
        EXPECT_TRUE(reader.at_eof());  // the partial bytes were taken off the stream
        try {
            co_await reader.readuntil("\n");
            ADD_FAILURE() << "no IncompleteReadError";
        } catch (const IncompleteReadError& e) {
            EXPECT_EQ(e.partial, "");
        }
    }());
}

// Python's test_readuntil_limit_found_sep: over the limit, readuntil leaves the data where it
// was, with `consumed` saying how far the search went (not found) or where the separator is.
TEST(StreamReader, ReaduntilOverTheLimitLeavesTheData) {
    run_bounded([]() -> Coro<> {
        StreamReader reader(3);
        reader.feed_data("some dataAA");
        try {
            co_await reader.readuntil("AAA");
            ADD_FAILURE() << "no LimitOverrunError";
        } catch (const LimitOverrunError& e) {
            EXPECT_NE(std::string(e.what()).find("not found"), std::string::npos) << e.what();
            EXPECT_EQ(e.consumed, 9u);
        }
        EXPECT_EQ(reader.buffered(), 11u);
        reader.feed_data("A");
        try {
            co_await reader.readuntil("AAA");
            ADD_FAILURE() << "no LimitOverrunError";
        } catch (const LimitOverrunError& e) {
            EXPECT_NE(std::string(e.what()).find("is found"), std::string::npos) << e.what();
            EXPECT_EQ(e.consumed, 9u);
        }
        EXPECT_EQ(co_await reader.read(100), "some dataAAA");
    }());
}

// The limit counts the bytes before the separator: exactly `limit` of them pass, and what is
// buffered after the separator does not count.
TEST(StreamReader, ReaduntilLimitBoundaries) {
    run_bounded([]() -> Coro<> {
        StreamReader reader(5);
        reader.feed_data("12345\n");
        EXPECT_EQ(co_await reader.readuntil("\n"), "12345\n");
        reader.feed_data("ab\n" + std::string(100, 'z'));
        EXPECT_EQ(co_await reader.readuntil("\n"), "ab\n");
        EXPECT_EQ(reader.buffered(), 100u);
        EXPECT_THROW(co_await reader.readuntil("\n"), LimitOverrunError);
        EXPECT_EQ(reader.buffered(), 100u);
    }());
}

// The usual recovery after readuntil's LimitOverrunError: consume what it said, go on.
TEST(StreamReader, ReaduntilOverrunThenConsumeAndGoOn) {
    run_bounded([]() -> Coro<> {
        StreamReader reader;
        const std::size_t length = 100 * 1024;
        reader.feed_data(std::string(length, 'y') + "\nafter\n");
        std::size_t consumed = 0;
        try {
            co_await reader.readuntil("\n");
        } catch (const LimitOverrunError& e) {
            consumed = e.consumed;
        }
        EXPECT_EQ(consumed, length);
        EXPECT_EQ(co_await reader.readexactly(consumed + 1), std::string(length, 'y') + "\n");
        EXPECT_EQ(co_await reader.readuntil("\n"), "after\n");
    }());
}

// -- readexactly --

TEST(StreamReader, ReadexactlyAcrossManyChunks) {
    run_bounded([]() -> Coro<> {
        StreamReader reader;
        std::string data;
        for (int i = 0; i < 1000; ++i) data += static_cast<char>('a' + i % 26);
        Task<int> feeder = asyncio::create_task(trickle(&reader, data + "tail", 1, false));
        EXPECT_EQ(co_await reader.readexactly(1000), data);
        EXPECT_EQ(co_await reader.readexactly(4), "tail");
        EXPECT_EQ(co_await reader.readexactly(0), "");
        co_await feeder;
    }());
}

TEST(StreamReader, ReadexactlyAtTheEndIsIncompleteReadWithPartialAndExpected) {
    run_bounded([]() -> Coro<> {
        StreamReader reader;
        Task<int> feeder = asyncio::create_task(trickle(&reader, "abc", 1, true));
        try {
            co_await reader.readexactly(5);
            ADD_FAILURE() << "no IncompleteReadError";
        } catch (const IncompleteReadError& e) {
            EXPECT_EQ(e.partial, "abc");
            EXPECT_EQ(e.expected, std::optional<std::size_t>(5));
            EXPECT_EQ(std::string(e.what()), "3 bytes read on a total of 5 expected bytes");
        }
        EXPECT_TRUE(reader.at_eof());
        co_await feeder;
        // An asyncio::Error, so catch (const std::exception&) sees it.
        EXPECT_THROW(co_await reader.readexactly(1), asyncio::Error);
    }());
}

// A readexactly larger than the limit is fine: the limit is about separators.
TEST(StreamReader, ReadexactlyIsNotBoundByTheLimit) {
    run_bounded([]() -> Coro<> {
        StreamReader reader(4);
        reader.feed_data(std::string(1000, 'q'));
        EXPECT_EQ(co_await reader.readexactly(1000), std::string(1000, 'q'));
    }());
}

// Bytes and the end fed in the same turn while a reader waits: the bytes are looked at
// before the end is (a separator or the count they complete is found, no IncompleteReadError).
TEST(StreamReader, BytesFedWithTheEndAreSearchedFirst) {
    run_bounded([]() -> Coro<> {
        StreamReader a;
        Task<std::string> exactly = asyncio::create_task(readexactly(&a, 3));
        co_await turns();
        a.feed_data("abc");
        a.feed_eof();
        EXPECT_EQ(co_await exactly, "abc");
        EXPECT_TRUE(a.at_eof());

        StreamReader b;
        Task<std::string> until = asyncio::create_task(readuntil(&b, "\r\n"));
        co_await turns();
        b.feed_data("ab\r");
        co_await turns();
        b.feed_data("\nrest");
        b.feed_eof();
        EXPECT_EQ(co_await until, "ab\r\n");
        EXPECT_EQ(co_await b.read(), "rest");

        StreamReader c;
        Task<std::string> line = asyncio::create_task(readline(&c));
        co_await turns();
        c.feed_data("one\ntwo");
        c.feed_eof();
        EXPECT_EQ(co_await line, "one\n");
        EXPECT_EQ(co_await c.readline(), "two");
        EXPECT_EQ(co_await c.readline(), "");
    }());
}

// Python: feeding nothing wakes nobody.
TEST(StreamReader, EmptyFeedWakesNobody) {
    run_bounded([]() -> Coro<> {
        StreamReader reader;
        Task<std::string> pending = asyncio::create_task(read_n(&reader, 5));
        co_await turns();
        reader.feed_data("");
        co_await turns();
        EXPECT_FALSE(pending.done()) << "read() returned after an empty feed";
        reader.feed_data("x");
        EXPECT_EQ(co_await pending, "x");
    }());
}

// -- one reader at a time --

TEST(StreamReader, ASecondConcurrentReaderIsARuntimeError) {
    run_bounded([]() -> Coro<> {
        StreamReader reader;
        Task<std::string> first = asyncio::create_task(readline(&reader));
        co_await turns();
        try {
            co_await reader.read(10);
            ADD_FAILURE() << "no RuntimeError";
        } catch (const asyncio::RuntimeError& e) {
            EXPECT_NE(std::string(e.what()).find("read() called while another coroutine is already "
                                                 "waiting for incoming data"),
                      std::string::npos)
                << e.what();
        }
        EXPECT_THROW(co_await reader.readexactly(3), asyncio::RuntimeError);
        EXPECT_THROW(co_await reader.readuntil("x"), asyncio::RuntimeError);
        EXPECT_THROW(co_await reader.readline(), asyncio::RuntimeError);
        // The first reader is untouched by all that.
        reader.feed_data("line\n");
        EXPECT_EQ(co_await first, "line\n");
        // A second reader that finds what it wants buffered does not wait, so is no error.
        reader.feed_data("x");
        Task<std::string> third = asyncio::create_task(readline(&reader));
        co_await turns();
        EXPECT_EQ(co_await reader.read(1), "x");
        reader.feed_eof();
        EXPECT_EQ(co_await third, "");
    }());
}

// -- cancellation loses nothing --

TEST(StreamReader, CancelledReadexactlyLosesNothing) {
    run_bounded([]() -> Coro<> {
        StreamReader reader;
        reader.feed_data("1234");
        Task<std::string> pending = asyncio::create_task(readexactly(&reader, 10));
        co_await turns();
        reader.feed_data("56");
        pending.cancel();
        EXPECT_THROW(co_await pending, CancelledError);
        EXPECT_EQ(reader.buffered(), 6u);
        reader.feed_data("7890");
        // And the next reader is not told another one is waiting.
        EXPECT_EQ(co_await reader.readexactly(10), "1234567890");
    }());
}

TEST(StreamReader, CancelledReadlineAndReaduntilLoseNothing) {
    run_bounded([]() -> Coro<> {
        StreamReader reader;
        reader.feed_data("par");
        bool timed_out = false;
        try {
            co_await asyncio::wait_for(reader.readline(), 20ms);
        } catch (const asyncio::TimeoutError&) {
            timed_out = true;
        }
        EXPECT_TRUE(timed_out);
        EXPECT_EQ(reader.buffered(), 3u);
        Task<std::string> until = asyncio::create_task(readuntil(&reader, "||"));
        co_await turns();
        reader.feed_data("tial|");
        co_await turns();
        until.cancel();
        EXPECT_THROW(co_await until, CancelledError);
        reader.feed_data("|rest\n");
        EXPECT_EQ(co_await reader.readuntil("||"), "partial||");
        EXPECT_EQ(co_await reader.readline(), "rest\n");
    }());
}

TEST(StreamReader, CancelledReadLosesNothing) {
    run_bounded([]() -> Coro<> {
        StreamReader reader;
        Task<std::string> pending = asyncio::create_task(read_n(&reader, 5));
        co_await turns();
        pending.cancel();
        EXPECT_THROW(co_await pending, CancelledError);
        reader.feed_data("kept");
        EXPECT_EQ(co_await reader.read(5), "kept");
    }());
}

// Data fed and cancellation requested in the same turn: the read that was woken keeps its
// bytes (the wake-up is not lost); the cancellation comes at the task's next suspension.
TEST(StreamReader, DataAndCancellationInTheSameTurnLoseNothing) {
    run_bounded([]() -> Coro<> {
        StreamReader reader;
        Log log;
        auto read_twice = [](StreamReader* reader, Log* log) -> Coro<int> {
            try {
                log->push_back("got " + co_await reader->read(10));
                co_await asyncio::sleep(1s);
            } catch (const CancelledError&) {
                log->push_back("cancelled");
            }
            co_return 0;
        };
        Task<int> pending = asyncio::create_task(read_twice(&reader, &log));
        co_await turns();
        reader.feed_data("bytes");
        pending.cancel();
        co_await pending;
        EXPECT_EQ(log, (Log{"got bytes", "cancelled"}));
        EXPECT_EQ(reader.buffered(), 0u);
    }());
}

TEST(StreamReader, MovedReaderKeepsItsBuffer) {
    run_bounded([]() -> Coro<> {
        StreamReader a;
        a.feed_data("carried\nover");
        StreamReader b(std::move(a));
        EXPECT_EQ(co_await b.readline(), "carried\n");
        StreamReader c(3);
        c = std::move(b);
        EXPECT_EQ(c.limit(), 64u * 1024);
        c.feed_eof();
        EXPECT_EQ(co_await c.read(), "over");
    }());
}

// lines(): Python's `async for line in reader`.

Coro<std::vector<std::string>> all_lines(StreamReader* reader) {
    std::vector<std::string> got;
    auto lines = reader->lines();
    for (auto it = co_await lines.begin(); it != lines.end(); co_await ++it) got.push_back(*it);
    co_return got;
}

TEST(StreamReaderLines, GivesEachLineThenEndsAtTheEndOfTheStream) {
    run_bounded([]() -> Coro<> {
        StreamReader reader;
        auto feeder = asyncio::create_task(trickle(&reader, std::string("a\nbb\n\nlast"), 1, true));
        const std::vector<std::string> got = co_await all_lines(&reader);
        EXPECT_EQ(got, (std::vector<std::string>{"a\n", "bb\n", "\n", "last"}));
        co_await feeder;
    }());
}

TEST(StreamReaderLines, BreakingOutLeavesTheRestToRead) {
    run_bounded([]() -> Coro<> {
        StreamReader reader;
        reader.feed_data("1\n2\n3\n");
        reader.feed_eof();
        {
            auto lines = reader.lines();
            for (auto it = co_await lines.begin(); it != lines.end(); co_await ++it) {
                if (*it == "2\n") break;
            }
        }
        EXPECT_EQ(co_await reader.readline(), "3\n");
    }());
}

TEST(StreamReaderLines, ALineOverTheLimitRaisesAtThatLine) {
    run_bounded([]() -> Coro<> {
        StreamReader reader(4);
        reader.feed_data("ab\nmuch too long\nc\n");
        reader.feed_eof();
        std::vector<std::string> got;
        auto lines = reader.lines();
        try {
            for (auto it = co_await lines.begin(); it != lines.end(); co_await ++it) {
                got.push_back(*it);
            }
            ADD_FAILURE() << "no LimitOverrunError";
        } catch (const LimitOverrunError&) {
        }
        EXPECT_EQ(got, (std::vector<std::string>{"ab\n"}));
        EXPECT_EQ(co_await reader.readline(), "c\n");  // the stream stays usable
    }());
}

TEST(StreamReaderLines, CancellingTheLoopLosesNothing) {
    run_bounded([]() -> Coro<> {
        StreamReader reader;
        Log log;
        auto consumer = [](StreamReader* reader, Log* log) -> Coro<> {
            auto lines = reader->lines();
            for (auto it = co_await lines.begin(); it != lines.end(); co_await ++it) {
                log->push_back(*it);
            }
        };
        auto task = asyncio::create_task(consumer(&reader, &log));
        reader.feed_data("x\npart");
        co_await turns();
        task.cancel();
        EXPECT_THROW(co_await task, CancelledError);
        EXPECT_EQ(log, (Log{"x\n"}));
        EXPECT_EQ(reader.buffered(), 4u);
        reader.feed_data("ial\n");
        EXPECT_EQ(co_await reader.readline(), "partial\n");  // no reader left behind
    }());
}

}  // namespace
