// asyncio-chat-bench: a load generator for asyncio-chat and any server speaking its line
// protocol (see README.md and bench/README.md). Written on the library's public API only, as a
// user would write it.
//
//   asyncio-chat-bench [--host 127.0.0.1] [--port 8888] [--clients 100] [--senders 1]
//                      [--lines 10000] [--size 64] [--slow 0] [--window 0] [--idle N]
//                      [--server-pid PID] [--timeout 60]
//
// It connects --clients clients (nicknames c0, c1, ...) into the room `lobby`, then
// --slow clients (slow0, ...) that join and never read again. Measurement starts only once
// every client has joined: the first client to join (the "anchor") sees every later join
// notice, so when it has seen them all, everyone is present. Then the first --senders clients
// each send --lines lines as fast as the server takes them (`write`, then `drain()`), and
// every client reads everything relayed to it: each line names its sender, carries the
// sender's sequence number and its send time (steady_clock ns), and is padded to --size
// bytes. A receiver checks that each sender's lines arrive complete and in order (a gap or a
// reordering is an error) and records each line's end-to-end latency.
//
// --window W holds each sender to at most W lines ahead of its slowest (reading) receiver;
// 0, the default, paces nothing. --idle N is the memory mode: N clients join, one broadcast
// line reaches them all, and the server's RSS growth per client is printed (with
// --server-pid). One summary line on stdout, the exit status 0 only if every expected line
// arrived, in order, with no error, before --timeout seconds:
//
//   chat-bench clients=N senders=S lines=M size=B slow=K lines_expected=E lines_delivered=D
//     seconds=T lines_per_s=X p50_us=X p99_us=X errors=0 missing=0
//     [timed_out=1] bench_cpu_pct=X [server_cpu_pct=X server_rss_kib=X server_hwm_kib=X] [idle:
//     server_rss_before_kib=X server_bytes_per_client=X]
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "asyncio/asyncio.hpp"
#include "load_support.hpp"

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kWelcome = "* Welcome to asyncio-chat. Choose a nickname:";
constexpr std::string_view kJoined = " has joined lobby";
constexpr std::size_t kMaxErrorsShown = 10;
constexpr std::size_t kConnectsInFlight = 128;  // at once: a burst of SYNs overflows no backlog

struct Options {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8888;
    std::size_t clients = 100;
    std::size_t senders = 1;
    std::uint64_t lines = 10'000;
    std::size_t size = 64;
    std::size_t slow = 0;
    std::uint64_t window = 0;
    std::size_t idle = 0;  // >0: the memory mode
    long server_pid = 0;
    double timeout_s = 60;
};

std::int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
        .count();
}

// A field of /proc/PID/status in KiB (VmRSS, VmHWM), or -1.
long status_kib(long pid, std::string_view field) {
    std::ifstream status(std::string("/proc/").append(std::to_string(pid)).append("/status"));
    for (std::string line; std::getline(status, line);) {
        if (line.starts_with(field)) return std::atol(line.c_str() + field.size());
    }
    return -1;
}

struct Client {
    std::string nick;
    bool slow = false;
    std::optional<asyncio::StreamReader> reader;
    std::optional<asyncio::StreamWriter> writer;
    std::vector<std::uint64_t> next_seq;  // per sender: the sequence number expected next
    std::uint64_t received = 0;           // payload lines, in order or not
    std::uint64_t expected = 0;
    std::size_t joins_seen = 0;  // join notices of other clients
};

// A sender's progress as its receivers see it, for --window: receivers count the lines at
// each checkpoint (every `step` lines); when all of them have passed one, the sender may run
// `window` lines ahead of it.
struct Flow {
    std::uint64_t step = 1;
    std::vector<std::uint32_t> reached;  // per checkpoint: receivers that passed it
    std::uint64_t acked = 0;             // lines every receiver has
    asyncio::Event advanced;
};

struct Bench {
    Options options;
    std::vector<std::unique_ptr<Client>> clients;  // the --clients ones, then the --slow ones
    std::vector<std::unique_ptr<Flow>> flows;      // per sender
    std::vector<asyncio::Task<>> tasks;            // receivers and senders
    asyncio::Event progress;                       // a join seen, or a receiver complete
    LatencyHistogram latency;
    std::uint64_t delivered = 0;
    std::uint64_t errors = 0;
    std::size_t receivers = 0;  // clients that expect lines (not a lone sender, not slow ones)
    std::size_t complete = 0;   // receivers that have every line they expect
    std::int64_t start_ns = 0;
    std::int64_t end_ns = 0;
    std::int64_t bench_cpu_ns = 0;  // at the start: this process's CPU time, and the server's
    std::int64_t server_cpu_ns = 0;
    bool stopping = false;
};

void error(Bench& b, const std::string& what) {
    if (b.errors++ < kMaxErrorsShown) std::fprintf(stderr, "chat-bench: error: %s\n", what.c_str());
}

// A receiver has passed line `seq` of sender `id`: move the sender's window on.
void ack(Bench& b, std::size_t id, std::uint64_t seq) {
    Flow& flow = *b.flows[id];
    if ((seq + 1) % flow.step != 0 && seq + 1 != b.options.lines) return;
    if (++flow.reached[seq / flow.step] < b.options.clients - 1) return;  // all but the sender
    flow.acked = seq + 1;
    flow.advanced.set();
}

// "s<id>:<seq>:<send time ns>:xxx...": false if it is not one.
bool parse_payload(std::string_view p, std::size_t& id, std::uint64_t& seq, std::int64_t& sent) {
    if (p.empty() || p[0] != 's') return false;
    const char* end = p.data() + p.size();
    auto r = std::from_chars(p.data() + 1, end, id);
    if (r.ec != std::errc() || r.ptr == end || *r.ptr != ':') return false;
    r = std::from_chars(r.ptr + 1, end, seq);
    if (r.ec != std::errc() || r.ptr == end || *r.ptr != ':') return false;
    r = std::from_chars(r.ptr + 1, end, sent);
    return r.ec == std::errc() && r.ptr != end && *r.ptr == ':';
}

void on_payload(Bench& b, Client& c, std::string_view line, std::int64_t now) {
    const std::size_t close = line.find("> ");
    std::size_t id = 0;
    std::uint64_t seq = 0;
    std::int64_t sent = 0;
    if (close == std::string_view::npos || !parse_payload(line.substr(close + 2), id, seq, sent) ||
        id >= b.options.senders || line.substr(1, close - 1) != b.clients[id]->nick) {
        error(b, c.nick + " got an unexpected line: " + std::string(line.substr(0, 80)));
        return;
    }
    if (seq != c.next_seq[id]) {
        error(b, c.nick + " got line " + std::to_string(seq) + " of " + b.clients[id]->nick +
                     " where line " + std::to_string(c.next_seq[id]) + " was due");
    }
    c.next_seq[id] = seq + 1;
    ++b.delivered;
    b.latency.add(static_cast<std::uint64_t>(std::max<std::int64_t>(now - sent, 0)));
    if (b.options.window > 0) ack(b, id, seq);
    if (++c.received == c.expected) {
        if (++b.complete == b.receivers) b.end_ns = now;
        b.progress.set();
    }
}

void on_line(Bench& b, Client& c, std::string_view line, std::int64_t now) {
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.starts_with("* ")) {  // a notice: only joins matter
        if (line.ends_with(kJoined) && line.substr(2, line.size() - 2 - kJoined.size()) != c.nick) {
            ++c.joins_seen;
            b.progress.set();
        }
    } else if (line.starts_with('<')) {
        on_payload(b, c, line, now);
    } else {
        error(b, c.nick + " got: " + std::string(line.substr(0, 80)));
    }
}

// Reads everything relayed to one client, in chunks (one clock read per chunk), until the
// connection ends or the bench stops.
asyncio::Coro<> receive(Bench* b, Client* c) {
    std::string partial;  // a line cut by the end of a chunk
    try {
        for (;;) {
            const std::string chunk = co_await c->reader->read(65536);
            if (chunk.empty()) break;
            const std::int64_t now = now_ns();
            std::string_view rest = chunk;
            for (std::size_t eol; (eol = rest.find('\n')) != std::string_view::npos;) {
                if (partial.empty()) {
                    on_line(*b, *c, rest.substr(0, eol), now);
                } else {
                    partial.append(rest.substr(0, eol));
                    on_line(*b, *c, partial, now);
                    partial.clear();
                }
                rest.remove_prefix(eol + 1);
            }
            partial.append(rest);
        }
        if (!b->stopping) error(*b, c->nick + ": the server closed the connection");
    } catch (const std::exception& e) {
        if (!b->stopping) error(*b, c->nick + ": " + e.what());
    }
}

// "s<id>:<seq>:<now>:" padded with 'x' to `size` bytes, and CRLF.
void format_line(std::string& line, std::size_t id, std::uint64_t seq, std::size_t size) {
    char head[64];
    const int n =
        std::snprintf(head, sizeof head, "s%zu:%llu:%lld:", id,
                      static_cast<unsigned long long>(seq), static_cast<long long>(now_ns()));
    line.assign(head, static_cast<std::size_t>(n));
    if (line.size() < size) line.append(size - line.size(), 'x');
    line.append("\r\n");
}

asyncio::Coro<> send(Bench* b, std::size_t id) {
    Client& c = *b->clients[id];
    Flow& flow = *b->flows[id];
    std::string line;
    try {
        for (std::uint64_t seq = 0; seq < b->options.lines; ++seq) {
            while (b->options.window > 0 && seq >= flow.acked + b->options.window) {
                flow.advanced.clear();
                co_await flow.advanced.wait();
            }
            format_line(line, id, seq, b->options.size);
            c.writer->write(line);
            co_await c.writer->drain();
        }
    } catch (const std::exception& e) {
        error(*b, c.nick + " (sending): " + e.what());
    }
}

// Connects one client, answers the welcome with its nickname, and starts its receiver.
asyncio::Coro<> join(Bench* b, Client* c) {
    auto [reader, writer] = co_await asyncio::open_connection(b->options.host, b->options.port);
    for (;;) {
        const std::string line = co_await reader.readline();
        if (line.empty()) throw std::runtime_error("the server closed before its welcome");
        std::string_view text = line;
        while (text.ends_with('\n') || text.ends_with('\r')) text.remove_suffix(1);
        if (text == kWelcome) break;
    }
    writer.write(c->nick + "\r\n");
    c->reader.emplace(std::move(reader));
    c->writer.emplace(std::move(writer));
    if (!c->slow) b->tasks.push_back(asyncio::create_task(receive(b, c)));
}

asyncio::Coro<> join_all(Bench* b, std::size_t first, std::size_t end) {
    auto body = [&](asyncio::TaskPool pool) -> asyncio::Coro<> {
        for (std::size_t i = first; i < end; ++i)
            co_await pool.submit(join(b, b->clients[i].get()));
    };
    co_await asyncio::task_pool(kConnectsInFlight, body);
}

asyncio::Coro<> wait_progress(Bench* b) {
    b->progress.clear();
    co_await b->progress.wait();
}

// Joins everyone, and returns once the server has let them all in: the first two join, and
// whichever of them sees the other's join notice joined first (the anchor); then the others
// join, and the anchor sees each of them arrive.
asyncio::Coro<> join_everyone(Bench* b) {
    co_await join_all(b, 0, 2);
    Client* anchor = nullptr;
    while (anchor == nullptr) {
        for (std::size_t i = 0; i < 2; ++i) {
            if (b->clients[i]->joins_seen > 0) anchor = b->clients[i].get();
        }
        if (anchor == nullptr) co_await wait_progress(b);
    }
    co_await join_all(b, 2, b->clients.size());
    while (anchor->joins_seen < b->clients.size() - 1) co_await wait_progress(b);
}

void make_clients(Bench& b) {
    const Options& o = b.options;
    for (std::size_t i = 0; i < o.clients + o.slow; ++i) {
        auto c = std::make_unique<Client>();
        c->slow = i >= o.clients;
        c->nick =
            std::string(c->slow ? "slow" : "c").append(std::to_string(c->slow ? i - o.clients : i));
        c->next_seq.assign(o.senders, 0);
        if (!c->slow) c->expected = o.lines * (o.senders - (i < o.senders ? 1 : 0));
        if (c->expected > 0) ++b.receivers;
        b.clients.push_back(std::move(c));
    }
    for (std::size_t i = 0; i < o.senders; ++i) {
        auto flow = std::make_unique<Flow>();
        flow->step = std::max<std::uint64_t>(1, o.window / 4);
        flow->reached.assign(o.lines / flow->step + 1, 0);
        b.flows.push_back(std::move(flow));
    }
}

// The measured part: everyone joined, the senders send, until every receiver has every line.
asyncio::Coro<> run_bench(Bench* b) {
    co_await join_everyone(b);
    b->start_ns = now_ns();
    b->bench_cpu_ns = process_cpu_ns(getpid());
    if (b->options.server_pid != 0) b->server_cpu_ns = process_cpu_ns(b->options.server_pid);
    for (std::size_t i = 0; i < b->options.senders; ++i) {
        b->tasks.push_back(asyncio::create_task(send(b, i)));
    }
    while (b->complete < b->receivers) co_await wait_progress(b);
}

// Ends every connection and task, whatever state the run stopped in.
asyncio::Coro<> stop(Bench* b) {
    b->stopping = true;
    for (auto& c : b->clients) {
        if (c->writer) c->writer->close();
    }
    for (auto& task : b->tasks) task.cancel();
    if (!b->tasks.empty()) co_await asyncio::wait(b->tasks);
}

// The CPU use of this process and of the server since the start of the measurement, in % of
// one CPU: a generator near 100% set the pace itself.
void print_cpu(const Bench& b) {
    if (b.start_ns == 0) return;
    const double wall = static_cast<double>(now_ns() - b.start_ns);
    const auto pct = [wall](std::int64_t before, long pid) {
        return 100.0 * static_cast<double>(process_cpu_ns(pid) - before) / wall;
    };
    std::printf(" bench_cpu_pct=%.0f", pct(b.bench_cpu_ns, getpid()));
    if (b.options.server_pid != 0) {
        std::printf(" server_cpu_pct=%.0f", pct(b.server_cpu_ns, b.options.server_pid));
    }
}

void print_summary(const Bench& b, bool timed_out, long rss_before_kib) {
    const Options& o = b.options;
    const std::uint64_t expected = o.lines * o.senders * (o.clients - 1);
    const std::int64_t end = b.end_ns != 0 ? b.end_ns : now_ns();
    const double seconds = b.start_ns != 0 ? static_cast<double>(end - b.start_ns) / 1e9 : 0;
    std::printf(
        "chat-bench clients=%zu senders=%zu lines=%llu size=%zu slow=%zu lines_expected=%llu "
        "lines_delivered=%llu seconds=%.3f lines_per_s=%.0f p50_us=%.1f p99_us=%.1f errors=%llu "
        "missing=%llu",
        o.clients, o.senders, static_cast<unsigned long long>(o.lines), o.size, o.slow,
        static_cast<unsigned long long>(expected), static_cast<unsigned long long>(b.delivered),
        seconds, seconds > 0 ? static_cast<double>(b.delivered) / seconds : 0.0,
        b.latency.quantile(0.50) / 1e3, b.latency.quantile(0.99) / 1e3,
        static_cast<unsigned long long>(b.errors),
        static_cast<unsigned long long>(expected - std::min(expected, b.delivered)));
    if (timed_out) std::printf(" timed_out=1");
    print_cpu(b);
    if (o.server_pid != 0) {
        const long rss = status_kib(o.server_pid, "VmRSS:");
        std::printf(" server_rss_kib=%ld server_hwm_kib=%ld", rss,
                    status_kib(o.server_pid, "VmHWM:"));
        if (o.idle > 0) {
            std::printf(" server_rss_before_kib=%ld server_bytes_per_client=%.0f", rss_before_kib,
                        static_cast<double>(rss - rss_before_kib) * 1024.0 /
                            static_cast<double>(o.clients));
        }
    }
    std::printf("\n");
    std::fflush(stdout);
}

asyncio::Coro<int> main_(Options options) {
    Bench b;
    b.options = options;
    make_clients(b);
    const long rss_before = options.server_pid != 0 ? status_kib(options.server_pid, "VmRSS:") : 0;
    bool timed_out = false;
    std::optional<std::string> failure;
    auto body = [&]() -> asyncio::Coro<> { co_await run_bench(&b); };
    try {
        const auto limit =
            std::chrono::milliseconds(static_cast<std::int64_t>(options.timeout_s * 1000));
        co_await asyncio::timeout(limit, body);
    } catch (const asyncio::TimeoutError&) {
        timed_out = true;
        error(
            b,
            std::string("timed out after ").append(std::to_string(options.timeout_s)).append(" s"));
    } catch (const std::exception& e) {
        failure = e.what();
    }
    if (!failure) print_summary(b, timed_out, rss_before);  // before the connections close
    co_await stop(&b);
    if (failure) {
        std::fprintf(stderr, "chat-bench: %s\n", failure->c_str());
        co_return 2;
    }
    const bool all_there = b.delivered == options.lines * options.senders * (options.clients - 1);
    co_return b.errors == 0 && all_there ? 0 : 1;
}

[[noreturn]] void usage(int status) {
    std::fprintf(status == 0 ? stdout : stderr,
                 "usage: asyncio-chat-bench [--host 127.0.0.1] [--port 8888] [--clients 100]\n"
                 "         [--senders 1] [--lines 10000] [--size 64] [--slow 0] [--window 0]\n"
                 "         [--idle N] [--server-pid PID] [--timeout 60]\n"
                 "Load for asyncio-chat (or any server of its protocol): --clients clients in\n"
                 "room lobby, the first --senders of them sending --lines lines of --size bytes\n"
                 "each, as fast as the server takes them (--window W: at most W lines ahead of\n"
                 "the slowest receiver); --slow clients that join and never read. --idle N: N\n"
                 "clients join, one line is broadcast, the server's RSS per client is printed\n"
                 "(needs --server-pid). Prints one line; exits 0 only if every line arrived, in\n"
                 "order, with no error, within --timeout seconds.\n");
    std::exit(status);
}

std::uint64_t number(const char* flag, const char* text, std::uint64_t min, std::uint64_t max) {
    std::uint64_t value = 0;
    const char* end = text + std::strlen(text);
    const auto r = std::from_chars(text, end, value);
    if (r.ec != std::errc() || r.ptr != end || value < min || value > max) {
        std::fprintf(stderr, "asyncio-chat-bench: %s needs a number in [%llu, %llu], not '%s'\n",
                     flag, static_cast<unsigned long long>(min),
                     static_cast<unsigned long long>(max), text);
        std::exit(2);
    }
    return value;
}

Options parse(int argc, char** argv) {
    constexpr std::uint64_t kMany = 1'000'000'000'000;
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string_view flag = argv[i];
        if (flag == "-h" || flag == "--help") usage(0);
        if (i + 1 == argc) usage(2);
        const char* value = argv[++i];
        if (flag == "--host")
            o.host = value;
        else if (flag == "--port")
            o.port = static_cast<std::uint16_t>(number(argv[i - 1], value, 1, 65535));
        else if (flag == "--clients")
            o.clients = number(argv[i - 1], value, 2, 1'000'000);
        else if (flag == "--senders")
            o.senders = number(argv[i - 1], value, 1, 1'000'000);
        else if (flag == "--lines")
            o.lines = number(argv[i - 1], value, 1, kMany);
        else if (flag == "--size")
            o.size = number(argv[i - 1], value, 1, 1 << 20);
        else if (flag == "--slow")
            o.slow = number(argv[i - 1], value, 0, 1'000'000);
        else if (flag == "--window")
            o.window = number(argv[i - 1], value, 0, kMany);
        else if (flag == "--idle")
            o.idle = number(argv[i - 1], value, 2, 1'000'000);
        else if (flag == "--server-pid")
            o.server_pid = static_cast<long>(number(argv[i - 1], value, 1, 1 << 30));
        else if (flag == "--timeout")
            o.timeout_s = static_cast<double>(number(argv[i - 1], value, 1, 1'000'000));
        else
            usage(2);
    }
    if (o.idle > 0) {  // one line from c0 to all the others
        o.clients = o.idle;
        o.senders = 1;
        o.lines = 1;
    }
    if (o.senders > o.clients) {
        std::fprintf(stderr, "asyncio-chat-bench: --senders cannot exceed --clients\n");
        std::exit(2);
    }
    return o;
}

// Every client is a socket: take as many descriptors as the hard limit allows.
void raise_fd_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

}  // namespace

int main(int argc, char** argv) {
    const Options options = parse(argc, argv);
    raise_fd_limit();
    return asyncio::run(main_(options));
}
