// port_scanner: which TCP ports of a host take connections. Many connection attempts at once,
// at most --limit at a time, each one given --timeout: bounded concurrency on the network.
//
//   port_scanner [--limit N] [--timeout S] HOST [PORTS...]    PORTS: 22 80 8000-8100
//                                                             (default 1-1024)
//   port_scanner --demo      scans listening and closed sockets of its own (the golden test)
//
// Scan only hosts you own or may scan.
//
// The words, Python -> C++:
//   infos = await loop.getaddrinfo(host, None)  ->  co_await asyncio::getaddrinfo(host, 0)
//   await asyncio.wait_for(                     ->  co_await asyncio::wait_for(
//       loop.sock_connect(sock, addr), t)               socket.connect(address), t)
//   sem = asyncio.Semaphore(n)                  ->  co_await asyncio::map_bounded(n, ports, probe)
//   async def bounded(p):                           (results in the order of `ports`)
//       async with sem: return await probe(p)
//   await asyncio.gather(*map(bounded, ports))
//
// A port is "open" if the connection is made, "closed" if the host refuses it (a TCP reset:
// ConnectionRefusedError), "filtered" if nothing answers within the timeout (TimeoutError) or
// a router says the host is unreachable (a firewall that drops or rejects). The name is
// resolved once, and every attempt connects to that address: a name lookup per port would be
// slow, and create_connection's Happy Eyeballs would try each port on several addresses.
//
// Why a bound: each attempt holds a socket, a file descriptor, until it ends; a thousand
// attempts at once would run out of descriptors (EMFILE), and flood the network and the host.
// map_bounded (a task_pool, see chapter 7) starts the next attempt as one ends, so at most
// `limit` are in flight, and the results come back in the order of the ports, sorted.

#include <sys/resource.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "asyncio/asyncio.hpp"

using namespace std::chrono_literals;
using asyncio::Coro;

namespace {

enum class PortState { open, closed, filtered };

const char* name(PortState state) {
    switch (state) {
        case PortState::open:
            return "open";
        case PortState::closed:
            return "closed";
        case PortState::filtered:
            return "filtered";
    }
    return "?";
}

// One connection attempt. Other failures (out of file descriptors...) are raised: they say
// nothing about the port, and end the scan.
Coro<PortState> probe(asyncio::SocketAddress address, std::chrono::milliseconds timeout) {
    try {
        asyncio::Socket socket = asyncio::Socket::create(address.family(), SOCK_STREAM);
        co_await asyncio::wait_for(socket.connect(address), timeout);
        co_return PortState::open;  // and the socket closes as it goes
    } catch (const asyncio::ConnectionRefusedError&) {
        co_return PortState::closed;
    } catch (const asyncio::TimeoutError&) {  // a cancelled connect closes its socket
        co_return PortState::filtered;
    } catch (const asyncio::OSError& e) {
        const int error = e.code().value();
        if (error != EHOSTUNREACH && error != ENETUNREACH && error != EACCES) throw;
    }
    co_return PortState::filtered;  // an ICMP "unreachable", or a local firewall (EACCES)
}

struct Scan {
    std::string host;
    std::vector<std::uint16_t> ports;  // sorted, each once
    std::size_t limit = 256;
    std::chrono::milliseconds timeout = 1s;
};

// How many attempts are in flight, and the most there have been at once.
struct InFlight {
    std::size_t now = 0;
    std::size_t most = 0;
};

Coro<PortState> counted(Coro<PortState> attempt, InFlight* in_flight) {
    in_flight->most = std::max(in_flight->most, ++in_flight->now);
    const PortState state = co_await std::move(attempt);
    --in_flight->now;
    co_return state;
}

// Probes every port, at most `limit` at once; the states in the order of `scan.ports`.
Coro<std::vector<PortState>> scan_ports(asyncio::SocketAddress address, Scan scan,
                                        InFlight* in_flight) {
    auto probe_port = [&](std::uint16_t port) {
        return counted(probe(asyncio::SocketAddress::ip(address.host(), port), scan.timeout),
                       in_flight);
    };
    co_return co_await asyncio::map_bounded(scan.limit, scan.ports, probe_port);
}

// Each attempt holds a descriptor: let the process have `limit` of them, and some to spare.
// Raises the soft limit (up to the hard one) if need be; false if it cannot be enough.
bool enough_descriptors(std::size_t limit) {
    rlimit fds{};
    if (::getrlimit(RLIMIT_NOFILE, &fds) != 0) return true;  // let the scan find out
    const rlim_t wanted = static_cast<rlim_t>(limit) + 32;
    if (fds.rlim_cur == RLIM_INFINITY || fds.rlim_cur >= wanted) return true;
    if (fds.rlim_max != RLIM_INFINITY && fds.rlim_max < wanted) return false;
    fds.rlim_cur = wanted;
    return ::setrlimit(RLIMIT_NOFILE, &fds) == 0;
}

// ---- the demo: five sockets of our own, two of them closed again ----

Coro<> demo() {
    // Bind to port 0 and the system picks a free port: five of them. #2 and #4 close again
    // at once; nobody listens there any more, so a connection to them is refused.
    std::vector<asyncio::Socket> sockets;
    std::vector<std::uint16_t> ports;
    for (int i = 1; i <= 5; ++i) {
        asyncio::Socket& socket =
            sockets.emplace_back(asyncio::Socket::create(AF_INET, SOCK_STREAM));
        socket.bind(asyncio::SocketAddress::ip("127.0.0.1", 0));
        socket.listen(8);  // the kernel completes the connections; no accept() needed
        ports.push_back(socket.sockname().port());
        std::cout << "socket #" << i << (i % 2 == 0 ? ": closed again\n" : ": listening\n");
    }
    sockets[1].close();
    sockets[3].close();

    // The ports differ on every run; the output names the sockets by number instead.
    Scan scan;
    scan.host = "127.0.0.1";
    scan.ports = ports;
    std::sort(scan.ports.begin(), scan.ports.end());
    scan.limit = 2;
    std::cout << "scanning their 5 ports, at most " << scan.limit << " at once\n";
    InFlight in_flight;
    const std::vector<PortState> states =
        co_await scan_ports(asyncio::SocketAddress::ip(scan.host, 0), scan, &in_flight);
    for (std::size_t i = 0; i < ports.size(); ++i) {
        const auto at = std::find(scan.ports.begin(), scan.ports.end(), ports[i]);
        std::cout << "socket #" << i + 1 << "'s port: " << name(states[at - scan.ports.begin()])
                  << '\n';
    }
    std::cout << "never more than " << scan.limit
              << " attempts at once: " << (in_flight.most <= scan.limit ? "yes" : "NO") << '\n';
}

// ---- the command line ----

[[noreturn]] void usage(const std::string& problem) {
    std::cerr << "port_scanner: " << problem << "\n"
              << "usage: port_scanner [--limit N] [--timeout S] HOST [PORTS...]\n"
              << "       port_scanner --demo\n"
              << "  PORTS        ports and ranges: 22 80 8000-8100 (default 1-1024)\n"
              << "  --limit N    connection attempts at once (default 256)\n"
              << "  --timeout S  seconds to wait for each connection (default 1)\n";
    std::exit(2);
}

std::uint16_t parse_port(const std::string& text) {
    char* end = nullptr;
    const long port = std::strtol(text.c_str(), &end, 10);
    if (text.empty() || *end || port < 1 || port > 65535) usage("bad port: " + text);
    return static_cast<std::uint16_t>(port);
}

// Returns false for --demo.
bool parse(int argc, char** argv, Scan* scan) {
    std::vector<std::string> args(argv + 1, argv + argc);
    std::vector<bool> wanted(65536, false);
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        auto value = [&]() -> const std::string& {
            if (i + 1 >= args.size()) usage(arg + " needs a value");
            return args[++i];
        };
        char* end = nullptr;
        if (arg == "--demo") {
            return false;
        } else if (arg == "--limit") {
            const std::string& text = value();
            const long limit = std::strtol(text.c_str(), &end, 10);
            if (text.empty() || *end || limit < 1 || limit > 65535) usage("bad limit: " + text);
            scan->limit = static_cast<std::size_t>(limit);
        } else if (arg == "--timeout") {
            const std::string& text = value();
            const double seconds = std::strtod(text.c_str(), &end);
            if (text.empty() || *end || !(seconds > 0)) usage("bad timeout: " + text);
            scan->timeout = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::duration<double>(seconds));
        } else if (arg == "-h" || arg == "--help") {
            usage("a TCP port scanner");
        } else if (arg.starts_with("-")) {
            usage("unknown option: " + arg);
        } else if (scan->host.empty()) {
            scan->host = arg;
        } else {  // a port, or a range FIRST-LAST
            const std::size_t dash = arg.find('-');
            const std::uint16_t first = parse_port(arg.substr(0, dash));
            const std::uint16_t last =
                dash == std::string::npos ? first : parse_port(arg.substr(dash + 1));
            if (last < first) usage("bad range: " + arg);
            for (int port = first; port <= last; ++port) wanted[port] = true;
        }
    }
    if (scan->host.empty()) usage("no HOST to scan");
    for (int port = 1; port <= 65535; ++port) {
        if (wanted[port]) scan->ports.push_back(static_cast<std::uint16_t>(port));
    }
    if (scan->ports.empty()) {
        for (int port = 1; port <= 1024; ++port) scan->ports.push_back(port);
    }
    return true;
}

Coro<> main_(Scan scan) {
    // The name, once: its first address (IPv6 or IPv4, as the system prefers).
    const std::vector<asyncio::AddrInfo> addresses = co_await asyncio::getaddrinfo(scan.host, 0);
    const asyncio::SocketAddress address = addresses.at(0).address;
    std::cerr << "scanning " << scan.ports.size() << " ports of " << scan.host << " ("
              << address.host() << "), " << scan.limit << " at once\n";
    const auto start = std::chrono::steady_clock::now();
    InFlight in_flight;
    const std::vector<PortState> states = co_await scan_ports(address, scan, &in_flight);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;

    std::size_t count[3] = {};
    for (std::size_t i = 0; i < states.size(); ++i) {
        ++count[static_cast<int>(states[i])];
        if (states[i] == PortState::open) std::cout << scan.ports[i] << "/tcp open\n";
    }
    std::cout << count[0] << " open, " << count[1] << " closed, " << count[2] << " filtered\n";
    std::cerr << "took " << took.count() << " s, at most " << in_flight.most
              << " attempts at once\n";
}

}  // namespace

int main(int argc, char** argv) {
    Scan scan;
    if (!parse(argc, argv, &scan)) return asyncio::run(demo());
    if (!enough_descriptors(scan.limit)) {
        std::cerr << "port_scanner: --limit " << scan.limit
                  << " needs more file descriptors than the system allows (ulimit -n)\n";
        return 2;
    }
    try {
        return asyncio::run(main_(std::move(scan)));
    } catch (const asyncio::ExceptionGroup& group) {  // a probe failed: its error says why
        try {
            std::rethrow_exception(group.leaves().at(0));
        } catch (const std::exception& e) {
            std::cerr << "port_scanner: " << e.what() << '\n';
        }
        return 1;
    } catch (const std::exception& e) {  // an unknown host...
        std::cerr << "port_scanner: " << e.what() << '\n';
        return 1;
    }
}
