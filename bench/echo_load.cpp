// TCP echo load generator: the client side of the echo benchmark (see README.md, echo_compare.sh).
//
// Opens --connections C connections to --host:--port; each sends a 64-byte message, waits for
// its full 64-byte echo, records the round trip and sends the next one at once (a closed loop:
// one message in flight per connection). After --warmup seconds it measures for --seconds, then
// lets the messages in flight come back and closes the connections cleanly (so the servers see
// EOF, not a reset). Prints one line:
//   echo_load connections=C seconds=S msgs=N msgs_per_s=X p50_us=X p99_us=X load_cpu_pct=X
//             [server_cpu_pct=X server_cpu_ns_per_msg=X other_cpu_pct=X]
// The last three with --server-pid PID: the server's utime+stime (/proc/PID/stat, all threads),
// read by this program at the exact start and end of the measured window, so the server's
// start-up, the warm-up and the drain are not counted. other_cpu_pct is the CPU time that other
// processes took over the window (from /proc/stat), in % of one CPU: a disturbed run shows there.
//
// Plain C++ and raw epoll, no asyncio library, so it favours no server. On a 2-core machine it
// saturates its core from about 10 connections, so it is lean: level-triggered epoll with each fd
// registered once, one send and one recv per message, one clock read per message (the time an
// echo completes is also the time the next message leaves), no allocation after start-up, and
// latencies in a fixed log-linear histogram.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <bit>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

#include "load_support.hpp"

namespace {

constexpr std::size_t kMessageSize = 64;

struct Options {
    std::string host = "127.0.0.1";
    long port = 0;
    long connections = 1;
    double seconds = 5;
    double warmup = 1;
    long server_pid = 0;  // 0: do not measure the server's CPU time
};

[[noreturn]] void die(const char* what) {
    std::fprintf(stderr, "echo_load: %s: %s\n", what, std::strerror(errno));
    std::exit(1);
}

[[noreturn]] void usage_error(const std::string& message) {
    std::fprintf(stderr,
                 "usage: echo_load --port P [--host H] [--connections C] [--seconds S] "
                 "[--warmup S] [--server-pid PID]\necho_load: error: %s\n",
                 message.c_str());
    std::exit(2);
}

// Accepts `--name value` and `--name=value`, as the other benchmarks do.
Options parse_options(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i], value;
        if (auto eq = arg.find('='); eq != std::string::npos) {
            value = arg.substr(eq + 1);
            arg.resize(eq);
        } else {
            if (i + 1 >= argc) usage_error(arg + ": expected one argument");
            value = argv[++i];
        }
        char* end = nullptr;
        errno = 0;
        if (arg == "--host") {
            o.host = value;
            continue;
        }
        double* real = arg == "--seconds" ? &o.seconds : arg == "--warmup" ? &o.warmup : nullptr;
        long* integer = arg == "--port"          ? &o.port
                        : arg == "--connections" ? &o.connections
                        : arg == "--server-pid"  ? &o.server_pid
                                                 : nullptr;
        if (real)
            *real = std::strtod(value.c_str(), &end);
        else if (integer)
            *integer = std::strtol(value.c_str(), &end, 10);
        else
            usage_error("unrecognized argument: " + arg);
        if (value.empty() || *end != '\0' || errno) usage_error(arg + ": not a number: " + value);
    }
    if (o.port <= 0 || o.port > 65535) usage_error("--port must be in 1..65535");
    if (o.connections <= 0) usage_error("--connections must be positive");
    if (!(o.seconds > 0) || !(o.warmup >= 0)) usage_error("--seconds must be > 0, --warmup >= 0");
    return o;
}

std::int64_t now_ns(clockid_t clock = CLOCK_MONOTONIC) {
    timespec ts;
    clock_gettime(clock, &ts);
    return std::int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

// process_cpu_ns() or die.
std::int64_t cpu_ns_of(long pid) {
    const std::int64_t ns = process_cpu_ns(pid);
    if (ns < 0) die("/proc/PID/stat");
    return ns;
}

// CPU time the whole machine spent busy (all CPUs), in ns: the first line of /proc/stat less
// idle, iowait and steal, in clock ticks. Less the server's and the generator's own, it is what
// other processes took: on a shared machine, the sign that a run was disturbed.
std::int64_t machine_busy_ns() {
    std::FILE* f = std::fopen("/proc/stat", "re");
    if (!f) die("/proc/stat");
    long long t[8] = {};  // user nice system idle iowait irq softirq steal
    const int n = std::fscanf(f, "cpu %lld %lld %lld %lld %lld %lld %lld %lld", &t[0], &t[1], &t[2],
                              &t[3], &t[4], &t[5], &t[6], &t[7]);
    std::fclose(f);
    if (n != 8) {
        std::fprintf(stderr, "echo_load: cannot parse /proc/stat\n");
        std::exit(1);
    }
    return (t[0] + t[1] + t[2] + t[5] + t[6]) * (1'000'000'000 / sysconf(_SC_CLK_TCK));
}

struct Connection {
    int fd = -1;
    std::size_t received = 0;  // bytes of the current echo so far
    std::int64_t sent_ns = 0;  // when the current message left
    char echo[kMessageSize];
};

// The message: 64 recognisable bytes, checked on the way back.
constexpr std::array<char, kMessageSize> kMessage = [] {
    std::array<char, kMessageSize> m{};
    for (std::size_t i = 0; i < kMessageSize; ++i) m[i] = static_cast<char>('A' + i % 26);
    m[kMessageSize - 1] = '\n';
    return m;
}();

// A blocking connect, retried while the server is still starting (refused), then non-blocking.
int connect_to(const Options& o) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(o.port));
    if (inet_pton(AF_INET, o.host.c_str(), &address.sin_addr) != 1)
        usage_error("--host must be an IPv4 address, not " + o.host);
    const std::int64_t give_up = now_ns() + 10'000'000'000;  // a Python server starts in < 1 s
    for (;;) {
        const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) die("socket");
        if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
            const int one = 1;
            // Without TCP_NODELAY, Nagle's algorithm and delayed ACKs would add up to 40 ms.
            if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) < 0) die("TCP_NODELAY");
            if (fcntl(fd, F_SETFL, O_NONBLOCK) < 0) die("fcntl");
            return fd;
        }
        if (errno != ECONNREFUSED || now_ns() > give_up) die("connect");
        close(fd);
        timespec pause{0, 10'000'000};
        nanosleep(&pause, nullptr);
    }
}

}  // namespace

int main(int argc, char** argv) {
    const Options o = parse_options(argc, argv);
    const int epoll = epoll_create1(EPOLL_CLOEXEC);
    if (epoll < 0) die("epoll_create1");

    std::vector<Connection> connections(static_cast<std::size_t>(o.connections));
    for (std::size_t i = 0; i < connections.size(); ++i) {
        connections[i].fd = connect_to(o);
        // Level-triggered and registered once: no epoll_ctl per message. The index, not a
        // pointer, identifies the connection.
        epoll_event interest{};
        interest.events = EPOLLIN;
        interest.data.u64 = i;
        if (epoll_ctl(epoll, EPOLL_CTL_ADD, connections[i].fd, &interest) < 0) die("epoll_ctl");
    }

    // One 64-byte message in flight on a socket whose send buffer is empty always fits, so a
    // short send means something is broken, not back-pressure.
    auto send_message = [](Connection& c, std::int64_t t) {
        c.sent_ns = t;
        if (send(c.fd, kMessage.data(), kMessageSize, MSG_NOSIGNAL) !=
            static_cast<ssize_t>(kMessageSize))
            die("send");
    };
    for (auto& c : connections) send_message(c, now_ns());

    enum class Phase { warmup, measure, drain } phase = Phase::warmup;
    LatencyHistogram latencies;
    std::int64_t msgs = 0, in_flight = o.connections;
    const std::int64_t start_ns = now_ns();
    std::int64_t window_start = 0, window_ns = 0, server_cpu = 0, load_cpu = 0, busy = 0;
    std::int64_t next_change = start_ns + static_cast<std::int64_t>(o.warmup * 1e9);

    std::array<epoll_event, 256> events;
    while (in_flight > 0) {
        // The timeout only matters if the server stalls: the phases still change on time.
        const int n = epoll_wait(epoll, events.data(), static_cast<int>(events.size()), 100);
        if (n < 0 && errno != EINTR) die("epoll_wait");
        for (int k = 0; k < n; ++k) {
            Connection& c = connections[events[k].data.u64];
            const ssize_t r = recv(c.fd, c.echo + c.received, kMessageSize - c.received, 0);
            if (r <= 0) {
                if (r < 0 && errno == EAGAIN) continue;
                if (r == 0) errno = ECONNRESET;
                die("the server closed a connection");
            }
            if ((c.received += static_cast<std::size_t>(r)) < kMessageSize) continue;
            c.received = 0;
            --in_flight;
            if (std::memcmp(c.echo, kMessage.data(), kMessageSize) != 0) {
                std::fprintf(stderr, "echo_load: the echo differs from the message\n");
                return 1;
            }
            const std::int64_t t = now_ns();
            if (phase == Phase::measure) {
                latencies.add(static_cast<std::uint64_t>(t - c.sent_ns));
                ++msgs;
            }
            if (phase != Phase::drain) {
                send_message(c, t);
                ++in_flight;
            }
        }
        const std::int64_t t = now_ns();
        if (t < next_change) continue;
        if (phase == Phase::warmup) {
            phase = Phase::measure;
            latencies.clear();
            window_start = t;
            next_change = t + static_cast<std::int64_t>(o.seconds * 1e9);
            load_cpu = now_ns(CLOCK_PROCESS_CPUTIME_ID);
            if (o.server_pid) {
                server_cpu = cpu_ns_of(o.server_pid);
                busy = machine_busy_ns();
            }
        } else if (phase == Phase::measure) {
            phase = Phase::drain;
            window_ns = t - window_start;
            next_change = t + 2'000'000'000;  // how long to wait for the last echoes
            load_cpu = now_ns(CLOCK_PROCESS_CPUTIME_ID) - load_cpu;
            if (o.server_pid) {
                server_cpu = cpu_ns_of(o.server_pid) - server_cpu;
                busy = machine_busy_ns() - busy;
            }
        } else {
            std::fprintf(stderr, "echo_load: %lld echoes never came back\n",
                         static_cast<long long>(in_flight));
            return 1;
        }
    }
    for (auto& c : connections) close(c.fd);  // nothing unread, so a clean FIN, not a reset

    const double seconds = static_cast<double>(window_ns) / 1e9;
    std::printf(
        "echo_load connections=%ld seconds=%.2f msgs=%lld msgs_per_s=%.0f p50_us=%.1f "
        "p99_us=%.1f load_cpu_pct=%.0f",
        o.connections, seconds, static_cast<long long>(msgs), static_cast<double>(msgs) / seconds,
        latencies.quantile(0.50) / 1e3, latencies.quantile(0.99) / 1e3,
        100.0 * static_cast<double>(load_cpu) / static_cast<double>(window_ns));
    if (o.server_pid)
        std::printf(" server_cpu_pct=%.0f server_cpu_ns_per_msg=%.0f other_cpu_pct=%.0f",
                    100.0 * static_cast<double>(server_cpu) / static_cast<double>(window_ns),
                    msgs ? static_cast<double>(server_cpu) / static_cast<double>(msgs) : 0.0,
                    100.0 * static_cast<double>(busy - server_cpu - load_cpu) /
                        static_cast<double>(window_ns));
    std::printf("\n");
    return msgs > 0 ? 0 : 1;
}
