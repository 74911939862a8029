// File: reading, lines, writing and appending through the thread pool; errors name the path;
// a cancelled operation leaves the file usable.
#include "asyncio/files/file.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "asyncio/core/task.hpp"
#include "asyncio/loop/run.hpp"
#include "asyncio/loop/sleep.hpp"

namespace {

using namespace std::chrono_literals;
using asyncio::Coro;
using asyncio::File;
using asyncio::FileError;

// A fresh scratch file path, removed at the end of the test.
class ScratchFile {
  public:
    ScratchFile() {
        const auto* info = testing::UnitTest::GetInstance()->current_test_info();
        path_ = (std::filesystem::temp_directory_path() /
                 ("asyncio-file-test-" + std::to_string(::getpid()) + "-" + info->name()))
                    .string();
        std::filesystem::remove(path_);
    }
    ~ScratchFile() { std::filesystem::remove(path_); }
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

TEST(File, WriteThenReadBack) {
    ScratchFile scratch;
    asyncio::run([](std::string path) -> Coro<> {
        File out = co_await File::open(path, "w");
        EXPECT_EQ(co_await out.write("hello\nworld\n"), 12u);
        co_await out.close();
        EXPECT_TRUE(out.closed());
        File in = co_await File::open(path);
        EXPECT_EQ(co_await in.read(), "hello\nworld\n");
        EXPECT_EQ(co_await in.read(), "");  // at the end
    }(scratch.path()));
}

TEST(File, ReadlineKeepsNewlinesAndEndsWithEmpty) {
    ScratchFile scratch;
    asyncio::run([](std::string path) -> Coro<> {
        File out = co_await File::open(path, "w");
        co_await out.write("one\ntwo\n\nlast");
        co_await out.close();
        File in = co_await File::open(path, "r");
        std::vector<std::string> lines;
        for (std::string line = co_await in.readline(); !line.empty();
             line = co_await in.readline()) {
            lines.push_back(line);
        }
        EXPECT_EQ(lines, (std::vector<std::string>{"one\n", "two\n", "\n", "last"}));
    }(scratch.path()));
}

TEST(File, ReadInPiecesAcrossTheBuffer) {
    ScratchFile scratch;
    asyncio::run([](std::string path) -> Coro<> {
        const std::string big(200 * 1024 + 7, 'x');
        File out = co_await File::open(path, "w");
        co_await out.write(big);
        co_await out.close();
        File in = co_await File::open(path);
        std::string got = co_await in.read(5);
        EXPECT_EQ(got, "xxxxx");
        got += co_await in.read(100 * 1024);
        got += co_await in.read();
        EXPECT_EQ(got.size(), big.size());
    }(scratch.path()));
}

TEST(File, AppendAndExclusiveCreate) {
    ScratchFile scratch;
    asyncio::run([](std::string path) -> Coro<> {
        File first = co_await File::open(path, "x");
        co_await first.write("a");
        co_await first.close();
        try {
            co_await File::open(path, "x");
            ADD_FAILURE() << "x on an existing file did not fail";
        } catch (const FileError& e) {
            EXPECT_EQ(e.error_code(), EEXIST);
        }
        File more = co_await File::open(path, "a");
        co_await more.write("b");
        co_await more.close();
        File in = co_await File::open(path);
        EXPECT_EQ(co_await in.read(), "ab");
    }(scratch.path()));
}

TEST(File, MissingFileIsAFileErrorNamingThePath) {
    asyncio::run([]() -> Coro<> {
        try {
            co_await File::open("/nonexistent/dir/file.txt");
            ADD_FAILURE() << "no error";
        } catch (const FileError& e) {
            EXPECT_EQ(e.error_code(), ENOENT);
            EXPECT_EQ(e.path(), "/nonexistent/dir/file.txt");
            EXPECT_NE(std::string(e.what()).find("/nonexistent/dir/file.txt"), std::string::npos);
        }
    }());
}

TEST(File, BadModeAndClosedFileAreErrors) {
    ScratchFile scratch;
    asyncio::run([](std::string path) -> Coro<> {
        EXPECT_THROW(co_await File::open(path, "q"), FileError);
        File out = co_await File::open(path, "w");
        co_await out.close();
        co_await out.close();  // closing twice is harmless
        EXPECT_THROW(co_await out.write("late"), FileError);
    }(scratch.path()));
}

TEST(File, ACancelledReadLeavesTheFileUsable) {
    ScratchFile scratch;
    asyncio::run([](std::string path) -> Coro<> {
        File out = co_await File::open(path, "w+");
        co_await out.write("line 1\nline 2\n");
        co_await out.close();
        File in = co_await File::open(path);
        auto reader = asyncio::create_task(in.readline());
        reader.cancel();
        try {
            co_await reader;
        } catch (const asyncio::CancelledError&) {
        }
        // Whether or not that read ran, the file still works, one operation at a time.
        const std::string rest = co_await in.read();
        EXPECT_TRUE(rest == "line 1\nline 2\n" || rest == "line 2\n") << rest;
    }(scratch.path()));
}

// lines(): aiofiles' `async for line in f`.

Coro<> write_file(std::string path, std::string text) {
    File out = co_await File::open(path, "w");
    co_await out.write(std::move(text));
    co_await out.close();
}

// Every item, with the loop spelling.
Coro<std::vector<std::string>> collect(asyncio::AsyncGenerator<std::string> lines) {
    std::vector<std::string> got;
    for (auto it = co_await lines.begin(); it != lines.end(); co_await ++it) got.push_back(*it);
    co_return got;
}

TEST(FileLines, GivesEveryLineThenEnds) {
    ScratchFile scratch;
    asyncio::run([](std::string path) -> Coro<> {
        co_await write_file(path, "one\ntwo\n\nlast");
        File in = co_await File::open(path);
        const std::vector<std::string> got = co_await collect(in.lines());
        EXPECT_EQ(got, (std::vector<std::string>{"one\n", "two\n", "\n", "last"}));
    }(scratch.path()));
}

TEST(FileLines, BreakingOutLeavesTheFileAtTheNextLine) {
    ScratchFile scratch;
    asyncio::run([](std::string path) -> Coro<> {
        co_await write_file(path, "1\n2\n3\n");
        File in = co_await File::open(path);
        {
            auto lines = in.lines();
            for (auto it = co_await lines.begin(); it != lines.end(); co_await ++it) {
                if (*it == "2\n") break;
            }
        }
        EXPECT_EQ(co_await in.read(), "3\n");
    }(scratch.path()));
}

TEST(FileLines, TheGeneratorKeepsTheFileOpen) {
    ScratchFile scratch;
    asyncio::run([](std::string path) -> Coro<> {
        co_await write_file(path, "a\nb\n");
        asyncio::AsyncGenerator<std::string> lines;
        {
            File in = co_await File::open(path);
            lines = in.lines();
        }
        const std::vector<std::string> got = co_await collect(std::move(lines));
        EXPECT_EQ(got, (std::vector<std::string>{"a\n", "b\n"}));
    }(scratch.path()));
}

TEST(FileLines, LinesOfAClosedFileRaiseFileError) {
    ScratchFile scratch;
    asyncio::run([](std::string path) -> Coro<> {
        co_await write_file(path, "a\n");
        File in = co_await File::open(path);
        co_await in.close();
        auto lines = in.lines();
        EXPECT_THROW(co_await lines.begin(), FileError);
    }(scratch.path()));
}

TEST(FileLines, CancellingTheLoopLeavesTheFileUsable) {
    ScratchFile scratch;
    asyncio::run([](std::string path) -> Coro<> {
        co_await write_file(path, "line 1\nline 2\n");
        File in = co_await File::open(path);
        auto consumer = [](File in) -> Coro<> {
            auto lines = in.lines();
            for (auto it = co_await lines.begin(); it != lines.end(); co_await ++it) {
                co_await asyncio::sleep(24h);
            }
        };
        auto task = asyncio::create_task(consumer(in));
        task.cancel();
        EXPECT_THROW(co_await task, asyncio::CancelledError);
        // Whether or not its read ran, the file still works.
        const std::string rest = co_await in.read();
        EXPECT_TRUE(rest == "line 1\nline 2\n" || rest == "line 2\n") << rest;
    }(scratch.path()));
}

}  // namespace
