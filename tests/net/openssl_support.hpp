// The `openssl` command line tool for the TLS tests (namespace asyncio_test; the tests'
// fixture and helpers are in tls_support.hpp):
//   ChildProcess     a child process, killed and reaped when it goes (and killed by the
//                    kernel if the test process dies), so a failing test never leaves one
//                    behind; waits are bounded;
//   run_command()    runs a command to its end (bounded), its output in a log file;
//   TestPki          a throwaway CA made in a temporary directory, with certificates it
//                    signs (for "localhost", for a wrong name, an expired one, a client's)
//                    and a self-signed one; removed with the directory;
//   OpensslServer    `openssl s_server` on 127.0.0.1 and a port the kernel picks (read from
//                    its "ACCEPT 127.0.0.1:PORT" line, printed once it listens).
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "asyncio/core/coro.hpp"
#include "asyncio/loop/sleep.hpp"

namespace asyncio_test {

inline std::string read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

inline void write_text_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + path);
}

class ChildProcess {
  public:
    struct Options {
        std::string stdin_file;   // empty: /dev/null (unless stdin_pipe)
        bool stdin_pipe = false;  // a pipe held open (never written) until the child goes
        std::string stdout_file;  // empty: /dev/null
        std::string stderr_file;  // empty: /dev/null
    };

    // fork/exec rather than posix_spawn: the child asks to be killed if the test process
    // dies (PR_SET_PDEATHSIG), so not even a crash leaves an s_server running.
    ChildProcess(const std::vector<std::string>& argv, const Options& options) {
        int pipe_fds[2] = {-1, -1};
        if (options.stdin_pipe && ::pipe2(pipe_fds, O_CLOEXEC) != 0) {
            throw std::runtime_error("pipe2 failed");
        }
        // Everything the child needs is made before the fork: after it, only system calls.
        const char* in = options.stdin_file.empty() ? "/dev/null" : options.stdin_file.c_str();
        const char* out = options.stdout_file.empty() ? "/dev/null" : options.stdout_file.c_str();
        const char* err = options.stderr_file.empty() ? "/dev/null" : options.stderr_file.c_str();
        std::vector<char*> args;
        for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
        args.push_back(nullptr);
        const pid_t parent = ::getpid();
        pid_ = ::fork();
        if (pid_ == 0) {
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (::getppid() != parent) ::_exit(126);  // the parent is already gone
            const int stdin_fd = options.stdin_pipe ? pipe_fds[0] : ::open(in, O_RDONLY);
            const int stdout_fd = ::open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
            const int stderr_fd = ::open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (stdin_fd < 0 || stdout_fd < 0 || stderr_fd < 0 || ::dup2(stdin_fd, 0) < 0 ||
                ::dup2(stdout_fd, 1) < 0 || ::dup2(stderr_fd, 2) < 0) {
                ::_exit(125);
            }
            ::execvp(args[0], args.data());
            ::_exit(127);
        }
        if (pipe_fds[0] >= 0) ::close(pipe_fds[0]);
        stdin_pipe_ = pipe_fds[1];
        if (pid_ < 0) {
            if (stdin_pipe_ >= 0) ::close(stdin_pipe_);
            throw std::runtime_error("cannot start " + argv[0] + ": fork failed");
        }
    }
    ~ChildProcess() {
        if (stdin_pipe_ >= 0) ::close(stdin_pipe_);
        if (!status_) {
            ::kill(pid_, SIGKILL);
            int status = 0;
            ::waitpid(pid_, &status, 0);
        }
    }
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    pid_t pid() const noexcept { return pid_; }

    // The exit code once the child has ended (128 + the signal if a signal ended it).
    std::optional<int> poll() {
        if (status_) return status_;
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        return status_;
    }

    // Blocks until the child ends, at most `limit`: its exit code, or nullopt.
    std::optional<int> wait(std::chrono::milliseconds limit) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (!poll() && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return status_;
    }

    // The same, letting the loop run meanwhile.
    asyncio::Coro<std::optional<int>> wait_async(std::chrono::milliseconds limit) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (!poll() && std::chrono::steady_clock::now() < deadline) {
            co_await asyncio::sleep(std::chrono::milliseconds(5));
        }
        co_return status_;
    }

  private:
    pid_t pid_ = -1;
    int stdin_pipe_ = -1;
    std::optional<int> status_;
};

// Runs `argv` to its end, at most `limit`; std::runtime_error (with the log) unless it exits
// with 0.
inline void run_command(const std::vector<std::string>& argv, const std::string& log,
                        std::chrono::milliseconds limit = std::chrono::seconds(30)) {
    ChildProcess::Options options;
    options.stdout_file = log;
    options.stderr_file = log + ".err";
    ChildProcess child(argv, options);
    const std::optional<int> status = child.wait(limit);
    if (status == 0) return;
    std::string command;
    for (const std::string& arg : argv) command += arg + " ";
    throw std::runtime_error(command + (status ? "failed" : "timed out") + ":\n" +
                             read_text_file(log) + read_text_file(log + ".err"));
}

// A certificate and its key, as PEM files.
struct CertFiles {
    std::string cert;
    std::string key;
};

// A throwaway CA and the certificates the tests use, in a fresh temporary directory.
class TestPki {
  public:
    TestPki() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "asyncio-tls-test-XXXXXX").string();
        if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
        dir_ = pattern;
        ca = {path("ca.pem"), path("ca.key")};
        // P-256 keys: made in a millisecond, where RSA keys take a while.
        run_openssl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                     "-nodes", "-keyout", ca.key, "-out", ca.cert, "-days", "2", "-subj",
                     "/CN=asyncio-cpp test CA", "-addext", "basicConstraints=critical,CA:TRUE",
                     "-addext", "keyUsage=critical,keyCertSign,cRLSign"});
        localhost = issue("localhost", "/CN=localhost", "DNS:localhost,IP:127.0.0.1");
        wrong_name = issue("wrong", "/CN=wrong.example", "DNS:wrong.example");
        client = issue("client", "/CN=test client", "", "clientAuth");
        expired = issue_expired("expired", "/CN=localhost", "DNS:localhost,IP:127.0.0.1");
        self_signed = {path("self_signed.pem"), path("self_signed.key")};
        run_openssl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                     "-nodes", "-keyout", self_signed.key, "-out", self_signed.cert, "-days", "2",
                     "-subj", "/CN=localhost", "-addext",
                     "subjectAltName=DNS:localhost,IP:127.0.0.1"});
    }
    ~TestPki() {
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }
    TestPki(const TestPki&) = delete;
    TestPki& operator=(const TestPki&) = delete;

    std::string path(const std::string& name) const { return dir_ + "/" + name; }
    // A name for a new scratch file in the directory.
    std::string scratch(const std::string& stem) {
        return path(stem + "-" + std::to_string(++counter_));
    }

    CertFiles ca, localhost, wrong_name, client, expired, self_signed;

  private:
    void run_openssl(std::vector<std::string> args) {
        args.insert(args.begin(), "openssl");
        run_command(args, scratch("openssl.log"));
    }

    std::string request(const std::string& name, const std::string& subject) {
        const std::string csr = path(name + ".csr");
        run_openssl({"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                     "-keyout", path(name + ".key"), "-out", csr, "-subj", subject});
        return csr;
    }

    std::string extensions(const std::string& name, const std::string& san,
                           const std::string& usage) {
        const std::string file = path(name + ".ext");
        write_text_file(file, (san.empty() ? "" : "subjectAltName=" + san + "\n") +
                                  "basicConstraints=CA:FALSE\nextendedKeyUsage=" + usage + "\n");
        return file;
    }

    CertFiles issue(const std::string& name, const std::string& subject, const std::string& san,
                    const std::string& usage = "serverAuth") {
        const std::string csr = request(name, subject);
        CertFiles files{path(name + ".pem"), path(name + ".key")};
        run_openssl({"x509", "-req", "-in", csr, "-CA", ca.cert, "-CAkey", ca.key,
                     "-CAcreateserial", "-out", files.cert, "-days", "2", "-extfile",
                     extensions(name, san, usage)});
        return files;
    }

    // `openssl x509` of OpenSSL 3.0 cannot set dates in the past; `openssl ca` can.
    CertFiles issue_expired(const std::string& name, const std::string& subject,
                            const std::string& san) {
        const std::string csr = request(name, subject);
        std::filesystem::create_directory(path("cadb"));
        write_text_file(path("cadb/index.txt"), "");
        write_text_file(path("cadb/serial"), "1000\n");
        write_text_file(path("ca.cnf"),
                        "[ca]\ndefault_ca = test\n[test]\ndatabase = " + path("cadb/index.txt") +
                            "\nnew_certs_dir = " + path("cadb") +
                            "\nserial = " + path("cadb/serial") +
                            "\ndefault_md = sha256\npolicy = any\nunique_subject = no\n"
                            "[any]\ncommonName = supplied\n");
        CertFiles files{path(name + ".pem"), path(name + ".key")};
        run_openssl({"ca", "-batch", "-notext", "-config", path("ca.cnf"), "-cert", ca.cert,
                     "-keyfile", ca.key, "-in", csr, "-out", files.cert, "-startdate",
                     "20200101000000Z", "-enddate", "20200102000000Z", "-extfile",
                     extensions(name, san, "serverAuth")});
        return files;
    }

    std::string dir_;
    int counter_ = 0;
};

// `openssl s_server -accept 127.0.0.1:0 <args>`, killed when this goes. Its output is in
// files, read by out() and err().
class OpensslServer {
  public:
    // `stdin_pipe`: the default (non -rev/-www) mode ends when its stdin does; hold it open.
    OpensslServer(TestPki& pki, const std::vector<std::string>& args, bool stdin_pipe = false) {
        std::vector<std::string> argv{"openssl", "s_server", "-accept", "127.0.0.1:0"};
        argv.insert(argv.end(), args.begin(), args.end());
        out_ = pki.scratch("s_server.out");
        err_ = pki.scratch("s_server.err");
        ChildProcess::Options options;
        options.stdin_pipe = stdin_pipe;
        options.stdout_file = out_;
        options.stderr_file = err_;
        child_ = std::make_unique<ChildProcess>(argv, options);
        // Bounded wait for the line it prints once it listens.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        const std::string marker = "ACCEPT 127.0.0.1:";
        while (port_ == 0) {
            const std::string text = out();
            if (const auto at = text.find(marker); at != std::string::npos) {
                const auto end = text.find('\n', at);
                if (end != std::string::npos) {
                    port_ = static_cast<std::uint16_t>(
                        std::stoi(text.substr(at + marker.size(), end - at - marker.size())));
                    break;
                }
            }
            if (child_->poll() || std::chrono::steady_clock::now() > deadline) {
                throw std::runtime_error("openssl s_server did not start:\n" + text + err());
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }

    std::uint16_t port() const noexcept { return port_; }
    std::string out() const { return read_text_file(out_); }
    std::string err() const { return read_text_file(err_); }

    // Waits (letting the loop run) until its stdout holds `text`, at most `limit`.
    asyncio::Coro<bool> wait_for_output(std::string text, std::chrono::milliseconds limit) {
        return wait_for_text(out_, std::move(text), limit);
    }
    // The same for its stderr.
    asyncio::Coro<bool> wait_for_error(std::string text, std::chrono::milliseconds limit) {
        return wait_for_text(err_, std::move(text), limit);
    }

  private:
    static asyncio::Coro<bool> wait_for_text(std::string file, std::string text,
                                             std::chrono::milliseconds limit) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (read_text_file(file).find(text) == std::string::npos) {
            if (std::chrono::steady_clock::now() > deadline) co_return false;
            co_await asyncio::sleep(std::chrono::milliseconds(5));
        }
        co_return true;
    }

    std::unique_ptr<ChildProcess> child_;
    std::string out_;
    std::string err_;
    std::uint16_t port_ = 0;
};

}  // namespace asyncio_test
