// `Process`: Python's asyncio.subprocess.Process, a child started by
// `create_subprocess_exec` or `create_subprocess_shell` (subprocess.hpp).
//
// `stdin` is a StreamWriter and `stdout` / `stderr` are StreamReaders when they were asked
// for as PIPE (empty otherwise): back-pressure (`drain()`), `write_eof()` (the child reads
// the end of its input) and every read work as on a connection. A write to a child that has
// gone raises BrokenPipeError (or ConnectionResetError), never SIGPIPE.
//
// `co_await wait()` gives the exit status once the child has exited: its exit code, or -N
// when signal N ended it (`returncode()` has it from then on, empty before). As in Python,
// `wait()` does not read the pipes: a child that fills a pipe nobody reads waits forever;
// `communicate(input)` writes `input` to stdin and closes it while it reads stdout and
// stderr to their end, all three at once (so large outputs in both directions never
// deadlock), then waits for the exit and gives (stdout, stderr) (empty for what is not a
// PIPE). A broken pipe while writing `input` is ignored there, as in Python. Cancelling
// either leaves the child running; what communicate had read is then lost.
//
// `send_signal(sig)`, `terminate()` (SIGTERM) and `kill()` (SIGKILL) go to the child through
// its pidfd, so never to another process that reused its pid; once the child has been
// reaped they do nothing. A Process may be dropped at any time: the child keeps running and
// is reaped when it exits (its pipes close with the Process).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "asyncio/core/coro.hpp"
#include "asyncio/net/stream_reader.hpp"
#include "asyncio/net/stream_writer.hpp"

namespace asyncio {

namespace detail {
class Child;
struct ProcessAccess;
}  // namespace detail

class Process {
  public:
    Process(Process&&) noexcept;
    Process& operator=(Process&&) noexcept;
    ~Process();

    // Python's attributes, as members; empty unless PIPE. (The names are the C library's
    // stdio macros too: glibc defines each as itself, so they work wherever <cstdio> is.)
    std::optional<StreamWriter> stdin;
    std::optional<StreamReader> stdout;
    std::optional<StreamReader> stderr;

    int pid() const noexcept;
    // The exit status once the child has been reaped: the exit code, or -N for signal N.
    std::optional<int> returncode() const noexcept;

    Coro<int> wait();
    // (stdout, stderr). RuntimeError if `input` is given but stdin is not a PIPE (Python
    // drops it silently).
    Coro<std::pair<std::string, std::string>> communicate(std::string input = {});

    void send_signal(int signal);
    void terminate();  // SIGTERM
    void kill();       // SIGKILL

  private:
    friend struct detail::ProcessAccess;
    explicit Process(std::shared_ptr<detail::Child> child) noexcept;
    std::shared_ptr<detail::Child> child_;
};

}  // namespace asyncio
