// Python's asyncio subprocesses: `create_subprocess_exec` runs a program with its arguments,
// `create_subprocess_shell` a command line through `/bin/sh -c`; both give a `Process`
// (process.hpp) once the program has started.
//
//   auto proc = co_await asyncio::create_subprocess_exec(
//       "sort", "-r", {.stdin = asyncio::PIPE, .stdout = asyncio::PIPE});
//   auto [out, err] = co_await proc.communicate("b\na\nc\n");   // out == "c\nb\na\n"
//
// Each of the child's stdin, stdout and stderr is inherited from this process (the default,
// Python's None), a `PIPE` (a `StreamWriter` / `StreamReader` on the Process), `DEVNULL`, or,
// for stderr, `STDOUT` (merged into stdout). `cwd` runs the child in another directory, `env`
// replaces its environment ("NAME=value" strings; unset: this process's), `limit` is the
// StreamReaders' limit. The program is looked up in this process's PATH when its name has no
// '/'. A program that cannot be run raises at the co_await: FileNotFoundError naming it (or
// naming `cwd`, when that is what is missing), PermissionError, OSError.
//
// The child starts with every descriptor of this process closed but its three standard
// ones, and with SIGPIPE and SIGXFSZ at their default action, as Python's do. Its exit is
// noticed through a pidfd on the loop's poller, not SIGCHLD: the library reaps only the
// children it started, and reaps them even when their Process is dropped before they exit.
// A child still running when its loop shuts down (the end of `asyncio::run`) is killed and
// reaped then, as Python does when it closes the transport of a running child: no zombie
// and no orphan is left behind. Linux 5.3 or later (pidfd_open).
//
// The options struct is trivially destructible, so `{.stdout = asyncio::PIPE}` may be written
// inline in a `co_await` with every compiler (see net/streams.hpp); `cwd` and `env` are read
// before the call returns, so they need not outlive it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "asyncio/core/coro.hpp"
#include "asyncio/net/stream_reader.hpp"
#include "asyncio/subprocess/process.hpp"

namespace asyncio {

// Where one of the child's standard streams goes.
enum class Stdio : std::uint8_t {
    inherit,  // this process's own (Python's None)
    pipe,     // a stream of the Process
    devnull,  // /dev/null
    stdout,   // stderr only: wherever stdout goes
};
inline constexpr Stdio PIPE = Stdio::pipe;
inline constexpr Stdio DEVNULL = Stdio::devnull;
inline constexpr Stdio STDOUT = Stdio::stdout;
inline constexpr Stdio INHERIT = Stdio::inherit;

struct SubprocessOptions {
    Stdio stdin = Stdio::inherit;
    Stdio stdout = Stdio::inherit;
    Stdio stderr = Stdio::inherit;
    std::optional<std::string_view> cwd{};              // unset: this process's
    std::optional<std::span<const std::string>> env{};  // "NAME=value"; unset: inherit
    std::size_t limit = StreamReader::kDefaultLimit;    // of stdout's and stderr's readers
};
static_assert(std::is_trivially_destructible_v<SubprocessOptions>);

namespace detail {
// What the options say, owned: the coroutine below outlives the caller's options.
struct SpawnSpec {
    std::vector<std::string> argv;
    std::optional<std::vector<std::string>> env;
    std::optional<std::string> cwd;
    Stdio stdio[3] = {Stdio::inherit, Stdio::inherit, Stdio::inherit};
    std::size_t limit = StreamReader::kDefaultLimit;
};
SpawnSpec make_spawn_spec(std::vector<std::string> argv, const SubprocessOptions& options);
SpawnSpec make_spawn_spec(std::initializer_list<std::string_view> argv,
                          const SubprocessOptions& options);
Coro<Process> create_subprocess(SpawnSpec spec);
}  // namespace detail

// `argv[0]` is the program.
inline Coro<Process> create_subprocess_exec(std::vector<std::string> argv,
                                            const SubprocessOptions& options = {}) {
    return detail::create_subprocess(detail::make_spawn_spec(std::move(argv), options));
}

// The program and up to six arguments, then the options (Python's spelling); more
// arguments: the vector form above.
inline Coro<Process> create_subprocess_exec(std::string_view program,
                                            const SubprocessOptions& options = {}) {
    return detail::create_subprocess(detail::make_spawn_spec({program}, options));
}
inline Coro<Process> create_subprocess_exec(std::string_view program, std::string_view a,
                                            const SubprocessOptions& options = {}) {
    return detail::create_subprocess(detail::make_spawn_spec({program, a}, options));
}
inline Coro<Process> create_subprocess_exec(std::string_view program, std::string_view a,
                                            std::string_view b,
                                            const SubprocessOptions& options = {}) {
    return detail::create_subprocess(detail::make_spawn_spec({program, a, b}, options));
}
inline Coro<Process> create_subprocess_exec(std::string_view program, std::string_view a,
                                            std::string_view b, std::string_view c,
                                            const SubprocessOptions& options = {}) {
    return detail::create_subprocess(detail::make_spawn_spec({program, a, b, c}, options));
}
inline Coro<Process> create_subprocess_exec(std::string_view program, std::string_view a,
                                            std::string_view b, std::string_view c,
                                            std::string_view d,
                                            const SubprocessOptions& options = {}) {
    return detail::create_subprocess(detail::make_spawn_spec({program, a, b, c, d}, options));
}
inline Coro<Process> create_subprocess_exec(std::string_view program, std::string_view a,
                                            std::string_view b, std::string_view c,
                                            std::string_view d, std::string_view e,
                                            const SubprocessOptions& options = {}) {
    return detail::create_subprocess(detail::make_spawn_spec({program, a, b, c, d, e}, options));
}
inline Coro<Process> create_subprocess_exec(std::string_view program, std::string_view a,
                                            std::string_view b, std::string_view c,
                                            std::string_view d, std::string_view e,
                                            std::string_view f,
                                            const SubprocessOptions& options = {}) {
    return detail::create_subprocess(detail::make_spawn_spec({program, a, b, c, d, e, f}, options));
}

// `cmd` run by `/bin/sh -c` (the shell's syntax: quote what comes from elsewhere).
inline Coro<Process> create_subprocess_shell(std::string_view cmd,
                                             const SubprocessOptions& options = {}) {
    return detail::create_subprocess(detail::make_spawn_spec({"/bin/sh", "-c", cmd}, options));
}

}  // namespace asyncio
