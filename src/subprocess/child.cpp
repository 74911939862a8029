#include "asyncio/detail/subprocess/child.hpp"

#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "asyncio/core/errors.hpp"
#include "asyncio/detail/net/registration.hpp"
#include "asyncio/loop/event_loop.hpp"
#include "asyncio/net/errors.hpp"

namespace asyncio::detail {

namespace {

// waitid's P_PIDFD (Linux 5.4), which glibc 2.36's <sys/wait.h> does not name yet.
constexpr idtype_t kPidfd = static_cast<idtype_t>(3);

// Through syscall(): glibc 2.36's <sys/pidfd.h> declares its wrappers without C linkage.
int pidfd_send_signal(int pidfd, int signal) noexcept {
    return static_cast<int>(::syscall(SYS_pidfd_send_signal, pidfd, signal, nullptr, 0));
}

}  // namespace

int open_pidfd(pid_t pid) noexcept { return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)); }

Child::~Child() { ::close(pidfd_); }

void Child::record(int code, int status) noexcept {
    // As Python: the exit code, or minus the signal that ended the child.
    returncode_ = code == CLD_EXITED ? status : -status;
    exited.set();
}

bool Child::try_reap() {
    if (returncode_) return true;
    siginfo_t info{};
    if (::waitid(kPidfd, static_cast<id_t>(pidfd_), &info, WEXITED | WNOHANG) < 0) {
        if (errno == EINTR) return false;
        if (errno == ECHILD) {        // reaped by someone else (a waitpid(-1) of the program's)
            record(CLD_EXITED, 255);  // Python's child watchers report 255 then too
            return true;
        }
        raise_os_error(errno, "waitid for child " + std::to_string(pid_));
    }
    if (info.si_pid == 0) return false;  // still running
    record(info.si_code, info.si_status);
    return true;
}

void Child::kill_and_reap() noexcept {
    if (returncode_) return;
    pidfd_send_signal(pidfd_, SIGKILL);
    siginfo_t info{};
    int result;
    do {
        result = ::waitid(kPidfd, static_cast<id_t>(pidfd_), &info, WEXITED);
    } while (result < 0 && errno == EINTR);
    if (result == 0) record(info.si_code, info.si_status);
}

void Child::send_signal(int signal) {
    if (returncode_) return;
    if (pidfd_send_signal(pidfd_, signal) < 0 && errno != ESRCH) {
        raise_os_error(
            errno, "send_signal(" + std::to_string(signal) + ") to child " + std::to_string(pid_));
    }
}

namespace {

// The watcher's hold on its child. When the watcher ends without having reaped it (its loop
// is shutting down: cancelled, perhaps before it ever ran), the child is killed and reaped
// here, since nothing else would reap it.
struct Watched {
    std::shared_ptr<Child> child;
    Watched(std::shared_ptr<Child> c) noexcept : child(std::move(c)) {}
    Watched(Watched&&) noexcept = default;
    ~Watched() {
        if (child) child->kill_and_reap();
    }
};

Coro<> watch_child(Watched watched) {
    Child& child = *watched.child;
    Registration io(get_running_loop(), child.pidfd());
    // The pidfd turns readable when the child exits (epoll tells at once if it already has).
    for (;;) {
        const bool reaped = child.try_reap();
        if (reaped) break;
        co_await io.next_edge(Registration::Direction::read);
    }
}

}  // namespace

void watch(std::shared_ptr<Child> child) {
    EventLoop& loop = get_running_loop();
    const std::string name = "child " + std::to_string(child->pid()) + " watcher";
    loop.create_task(watch_child(Watched(std::move(child))), name);
}

}  // namespace asyncio::detail
