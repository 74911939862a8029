// echo_server: a TCP (and TLS) echo server on asyncio's streams; Python's "TCP echo server
// using streams", made into a small tool.
//
//   echo_server [--host H] [--port P] [--tls CERT KEY] [--grace S]   serves until SIGTERM/Ctrl-C
//   echo_server --demo                                    talks to itself (the golden test)
//
// Try it: `echo_server &`, then `echo_client hello` or `nc 127.0.0.1 8888`; with
// `--tls cert.pem key.pem`, `echo_client --tls --cafile cert.pem hello` or
// `openssl s_client -connect 127.0.0.1:8888 -CAfile cert.pem` (demo_cert.hpp says how to
// make the files).
//
// The words, Python -> C++ (each Python line, then its C++):
//   server = await asyncio.start_server(handle, host, port, ssl=context)
//       asyncio::Server server = co_await asyncio::start_server(handle, host, port, options)
//   line = await reader.readline()
//       std::string line = co_await reader.readline()
//   writer.write(line); await writer.drain()
//       writer.write(line); co_await writer.drain()
//   writer.get_extra_info("peername")
//       writer.get_extra_info<asyncio::SocketAddress>("peername")
//   loop.add_signal_handler(signal.SIGTERM, lambda: loop.create_task(graceful(server)))
//       loop.add_signal_handler(SIGTERM, [&] { stopping = asyncio::create_task(server.shutdown());
//       })
//   await server.serve_forever()
//       co_await server.serve_forever()
//
// Each connection runs `echo_lines` as a task of its own: read a line, write it back, wait
// for `drain()`; until the client closes its side. `drain()` is the back-pressure: a client
// that sends and never reads fills its queue, and then its handler waits instead of reading
// more, so the server's memory does not grow with it.
//
// Shutting down. SIGTERM (what `kill` and service managers send) is graceful, and bounded:
// `server.shutdown()` stops listening, closes every connection once its queued echoes are
// sent, and gives the handlers the grace period (--grace, 10 s by default) to finish; a
// client that never reads its echoes is then aborted. serve_forever() returns when the last
// handler has finished. A second SIGTERM aborts at once (it cancels the shutdown). Ctrl-C
// (SIGINT) is asyncio::run's: it cancels main; the cancelled serve_forever() cancels the
// handlers and waits for them (for the grace period at most; after a SIGTERM, not at all),
// and the program ends as if killed by SIGINT, as Python's does.
//
// The log (connections, with addresses and ports that differ on every run) goes to stderr;
// stdout holds only the demo's conversation, which the golden test compares.

#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "asyncio/asyncio.hpp"
#include "demo_cert.hpp"

using namespace std::chrono_literals;
using asyncio::Coro;

// The demo's servers give a shutdown this long (the command line's default is 10 s).
constexpr std::chrono::milliseconds kDemoGrace = 300ms;

namespace {

// What the server has done, for the log (and the demo's last line).
struct Stats {
    int connections = 0;
    long lines = 0;
};

// One connection: echoes it line by line until the client closes its side.
Coro<> echo_lines(asyncio::StreamReader reader, asyncio::StreamWriter writer, Stats* stats) {
    const int id = ++stats->connections;
    const auto peer = writer.get_extra_info<asyncio::SocketAddress>("peername");
    const auto tls = writer.get_extra_info<std::string>("ssl_version");
    std::cerr << "[" << id << "] connected: " << (peer ? peer->to_string() : "?")
              << (tls ? " (" + *tls + ")" : "") << '\n';
    std::string why = "closed by the client";
    try {
        for (;;) {
            std::string line = co_await reader.readline();  // empty: end of the stream
            if (line.empty()) {
                if (writer.is_closing()) why = "closed by the server";  // SIGTERM
                break;
            }
            writer.write(std::move(line));
            co_await writer.drain();
            ++stats->lines;
        }
    } catch (const asyncio::LimitOverrunError&) {
        // A "line" longer than the reader's limit (64 KiB): someone is not speaking lines.
        why = "line too long";
        writer.write("error: line too long\n");
    } catch (const asyncio::OSError& e) {  // reset by the peer, a TLS error...
        why = e.what();
    } catch (const asyncio::CancelledError&) {  // the server is shutting down (Ctrl-C)
        std::cerr << "[" << id << "] cancelled\n";
        throw;  // a cancelled task must end cancelled: never swallow CancelledError
    }
    // Python's writer.close(); await writer.wait_closed(): what is queued goes out first.
    writer.close();
    co_await writer.wait_closed();
    std::cerr << "[" << id << "] disconnected: " << why << '\n';
}

// Starts listening (port 0: any free port). With `tls`, every connection speaks TLS.
// `grace`: how long a shutdown lets connections finish.
Coro<asyncio::Server> start_echo_server(std::string host, std::uint16_t port,
                                        std::optional<asyncio::SSLContext> tls, Stats* stats,
                                        std::chrono::milliseconds grace) {
    asyncio::ServerOptions options;
    if (tls) options.ssl = *tls;
    options.shutdown_grace = grace;
    // The handler start_server wants takes (reader, writer); ours wants the stats too.
    auto handler = [stats](asyncio::StreamReader reader, asyncio::StreamWriter writer) {
        return echo_lines(std::move(reader), std::move(writer), stats);
    };
    asyncio::Server server = co_await asyncio::start_server(handler, host, port, options);
    for (const asyncio::Socket& socket : server.sockets()) {
        std::cerr << "serving on " << socket.sockname().to_string() << (options.ssl ? " (TLS)" : "")
                  << '\n';
    }
    co_return server;
}

// Serves until SIGTERM, then shuts down gracefully (see the top of the file). A
// cancellation (Ctrl-C) comes out as CancelledError, once the handlers have finished.
Coro<> serve_until_sigterm(asyncio::Server server) {
    asyncio::EventLoop& loop = asyncio::get_running_loop();
    std::optional<asyncio::Task<>> stopping;  // the graceful shutdown, once begun
    // Signal handlers run on the loop, between tasks, like any callback: they may call
    // anything, start a task included.
    loop.add_signal_handler(SIGTERM, [&server, &stopping] {
        if (!stopping) {
            std::cerr << "SIGTERM: closing the server and its connections\n";
            stopping = asyncio::create_task(server.shutdown(), "shutdown");
        } else {
            std::cerr << "SIGTERM again: aborting the connections\n";
            stopping->cancel();  // a cancelled shutdown() aborts what is left at once
        }
    });
    struct Restore {  // the handler refers to `server`: remove it when we leave
        asyncio::EventLoop& loop;
        ~Restore() { loop.remove_signal_handler(SIGTERM); }
    } restore{loop};
    co_await server.serve_forever();  // returns once closed and every handler has ended
}

// ---- the demo: the server and a few clients, in one program ----

// Sends lines and reads none of the echoes, until the server stops reading them: its
// handler is then stuck in drain(), and only a shutdown's grace period ends it. (Stuck is
// when our own queue stops draining for a while; at most 256 MiB either way.)
Coro<> drain(asyncio::StreamWriter* writer) { co_await writer->drain(); }

Coro<> send_without_reading(asyncio::StreamWriter* writer) {
    const std::string line = std::string(1023, 'x') + "\n";
    for (int sent = 0; sent < 256 * 1024; ++sent) {
        writer->write(line);
        try {
            co_await asyncio::wait_for(drain(writer), 500ms);
        } catch (const asyncio::TimeoutError&) {
            co_return;
        }
    }
}

// Reads one line and prints it; `who` names the client in the output. A timeout on every
// read: a broken server fails the demo instead of hanging it.
Coro<> hear(asyncio::StreamReader* reader, std::string who) {
    const std::string echo = co_await asyncio::wait_for(reader->readline(), 5s);
    std::cout << who << " got   " << (echo.empty() ? "end of stream\n" : echo);
}

// Sends `line` and prints what comes back.
Coro<> say(asyncio::StreamReader* reader, asyncio::StreamWriter* writer, std::string who,
           std::string line) {
    std::cout << who << " sends " << line << '\n';
    writer->write(line + "\n");
    co_await writer->drain();
    co_await hear(reader, who);
}

// Prints every line that comes back, up to the end of the stream.
Coro<> read_to_end(asyncio::StreamReader* reader, std::string who) {
    for (;;) {
        const std::string echo = co_await asyncio::wait_for(reader->readline(), 5s);
        if (echo.empty()) break;
        std::cout << who << " got   " << echo;
    }
    std::cout << who << " got   end of stream\n";
}

Coro<> demo() {
    Stats stats;
    asyncio::Server plain =
        co_await start_echo_server("127.0.0.1", 0, std::nullopt, &stats, kDemoGrace);
    const std::uint16_t port = plain.sockets()[0].sockname().port();
    // The server serves in a task of its own; main plays the clients.
    asyncio::Task<> serving = asyncio::create_task(serve_until_sigterm(plain), "serve");

    std::cout << "== one client, line by line\n";
    {
        auto [reader, writer] = co_await asyncio::open_connection("127.0.0.1", port);
        co_await say(&reader, &writer, "client", "hello");
        co_await say(&reader, &writer, "client", "asyncio streams, in C++");
        writer.close();
        co_await writer.wait_closed();
    }

    std::cout << "== three lines at once, then write_eof()\n";
    {
        auto [reader, writer] = co_await asyncio::open_connection("127.0.0.1", port);
        writer.writelines({"one\n", "two\n", "three\n"});
        writer.write_eof();  // "no more from me": the server's readline() sees the end
        co_await read_to_end(&reader, "client");  // the server closes after the last echo
    }

    std::cout << "== two clients at once\n";
    {
        auto [reader_a, writer_a] = co_await asyncio::open_connection("127.0.0.1", port);
        auto [reader_b, writer_b] = co_await asyncio::open_connection("127.0.0.1", port);
        writer_a.write("ping from A\n");
        writer_b.write("ping from B\n");
        std::cout << "A and B have sent; B reads first\n";
        co_await hear(&reader_b, "B");
        co_await hear(&reader_a, "A");
    }

    std::cout << "== TLS, with a throwaway self-signed certificate\n";
    {
        demo::ThrowawayCert cert;
        asyncio::SSLContext server_context(asyncio::SSLContext::Protocol::tls_server);
        server_context.load_cert_chain(cert.certfile(), cert.keyfile());
        asyncio::Server secure =
            co_await start_echo_server("127.0.0.1", 0, server_context, &stats, kDemoGrace);
        const std::uint16_t tls_port = secure.sockets()[0].sockname().port();

        // The client trusts exactly that certificate, as `--cafile cert.pem` does.
        asyncio::SSLContext client_context(asyncio::SSLContext::Protocol::tls_client);
        client_context.load_verify_locations(cert.certfile());
        asyncio::StreamOptions options;
        options.ssl = client_context;
        auto [reader, writer] = co_await asyncio::open_connection("127.0.0.1", tls_port, options);
        std::cout << "client: handshake done; the server is "
                  << writer.get_extra_info<std::string>("peercert").value_or("?") << '\n';
        co_await say(&reader, &writer, "client", "hello over TLS");
        writer.close();
        co_await writer.wait_closed();

        secure.close();
        co_await secure.wait_closed();  // its handler has finished
    }

    // (How many lines the client that never reads got echoed varies: counted before it.)
    std::cout << "served " << stats.connections << " connections, echoed " << stats.lines
              << " lines\n";

    std::cout << "== SIGTERM, with a client connected and one that never reads\n";
    {
        auto [reader, writer] = co_await asyncio::open_connection("127.0.0.1", port);
        co_await say(&reader, &writer, "client", "still here");
        auto [deaf_reader, deaf_writer] = co_await asyncio::open_connection("127.0.0.1", port);
        co_await send_without_reading(&deaf_writer);
        std::cout << "the other client sends and never reads\n";
        std::cout << "raise(SIGTERM)\n";
        std::raise(SIGTERM);  // as `kill PID` would: the handler runs on the loop's next turn
        co_await read_to_end(&reader, "client");
        // The client that never reads is aborted after the grace period.
        co_await asyncio::wait_for(serving, 10 * kDemoGrace);
        std::cout << "serve_forever() returned; " << plain.active_connections()
                  << " connections open\n";
    }

    std::cout << "== a second SIGTERM aborts at once\n";
    {
        asyncio::Server patient =  // a grace period longer than the demo may take
            co_await start_echo_server("127.0.0.1", 0, std::nullopt, &stats, std::chrono::hours(1));
        asyncio::Task<> serving_patient = asyncio::create_task(serve_until_sigterm(patient));
        const std::uint16_t patient_port = patient.sockets()[0].sockname().port();
        auto [deaf_reader, deaf_writer] =
            co_await asyncio::open_connection("127.0.0.1", patient_port);
        co_await send_without_reading(&deaf_writer);
        std::cout << "raise(SIGTERM)\n";
        std::raise(SIGTERM);
        while (patient.is_serving()) co_await asyncio::sleep(1ms);  // the shutdown has begun
        std::cout << "raise(SIGTERM) again\n";
        std::raise(SIGTERM);
        co_await asyncio::wait_for(serving_patient, 10s);
        std::cout << "serve_forever() returned; " << patient.active_connections()
                  << " connections open\n";
    }
}

// ---- the command line ----

struct Config {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8888;                               // Python's example's
    std::optional<std::pair<std::string, std::string>> tls;  // certificate, key
    std::chrono::milliseconds grace = asyncio::ServerOptions().shutdown_grace;
    bool demo = false;
};

[[noreturn]] void usage(const std::string& problem) {
    std::cerr << "echo_server: " << problem << "\n"
              << "usage: echo_server [--host H] [--port P] [--tls CERT KEY] [--grace S]\n"
              << "       echo_server --demo\n"
              << "  --host H        address to listen on (default 127.0.0.1; '' = every "
                 "interface)\n"
              << "  --port P        port (default 8888; 0 = any free port)\n"
              << "  --tls CERT KEY  speak TLS, with this certificate chain and key (PEM)\n"
              << "  --grace S       on SIGTERM, let connections finish for S seconds (default "
                 "10), then abort them\n"
              << "  --demo          run a scripted conversation against itself and exit\n";
    std::exit(2);
}

std::uint16_t parse_port(const std::string& text) {
    char* end = nullptr;
    const long port = std::strtol(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || port < 0 || port > 65535) usage("bad port: " + text);
    return static_cast<std::uint16_t>(port);
}

std::chrono::milliseconds parse_seconds(const std::string& text) {
    char* end = nullptr;
    const double seconds = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !(seconds >= 0) || seconds > 1e6) {
        usage("bad number of seconds: " + text);
    }
    return std::chrono::milliseconds(static_cast<long>(seconds * 1000));
}

Config parse(int argc, char** argv) {
    Config config;
    std::vector<std::string> args(argv + 1, argv + argc);
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        auto value = [&]() -> const std::string& {
            if (i + 1 >= args.size()) usage(arg + " needs a value");
            return args[++i];
        };
        if (arg == "--host") {
            config.host = value();
        } else if (arg == "--port") {
            config.port = parse_port(value());
        } else if (arg == "--tls") {
            std::string cert = value();
            config.tls.emplace(cert, value());
        } else if (arg == "--grace") {
            config.grace = parse_seconds(value());
        } else if (arg == "--demo") {
            config.demo = true;
        } else if (arg == "-h" || arg == "--help") {
            usage("an echo server");
        } else {
            usage("unknown argument: " + arg);
        }
    }
    return config;
}

Coro<> main_(Config config) {
    if (config.demo) {
        co_await demo();
        co_return;
    }
    std::optional<asyncio::SSLContext> tls;
    if (config.tls) {
        tls.emplace(asyncio::SSLContext::Protocol::tls_server);
        tls->load_cert_chain(config.tls->first, config.tls->second);  // SSLError if bad
    }
    Stats stats;
    asyncio::Server server =
        co_await start_echo_server(config.host, config.port, tls, &stats, config.grace);
    try {
        co_await serve_until_sigterm(server);
    } catch (const asyncio::CancelledError&) {
        std::cerr << "interrupted: served " << stats.connections << " connections\n";
        throw;
    }
    std::cerr << "shut down: served " << stats.connections << " connections, echoed " << stats.lines
              << " lines\n";
}

}  // namespace

int main(int argc, char** argv) {
    const Config config = parse(argc, argv);
    try {
        return asyncio::run(main_(config));
    } catch (const std::exception& e) {  // cannot listen (address in use...), bad TLS files
        std::cerr << "echo_server: " << e.what() << '\n';
        return 1;
    }
}
