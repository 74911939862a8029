// Starting a child: posix_spawn (glibc's runs the child on a vfork-style clone and reports
// an exec failure to the parent), its standard streams set up as the spec says, every other
// descriptor closed (closefrom), then a pidfd for it. PIPE streams are AF_UNIX stream
// socketpairs, as libuv's pipes are, so the net layer's transport, reader and writer serve
// them unchanged (shutdown(SHUT_WR) is the child's end of input).
#pragma once

#include <array>
#include <memory>

#include "asyncio/detail/subprocess/child.hpp"
#include "asyncio/net/socket.hpp"
#include "asyncio/subprocess/subprocess.hpp"

namespace asyncio::detail {

struct Spawned {
    std::shared_ptr<Child> child;
    std::array<Socket, 3> pipes;  // this process's ends of stdin, stdout, stderr (PIPE only)
};

// FileNotFoundError naming the program (or the cwd), PermissionError, OSError.
Spawned spawn(const SpawnSpec& spec);

}  // namespace asyncio::detail

namespace asyncio::detail {

// Makes the Process of a child (its constructor is private).
struct ProcessAccess {
    static Process make(std::shared_ptr<Child> child) { return Process(std::move(child)); }
};

}  // namespace asyncio::detail
