// Back-pressure, measured: writes N bytes (1 GiB by default) through a StreamWriter to a peer
// that reads slowly, and reports the writer's peak memory. A writer that loops
// `write(chunk); co_await drain();` must stay flat however slow the peer is: drain() waits
// once the queue passes its high water mark, so the queue never holds much more than that.
//
//   slow_reader [--bytes N] [--chunk N] [--read-size N] [--pause-us N]
//
// The reader is a child process (its memory is not the writer's) that reads `--read-size`
// bytes at a time and sleeps `--pause-us` between reads. The writer prints one line:
//   bytes=... seconds=... writer_peak_rss_kib=... writer_rss_growth_kib=... max_queued=...
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "asyncio/asyncio.hpp"

namespace {

struct Options {
    std::size_t bytes = std::size_t{1} << 30;
    std::size_t chunk = 64 * 1024;
    std::size_t read_size = 16 * 1024;
    int pause_us = 20;
};

// VmHWM and VmRSS from /proc/self/status, in KiB.
long status_kib(const char* field) {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);) {
        if (line.rfind(field, 0) == 0) return std::atol(line.c_str() + std::strlen(field));
    }
    return -1;
}

[[noreturn]] void slow_reader(int fd, const Options& options) {
    std::vector<char> buffer(options.read_size);
    for (;;) {
        const long n = ::read(fd, buffer.data(), buffer.size());
        if (n <= 0) std::_Exit(n == 0 ? 0 : 1);
        if (options.pause_us > 0) ::usleep(static_cast<useconds_t>(options.pause_us));
    }
}

asyncio::Coro<> write_all(asyncio::Socket socket, Options options) {
    auto [reader, writer] = co_await asyncio::open_connection(std::move(socket));
    const std::string chunk(options.chunk, 'x');
    const long rss_before = status_kib("VmRSS:");
    std::size_t max_queued = 0;
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t sent = 0; sent < options.bytes; sent += chunk.size()) {
        writer.write(chunk);
        max_queued = std::max(max_queued, writer.get_write_buffer_size());
        co_await writer.drain();
    }
    writer.close();
    co_await writer.wait_closed();
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    std::printf(
        "bytes=%zu seconds=%.2f writer_peak_rss_kib=%ld writer_rss_growth_kib=%ld "
        "max_queued=%zu\n",
        options.bytes, elapsed.count(), status_kib("VmHWM:"), status_kib("VmHWM:") - rss_before,
        max_queued);
}

Options parse(int argc, char** argv) {
    Options options;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const unsigned long long value = std::strtoull(argv[i + 1], nullptr, 10);
        if (flag == "--bytes")
            options.bytes = value;
        else if (flag == "--chunk")
            options.chunk = value;
        else if (flag == "--read-size")
            options.read_size = value;
        else if (flag == "--pause-us")
            options.pause_us = static_cast<int>(value);
        else {
            std::fprintf(
                stderr,
                "usage: slow_reader [--bytes N] [--chunk N] [--read-size N] [--pause-us N]\n");
            std::exit(2);
        }
    }
    return options;
}

}  // namespace

int main(int argc, char** argv) {
    const Options options = parse(argc, argv);
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) < 0) return 1;
    const pid_t child = ::fork();
    if (child == 0) {
        ::close(pair[0]);
        slow_reader(pair[1], options);
    }
    ::close(pair[1]);
    ::fcntl(pair[0], F_SETFL, ::fcntl(pair[0], F_GETFL) | O_NONBLOCK);
    const int status =
        asyncio::run(write_all(asyncio::Socket(pair[0], AF_UNIX, SOCK_STREAM), options));
    int child_status = 0;
    ::waitpid(child, &child_status, 0);
    return status != 0 || child_status != 0;
}
