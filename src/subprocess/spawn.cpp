#include "asyncio/detail/subprocess/spawn.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "asyncio/net/errors.hpp"

extern char** environ;

namespace asyncio::detail {

namespace {

// A descriptor of this process that the child gets as one of its standard streams; closed
// here once the child has it.
class ChildEnd {
  public:
    ChildEnd() noexcept = default;
    explicit ChildEnd(int fd) noexcept : fd_(fd) {}
    ChildEnd(ChildEnd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    ChildEnd& operator=(ChildEnd other) noexcept {
        std::swap(fd_, other.fd_);
        return *this;
    }
    ~ChildEnd() {
        if (fd_ >= 0) ::close(fd_);
    }
    int get() const noexcept { return fd_; }

    // Moved above the standard descriptors, so that setting up one of the child's 0, 1 and
    // 2 never overwrites another's source.
    void lift() {
        if (fd_ < 0 || fd_ > 2) return;
        const int lifted = ::fcntl(fd_, F_DUPFD_CLOEXEC, 3);
        if (lifted < 0) raise_os_error(errno, "fcntl(F_DUPFD_CLOEXEC)");
        *this = ChildEnd(lifted);
    }

  private:
    int fd_ = -1;
};

// A PIPE: this process's end (non-blocking) and the child's (blocking, as a program expects).
std::pair<Socket, ChildEnd> make_pipe() {
    int ends[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) < 0) {
        raise_os_error(errno, "socketpair");
    }
    Socket ours(ends[0], AF_UNIX, SOCK_STREAM);
    ChildEnd theirs(ends[1]);
    const int flags = ::fcntl(ends[0], F_GETFL);
    if (flags < 0 || ::fcntl(ends[0], F_SETFL, flags | O_NONBLOCK) < 0) {
        raise_os_error(errno, "fcntl(O_NONBLOCK)");
    }
    theirs.lift();
    return {std::move(ours), std::move(theirs)};
}

ChildEnd open_devnull() {
    ChildEnd null(::open("/dev/null", O_RDWR | O_CLOEXEC));
    if (null.get() < 0) raise_os_error(errno, "open /dev/null");
    null.lift();
    return null;
}

// posix_spawn's file actions and attributes, freed whatever happens.
struct SpawnSetup {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    SpawnSetup() {
        posix_spawn_file_actions_init(&actions);
        posix_spawnattr_init(&attributes);
    }
    ~SpawnSetup() {
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attributes);
    }
    SpawnSetup(const SpawnSetup&) = delete;
    SpawnSetup& operator=(const SpawnSetup&) = delete;

    void check(int error, const char* what) {
        if (error != 0) raise_os_error(error, what);
    }
    // As Python's restore_signals: SIGPIPE and SIGXFSZ back to their default action (an
    // ignored signal stays ignored across exec).
    void restore_signals() {
        sigset_t defaults;
        sigemptyset(&defaults);
        sigaddset(&defaults, SIGPIPE);
        sigaddset(&defaults, SIGXFSZ);
        check(posix_spawnattr_setsigdefault(&attributes, &defaults), "posix_spawnattr");
        check(posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF), "posix_spawnattr");
    }
};

std::vector<char*> c_strings(const std::vector<std::string>& strings) {
    std::vector<char*> pointers;
    pointers.reserve(strings.size() + 1);
    for (const std::string& s : strings) pointers.push_back(const_cast<char*>(s.c_str()));
    pointers.push_back(nullptr);
    return pointers;
}

bool is_directory(const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode) &&
           ::access(path.c_str(), X_OK) == 0;
}

// posix_spawn says only that a step failed: a missing cwd is told from a missing program by
// looking at the directory.
[[noreturn]] void raise_spawn_error(int error, const SpawnSpec& spec) {
    const std::string program = "'" + spec.argv.front() + "'";
    if (spec.cwd && !is_directory(*spec.cwd)) {
        raise_os_error(error, "cannot change to directory '" + *spec.cwd + "' to run " + program);
    }
    raise_os_error(error, "cannot run " + program);
}

// Kills and reaps a child that cannot be tracked (no pidfd).
void abandon(pid_t pid) noexcept {
    ::kill(pid, SIGKILL);
    while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
}

}  // namespace

Spawned spawn(const SpawnSpec& spec) {
    if (spec.argv.empty() || spec.argv.front().empty()) {
        throw ValueError("create_subprocess_exec: the program name is empty");
    }
    Spawned spawned;
    ChildEnd ends[3];
    ChildEnd null;
    SpawnSetup setup;
    if (spec.cwd) {
        setup.check(posix_spawn_file_actions_addchdir_np(&setup.actions, spec.cwd->c_str()),
                    "posix_spawn_file_actions");
    }
    for (int fd = 0; fd < 3; ++fd) {
        int source = -1;
        switch (spec.stdio[fd]) {
            case Stdio::inherit:
                continue;
            case Stdio::pipe:
                std::tie(spawned.pipes[fd], ends[fd]) = make_pipe();
                source = ends[fd].get();
                break;
            case Stdio::devnull:
                if (null.get() < 0) null = open_devnull();
                source = null.get();
                break;
            case Stdio::stdout:
                if (fd != 2) throw ValueError("STDOUT is for stderr only");
                source = 1;
                break;
        }
        setup.check(posix_spawn_file_actions_adddup2(&setup.actions, source, fd),
                    "posix_spawn_file_actions");
    }
    // Everything else closes, even what was opened without O_CLOEXEC elsewhere.
    setup.check(posix_spawn_file_actions_addclosefrom_np(&setup.actions, 3),
                "posix_spawn_file_actions");
    setup.restore_signals();

    std::vector<char*> argv = c_strings(spec.argv);
    std::vector<char*> env;
    if (spec.env) env = c_strings(*spec.env);
    pid_t pid = -1;
    const int error = ::posix_spawnp(&pid, argv[0], &setup.actions, &setup.attributes, argv.data(),
                                     spec.env ? env.data() : environ);
    if (error != 0) raise_spawn_error(error, spec);

    const int pidfd = open_pidfd(pid);
    if (pidfd < 0) {
        const int open_error = errno;
        abandon(pid);
        raise_os_error(open_error, "pidfd_open (Linux 5.3 or later is needed)");
    }
    spawned.child = std::make_shared<Child>(pid, pidfd);
    return spawned;
}

}  // namespace asyncio::detail
