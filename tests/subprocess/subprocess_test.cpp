// create_subprocess_exec / create_subprocess_shell and Process with real children: exit
// statuses, signals, the standard streams (PIPE, DEVNULL, STDOUT, inherited), cwd, env, a
// missing program, large outputs in both directions, a dead child's stdin, many children at
// once, and what happens to a child whose Process or loop goes away. After every test, no
// child is left (the fixture checks).
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "subprocess/subprocess_support.hpp"

namespace {

using namespace asyncio_test::subprocess;
using asyncio::create_subprocess_exec;
using asyncio::create_subprocess_shell;
using asyncio::Process;
using asyncio_test::run_bounded;

// -- exit statuses and signals --

TEST_F(Subprocess, ExitCodeAndPid) {
    run_bounded([]() -> Coro<> {
        Process proc = co_await create_subprocess_exec("sh", "-c", "echo $$; exit 7",
                                                       {.stdout = asyncio::PIPE});
        EXPECT_FALSE(proc.returncode());
        const std::string line = co_await proc.stdout->readline();
        EXPECT_EQ(line, std::to_string(proc.pid()) + "\n");
        EXPECT_EQ(co_await proc.wait(), 7);
        EXPECT_EQ(proc.returncode(), 7);
        EXPECT_EQ(co_await proc.wait(), 7);  // again: the same
        Process ok = co_await create_subprocess_exec("true");
        EXPECT_EQ(co_await ok.wait(), 0);
    }());
}

TEST_F(Subprocess, KilledBySignalGivesMinusTheSignal) {
    run_bounded([]() -> Coro<> {
        Process proc = co_await create_subprocess_exec("sleep", "100");
        proc.kill();
        EXPECT_EQ(co_await proc.wait(), -SIGKILL);
        // Reaped: signals do nothing now (Python: the same), whoever has the pid since.
        proc.send_signal(SIGTERM);
        proc.kill();
        EXPECT_EQ(proc.returncode(), -SIGKILL);
        Process other = co_await create_subprocess_exec("sleep", "100");
        other.send_signal(SIGUSR1);
        EXPECT_EQ(co_await other.wait(), -SIGUSR1);
    }());
}

// A child that ignores SIGTERM: terminate, wait a while, then kill, as a user would.
TEST_F(Subprocess, ChildIgnoringSigtermIsKilled) {
    run_bounded([]() -> Coro<> {
        Process proc = co_await create_subprocess_exec(
            "sh", "-c", "trap '' TERM; echo ready; exec sleep 100", {.stdout = asyncio::PIPE});
        EXPECT_EQ(co_await proc.stdout->readline(), "ready\n");  // the trap is set
        proc.terminate();
        const bool timed_out = co_await times_out(proc.wait(), 300ms);
        EXPECT_TRUE(timed_out);
        EXPECT_FALSE(proc.returncode());
        proc.kill();
        EXPECT_EQ(co_await proc.wait(), -SIGKILL);
    }());
}

// Python's rule: cancelling wait() leaves the child running.
TEST_F(Subprocess, CancellingWaitLeavesTheChildRunning) {
    run_bounded([]() -> Coro<> {
        Process proc = co_await create_subprocess_exec("sleep", "100");
        auto waiter = asyncio::create_task(proc.wait());
        co_await asyncio::sleep(10ms);
        waiter.cancel();
        bool cancelled = false;
        try {
            co_await waiter;
        } catch (const asyncio::CancelledError&) {
            cancelled = true;
        }
        EXPECT_TRUE(cancelled);
        EXPECT_FALSE(proc.returncode());
        EXPECT_EQ(::kill(proc.pid(), 0), 0) << "the child is gone";
        // And a later wait still sees its end.
        proc.kill();
        EXPECT_EQ(co_await asyncio::wait_for(proc.wait(), 5s), -SIGKILL);
    }());
}

// The same for communicate: cancelled (by a timeout here), the child runs on. (After the end
// of its input, this one goes on with its stdout open.)
TEST_F(Subprocess, CancellingCommunicateLeavesTheChildRunning) {
    run_bounded([]() -> Coro<> {
        Process proc = co_await create_subprocess_exec(
            "sh", "-c", "cat; exec sleep 100", {.stdin = asyncio::PIPE, .stdout = asyncio::PIPE});
        const bool timed_out = co_await times_out(proc.communicate("echoed\n"), 300ms);
        EXPECT_TRUE(timed_out);
        EXPECT_FALSE(proc.returncode());
        EXPECT_EQ(::kill(proc.pid(), 0), 0) << "the child is gone";
        proc.kill();
        EXPECT_EQ(co_await proc.wait(), -SIGKILL);
    }());
}

// -- the standard streams --

TEST_F(Subprocess, CommunicateLargeDataBothWays) {
    run_bounded([]() -> Coro<> {
        const std::string data = pattern(8 << 20);
        Process proc = co_await create_subprocess_exec(
            "cat", {.stdin = asyncio::PIPE, .stdout = asyncio::PIPE, .stderr = asyncio::PIPE});
        auto [out, err] = co_await proc.communicate(data);
        EXPECT_EQ(out.size(), data.size());
        EXPECT_TRUE(out == data);
        EXPECT_EQ(err, "");
        EXPECT_EQ(proc.returncode(), 0);
    }());
}

// The streams by hand: write with back-pressure while another task reads.
TEST_F(Subprocess, StreamLargeDataBothWaysWithDrain) {
    run_bounded([]() -> Coro<> {
        const std::string data = pattern(8 << 20);
        Process proc = co_await create_subprocess_exec(
            "cat", {.stdin = asyncio::PIPE, .stdout = asyncio::PIPE});
        auto writer = [](asyncio::StreamWriter* in, const std::string* bytes) -> Coro<> {
            for (std::size_t at = 0; at < bytes->size(); at += 65536) {
                in->write(std::string_view(*bytes).substr(at, 65536));
                co_await in->drain();
            }
            in->write_eof();
        };
        auto writing = asyncio::create_task(writer(&*proc.stdin, &data));
        const std::string out = co_await proc.stdout->read();
        co_await writing;
        EXPECT_TRUE(out == data);
        EXPECT_EQ(co_await proc.wait(), 0);
    }());
}

TEST_F(Subprocess, LargeStdoutOnly) {
    run_bounded([]() -> Coro<> {
        Process proc = co_await create_subprocess_exec("head", "-c", "16777216", "/dev/zero",
                                                       {.stdout = asyncio::PIPE});
        auto [out, err] = co_await proc.communicate();
        EXPECT_EQ(out.size(), 16777216u);
        EXPECT_EQ(out.find_first_not_of('\0'), std::string::npos);
        EXPECT_EQ(err, "");
        EXPECT_EQ(proc.returncode(), 0);
    }());
}

TEST_F(Subprocess, LinesFromStdout) {
    run_bounded([]() -> Coro<> {
        Process proc = co_await create_subprocess_exec("printf", "one\\ntwo\\nlast",
                                                       {.stdout = asyncio::PIPE, .limit = 100});
        EXPECT_EQ(proc.stdout->limit(), 100u);
        EXPECT_EQ(co_await proc.stdout->readline(), "one\n");
        EXPECT_EQ(co_await proc.stdout->readline(), "two\n");
        EXPECT_EQ(co_await proc.stdout->readline(), "last");
        EXPECT_EQ(co_await proc.stdout->readline(), "");
        EXPECT_TRUE(proc.stdout->at_eof());
        EXPECT_EQ(co_await proc.wait(), 0);
    }());
}

TEST_F(Subprocess, StderrMergedIntoStdout) {
    run_bounded([]() -> Coro<> {
        Process proc =
            co_await create_subprocess_exec("sh", "-c", "echo out; echo err >&2; echo out again",
                                            {.stdout = asyncio::PIPE, .stderr = asyncio::STDOUT});
        EXPECT_FALSE(proc.stderr);
        auto [out, err] = co_await proc.communicate();
        EXPECT_EQ(out, "out\nerr\nout again\n");
        EXPECT_EQ(err, "");
    }());
}

TEST_F(Subprocess, SeparateStderr) {
    run_bounded([]() -> Coro<> {
        Process proc =
            co_await create_subprocess_exec("sh", "-c", "echo out; echo err >&2; exit 3",
                                            {.stdout = asyncio::PIPE, .stderr = asyncio::PIPE});
        auto [out, err] = co_await proc.communicate();
        EXPECT_EQ(out, "out\n");
        EXPECT_EQ(err, "err\n");
        EXPECT_EQ(proc.returncode(), 3);
    }());
}

TEST_F(Subprocess, DevNull) {
    run_bounded([]() -> Coro<> {
        // stdin from /dev/null: cat reads its end at once.
        Process cat = co_await create_subprocess_exec(
            "cat", {.stdin = asyncio::DEVNULL, .stdout = asyncio::PIPE});
        EXPECT_FALSE(cat.stdin);
        auto [out, err] = co_await cat.communicate();
        EXPECT_EQ(out, "");
        EXPECT_EQ(cat.returncode(), 0);
        // stdout and stderr to /dev/null: nothing arrives, the child runs normally.
        Process quiet = co_await create_subprocess_exec(
            "sh", "-c", "echo lost; echo lost too >&2; test -c /dev/stdout && exit 5",
            {.stdout = asyncio::DEVNULL, .stderr = asyncio::DEVNULL});
        EXPECT_FALSE(quiet.stdout);
        EXPECT_FALSE(quiet.stderr);
        EXPECT_EQ(co_await quiet.wait(), 5);  // /dev/stdout is the null character device
    }());
}

// Inherited (the default): the child writes to this process's own stdout, here a file.
TEST_F(Subprocess, InheritedStdout) {
    char path[] = "/tmp/asyncio-subprocess-XXXXXX";
    const int file = ::mkstemp(path);
    ASSERT_GE(file, 0);
    std::fflush(stdout);
    const int saved = ::dup(1);
    ::dup2(file, 1);
    const int code = run_bounded([]() -> Coro<int> {
        Process proc = co_await create_subprocess_exec("echo", "inherited");
        EXPECT_FALSE(proc.stdin);
        EXPECT_FALSE(proc.stdout);
        co_return co_await proc.wait();
    }());
    ::dup2(saved, 1);
    ::close(saved);
    ::close(file);
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    ::unlink(path);
    EXPECT_EQ(code, 0);
    EXPECT_EQ(text.str(), "inherited\n");
}

// Only the three standard descriptors reach the child, even one opened without O_CLOEXEC.
TEST_F(Subprocess, OtherDescriptorsAreClosedInTheChild) {
    const int leaky = ::open("/dev/null", O_RDONLY);  // no O_CLOEXEC on purpose
    ASSERT_GE(leaky, 3);
    run_bounded([](int fd) -> Coro<> {
        const std::string script =
            "test -e /proc/self/fd/" + std::to_string(fd) + " && echo open || echo closed";
        Process proc =
            co_await create_subprocess_exec("sh", "-c", script, {.stdout = asyncio::PIPE});
        auto [out, err] = co_await proc.communicate();
        EXPECT_EQ(out, "closed\n");
    }(leaky));
    ::close(leaky);
}

// As Python's restore_signals: a SIGPIPE ignored here is at its default action in the child.
TEST_F(Subprocess, ChildStartsWithSigpipeAtItsDefault) {
    struct sigaction ignore {};
    struct sigaction previous {};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGPIPE, &ignore, &previous);
    const std::string status = run_bounded([]() -> Coro<std::string> {
        Process proc = co_await create_subprocess_exec("grep", "SigIgn", "/proc/self/status",
                                                       {.stdout = asyncio::PIPE});
        auto [out, err] = co_await proc.communicate();
        co_return out;
    }());
    ::sigaction(SIGPIPE, &previous, nullptr);
    ASSERT_EQ(status.rfind("SigIgn:", 0), 0u) << status;
    const unsigned long long ignored = std::stoull(status.substr(7), nullptr, 16);
    EXPECT_EQ(ignored & (1ull << (SIGPIPE - 1)), 0u) << status;
}

TEST_F(Subprocess, Cwd) {
    run_bounded([]() -> Coro<> {
        Process proc =
            co_await create_subprocess_exec("pwd", {.stdout = asyncio::PIPE, .cwd = "/tmp"});
        auto [out, err] = co_await proc.communicate();
        EXPECT_EQ(out, "/tmp\n");
    }());
}

TEST_F(Subprocess, BadCwdRaisesNamingIt) {
    run_bounded([]() -> Coro<> {
        std::string message;
        try {
            co_await create_subprocess_exec("pwd", {.cwd = "/no/such/directory"});
        } catch (const asyncio::FileNotFoundError& e) {
            message = e.what();
        }
        EXPECT_NE(message.find("/no/such/directory"), std::string::npos) << message;
    }());
}

TEST_F(Subprocess, EnvReplacesTheEnvironment) {
    run_bounded([]() -> Coro<> {
        const std::vector<std::string> env = {"GREETING=hello there", "EMPTY="};
        Process proc = co_await create_subprocess_exec(
            "sh", "-c", "echo \"$GREETING\"; echo \"${EMPTY-unset}|${HOME-unset}\"",
            {.stdout = asyncio::PIPE, .env = env});
        auto [out, err] = co_await proc.communicate();
        EXPECT_EQ(out, "hello there\n|unset\n");
        // Unset: this process's environment.
        ::setenv("ASYNCIO_SUBPROCESS_TEST", "inherited", 1);
        Process inheriting = co_await create_subprocess_shell("echo $ASYNCIO_SUBPROCESS_TEST",
                                                              {.stdout = asyncio::PIPE});
        auto [inherited, ignored] = co_await inheriting.communicate();
        ::unsetenv("ASYNCIO_SUBPROCESS_TEST");
        EXPECT_EQ(inherited, "inherited\n");
    }());
}

TEST_F(Subprocess, MissingProgramRaisesFileNotFoundNamingIt) {
    run_bounded([]() -> Coro<> {
        std::string message;
        try {
            co_await create_subprocess_exec("no-such-program-asyncio", "arg");
        } catch (const asyncio::FileNotFoundError& e) {
            message = e.what();
            EXPECT_EQ(e.code().value(), ENOENT);
        }
        EXPECT_NE(message.find("no-such-program-asyncio"), std::string::npos) << message;
        // With a path too.
        bool raised = false;
        try {
            co_await create_subprocess_exec("/no/such/program");
        } catch (const asyncio::FileNotFoundError&) {
            raised = true;
        }
        EXPECT_TRUE(raised);
    }());
}

TEST_F(Subprocess, NotExecutableRaisesPermissionError) {
    run_bounded([]() -> Coro<> {
        bool raised = false;
        try {
            co_await create_subprocess_exec("/etc/passwd");
        } catch (const asyncio::PermissionError&) {
            raised = true;
        }
        EXPECT_TRUE(raised);
    }());
}

TEST_F(Subprocess, BadOptionsAreRefused) {
    run_bounded([]() -> Coro<> {
        EXPECT_THROW(co_await create_subprocess_exec("true", {.stdout = asyncio::STDOUT}),
                     asyncio::ValueError);
        EXPECT_THROW(co_await create_subprocess_exec(std::vector<std::string>{}),
                     asyncio::ValueError);
        Process proc = co_await create_subprocess_exec("true");
        EXPECT_THROW(co_await proc.communicate("input, but no stdin pipe"), asyncio::RuntimeError);
        EXPECT_EQ(co_await proc.wait(), 0);
    }());
}

TEST_F(Subprocess, ShellForm) {
    run_bounded([]() -> Coro<> {
        Process proc = co_await create_subprocess_shell("echo $((6 * 7)) | tr 4 X; exit 2",
                                                        {.stdout = asyncio::PIPE});
        auto [out, err] = co_await proc.communicate();
        EXPECT_EQ(out, "X2\n");
        EXPECT_EQ(proc.returncode(), 2);
    }());
}

TEST_F(Subprocess, ArgvVectorForm) {
    run_bounded([]() -> Coro<> {
        std::vector<std::string> argv = {"printf", "%s-", "1", "2", "3", "4", "5", "6", "7", "8"};
        Process proc = co_await create_subprocess_exec(argv, {.stdout = asyncio::PIPE});
        auto [out, err] = co_await proc.communicate();
        EXPECT_EQ(out, "1-2-3-4-5-6-7-8-");
    }());
}

// -- a dead child's stdin --

TEST_F(Subprocess, WritingToADeadChildRaisesBrokenPipe) {
    run_bounded([]() -> Coro<> {
        Process proc = co_await create_subprocess_exec("true", {.stdin = asyncio::PIPE});
        EXPECT_EQ(co_await proc.wait(), 0);
        bool raised = false;
        try {
            for (int i = 0; i < 100; ++i) {  // the first write may still be accepted
                proc.stdin->write(std::string(65536, 'x'));
                co_await proc.stdin->drain();
            }
        } catch (const asyncio::BrokenPipeError&) {
            raised = true;
        } catch (const asyncio::ConnectionResetError&) {
            raised = true;
        }
        EXPECT_TRUE(raised);  // and no SIGPIPE ended this process
        // communicate ignores it, as Python's does.
        Process other = co_await create_subprocess_exec("true", {.stdin = asyncio::PIPE});
        co_await other.wait();
        auto [out, err] = co_await other.communicate(std::string(1 << 20, 'y'));
        EXPECT_EQ(out, "");
        EXPECT_EQ(other.returncode(), 0);
    }());
}

// -- many children, and children nobody waits for --

TEST_F(Subprocess, TwoHundredChildrenAtOnceAllReaped) {
    run_bounded(
        []() -> Coro<> {
            constexpr int kChildren = 200;
            std::vector<Process> procs;
            // Each waits for the end of its input, so all of them run at the same time.
            for (int i = 0; i < kChildren; ++i) {
                const std::string script = "read line; exit " + std::to_string(i % 128);
                procs.push_back(co_await create_subprocess_exec(
                    "sh", "-c", script, {.stdin = asyncio::PIPE, .stdout = asyncio::DEVNULL}));
            }
            for (Process& proc : procs) EXPECT_FALSE(proc.returncode());
            for (Process& proc : procs) proc.stdin->write_eof();
            std::vector<Coro<int>> waits;
            for (Process& proc : procs) waits.push_back(proc.wait());
            const std::vector<int> codes = co_await asyncio::gather(std::move(waits));
            for (int i = 0; i < kChildren; ++i) EXPECT_EQ(codes[i], i % 128) << i;
            EXPECT_TRUE(no_children());
        }(),
        std::chrono::seconds(60));
}

// A Process dropped while its child runs: the child finishes and is reaped all the same.
TEST_F(Subprocess, DroppedProcessIsStillReaped) {
    run_bounded([]() -> Coro<> {
        { Process proc = co_await create_subprocess_exec("sleep", "0.1"); }
        EXPECT_FALSE(no_children());
        for (int i = 0; i < 500 && !no_children(); ++i) co_await asyncio::sleep(10ms);
        EXPECT_TRUE(no_children()) << "the dropped child was not reaped while the loop ran";
    }());
}

// A child still running when its loop shuts down is killed and reaped then; a task still
// waiting for it ends as every other task does.
TEST_F(Subprocess, LoopShutdownKillsAndReapsARunningChild) {
    std::optional<asyncio::Task<int>> waiter;
    int pid = 0;
    run_bounded([](std::optional<asyncio::Task<int>>* waiter, int* pid) -> Coro<> {
        Process proc = co_await create_subprocess_exec("sleep", "100");
        *pid = proc.pid();
        auto waits = [](Process proc) -> Coro<int> { co_return co_await proc.wait(); };
        waiter->emplace(asyncio::create_task(waits(std::move(proc))));
        co_await asyncio::sleep(0ms);  // the waiter is waiting now
    }(&waiter, &pid));
    // Cancelled, or woken by the kill first (a result is never lost to a late cancellation).
    EXPECT_TRUE(waiter->cancelled() || std::move(*waiter).result() == -SIGKILL);
    waiter.reset();
    EXPECT_TRUE(no_children());
    EXPECT_EQ(::kill(pid, 0), -1);
    EXPECT_EQ(errno, ESRCH);
}

}  // namespace
