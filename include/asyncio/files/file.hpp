// `File`: regular files for coroutines, the course's file exercises without blocking the loop.
//
//   asyncio::File f = co_await asyncio::File::open("notes.txt");
//   auto lines = f.lines();                                          // async for line in f:
//   for (auto it = co_await lines.begin(); it != lines.end(); co_await ++it) {
//       count(*it);
//   }
//
// A regular file is always "ready" to epoll, so every read and write runs on the loop's
// default thread pool (`to_thread`) while the task awaits. Errors are `FileError`s naming
// the operation and the path. Data is bytes (no newline translation); `readline()` keeps the
// '\n' and returns "" at the end of the file, as Python's does. Cancelling an operation stops
// the waiting; the system call in flight finishes on its thread, and the file stays usable
// (operations on one File are serialized). Closing happens in `close()` or when the last
// File goes.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "asyncio/core/async_generator.hpp"
#include "asyncio/core/coro.hpp"
#include "asyncio/core/errors.hpp"

namespace asyncio {

class FileError : public Error {
  public:
    FileError(const std::string& what, std::string path, int error);
    const std::string& path() const noexcept { return path_; }
    int error_code() const noexcept { return error_; }  // errno

  private:
    std::string path_;
    int error_;
};

namespace detail {
struct FileState;
}

class File {
  public:
    static constexpr std::size_t all = static_cast<std::size_t>(-1);

    // Opens `path`. Modes as Python's, always binary: "r", "w" (truncate), "a" (append),
    // "x" (create, fail if it exists), and each with "+" for reading and writing.
    static Coro<File> open(std::string path, std::string mode = "r");

    // Up to `n` bytes, or everything to the end of the file; "" at the end.
    Coro<std::string> read(std::size_t n = all);
    // The next line, with its '\n' (the last line may have none); "" at the end.
    Coro<std::string> readline();
    // aiofiles' `async for line in f`: readline() until the end of the file (see
    // core/async_generator.hpp for the loop). The generator keeps the file open.
    AsyncGenerator<std::string> lines();
    // Writes every byte of `data`; returns how many.
    Coro<std::size_t> write(std::string data);
    Coro<> close();

    const std::string& path() const noexcept;
    bool closed() const noexcept;

  private:
    static AsyncGenerator<std::string> lines_of(File file);
    explicit File(std::shared_ptr<detail::FileState> state) noexcept : state_(std::move(state)) {}

    std::shared_ptr<detail::FileState> state_;  // shared with the worker thread doing a call
};

}  // namespace asyncio
