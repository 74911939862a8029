// A child process as the library tracks it: its pid, its pidfd, and its exit status once
// reaped. Shared by the Process and the child's watcher, a small task that waits for the
// pidfd to turn readable (the child exited) and reaps it with waitid(P_PIDFD), so a child is
// reaped whether or not anyone still holds its Process. If the watcher is cancelled (its
// loop is shutting down) while the child runs, it kills the child and reaps it.
#pragma once

#include <sys/types.h>

#include <memory>
#include <optional>

#include "asyncio/sync/event.hpp"

namespace asyncio::detail {

class Child {
  public:
    // Takes `pidfd` (closed with the Child).
    Child(pid_t pid, int pidfd) noexcept : pid_(pid), pidfd_(pidfd) {}
    ~Child();
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    pid_t pid() const noexcept { return pid_; }
    int pidfd() const noexcept { return pidfd_; }
    const std::optional<int>& returncode() const noexcept { return returncode_; }
    // Set once the child has been reaped.
    Event exited;

    // Reaps the child if it has exited (never blocks): true once it is reaped.
    bool try_reap();
    // Kills the child and waits for it (the loop is going away: nothing else will reap it).
    void kill_and_reap() noexcept;
    // Nothing once the child is reaped.
    void send_signal(int signal);

  private:
    void record(int code, int status) noexcept;
    pid_t pid_;
    int pidfd_;
    std::optional<int> returncode_;
};

// A pidfd for `pid` (close-on-exec), or -1 with errno set.
int open_pidfd(pid_t pid) noexcept;

// Starts the watcher of `child` on the running loop.
void watch(std::shared_ptr<Child> child);

}  // namespace asyncio::detail
