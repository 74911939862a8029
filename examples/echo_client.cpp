// echo_client: sends lines to an echo server and prints what comes back; Python's "TCP echo
// client using streams", made into a small tool (its server: echo_server.cpp).
//
//   echo_client [--host H] [--port P] [--tls [--cafile F] [--insecure]] [--timeout S] LINE...
//   echo_client --demo        runs itself against servers of its own (the golden test)
//
// Exit status: 0 every line came back; 1 no connection (refused, unknown host, no answer in
// time); 2 bad usage; 3 TLS failed (the certificate did not verify, no handshake in time);
// 4 the conversation failed (the server hung up, an echo did not come in time or differed).
//
// The words, Python -> C++:
//   await asyncio.wait_for(aw, 5)          ->  co_await asyncio::wait_for(aw, 5s)
//   except TimeoutError:                   ->  catch (const asyncio::TimeoutError&)
//   except ConnectionRefusedError:         ->  catch (const asyncio::ConnectionRefusedError&)
//   except ssl.SSLCertVerificationError:   ->  catch (const asyncio::SSLCertVerificationError&)
//   ctx = ssl.create_default_context()     ->  auto ctx = SSLContext::create_default_context()
//   ctx.load_verify_locations(cafile)      ->  ctx.load_verify_locations(cafile)
//   ctx.check_hostname = False             ->  ctx.set_check_hostname(false)
//   ctx.verify_mode = ssl.CERT_NONE        ->  ctx.set_verify_mode(VerifyMode::cert_none)
//
// A network client must expect every step to fail, and say which one did. So the client
// connects in two steps, each with its own timeout: the TCP connection (`create_connection`),
// then the streams over it with the TLS handshake (`open_connection(socket, options)`).
// (`open_connection(host, port, options)` does both in one call, when one message for both
// will do.) Each step's errors are caught by their type, from the most precise up:
// SSLCertVerificationError is an SSLError, which is an OSError; ConnectionRefusedError is a
// ConnectionError, an OSError too. TimeoutError comes from wait_for alone.

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "asyncio/asyncio.hpp"
#include "demo_cert.hpp"

using namespace std::chrono_literals;
using asyncio::Coro;

namespace {

enum ExitStatus { kEchoed = 0, kNoConnection = 1, kUsage = 2, kTlsFailed = 3, kFailed = 4 };

struct Config {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8888;
    bool tls = false;
    std::string cafile;     // trust this CA (or self-signed certificate) too
    bool insecure = false;  // no certificate checks at all
    double timeout = 5;     // seconds, for each step and each echo
    std::vector<std::string> lines;
    bool demo = false;
};

// "127.0.0.1:8888", "[::1]:8888".
std::string where(const Config& config) {
    const bool v6 = config.host.find(':') != std::string::npos;
    return (v6 ? "[" + config.host + "]" : config.host) + ":" + std::to_string(config.port);
}

// The client's TLS settings. SSLError if the CA file cannot be loaded.
asyncio::SSLContext tls_context(const Config& config) {
    // What a client wants: the system's CAs, the peer's name checked.
    asyncio::SSLContext context = asyncio::SSLContext::create_default_context();
    if (!config.cafile.empty()) context.load_verify_locations(config.cafile);
    if (config.insecure) {  // encrypted, but anyone could be at the other end
        context.set_check_hostname(false);
        context.set_verify_mode(asyncio::SSLContext::VerifyMode::cert_none);
    }
    return context;
}

// Connects, sends each line, prints each echo on `out`; errors go to `err`. Returns the exit
// status.
Coro<int> run_client(Config config, std::ostream* out, std::ostream* err) {
    const auto timeout = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::duration<double>(config.timeout));
    asyncio::StreamOptions options;
    std::optional<asyncio::SSLContext> tls;  // options.ssl refers to it
    if (config.tls) {
        try {
            tls = tls_context(config);
            options.ssl = *tls;
        } catch (const asyncio::SSLError& e) {
            *err << "echo_client: " << e.what() << '\n';
            co_return kUsage;
        }
        options.server_hostname = config.host;  // what the certificate must name
    }

    // Step 1: a TCP connection (with Happy Eyeballs, if the name has several addresses).
    asyncio::Socket socket;
    try {
        socket = co_await asyncio::wait_for(asyncio::create_connection(config.host, config.port),
                                            timeout);
    } catch (const asyncio::TimeoutError&) {
        *err << "echo_client: no connection to " << where(config) << " within " << config.timeout
             << " s\n";
        co_return kNoConnection;
    } catch (const asyncio::ConnectionRefusedError& e) {
        *err << "echo_client: " << e.what() << " (is the server running?)\n";
        co_return kNoConnection;
    } catch (const asyncio::OSError& e) {  // an unknown host (GaiError), no route to it...
        *err << "echo_client: " << e.what() << '\n';
        co_return kNoConnection;
    }

    // Step 2: the streams over that connection, after the TLS handshake with --tls.
    std::optional<asyncio::Streams> streams;
    try {
        streams.emplace(co_await asyncio::wait_for(
            asyncio::open_connection(std::move(socket), options), timeout));
    } catch (const asyncio::TimeoutError&) {
        *err << "echo_client: no TLS handshake with " << where(config) << " within "
             << config.timeout << " s (is it a TLS server?)\n";
        co_return kTlsFailed;
    } catch (const asyncio::SSLCertVerificationError& e) {
        *err << "echo_client: " << e.what() << "\n"
             << "  (--cafile CERT trusts a certificate; --insecure skips the checks)\n";
        co_return kTlsFailed;
    } catch (const asyncio::SSLError& e) {  // the handshake failed: not TLS, no common cipher...
        *err << "echo_client: " << e.what() << '\n';
        co_return kTlsFailed;
    }
    auto& [reader, writer] = *streams;

    // The conversation: a line out, its echo back, each echo within the timeout.
    for (const std::string& line : config.lines) {
        std::string echo;
        try {
            writer.write(line + "\n");
            co_await writer.drain();
            echo = co_await asyncio::wait_for(reader.readline(), timeout);
        } catch (const asyncio::TimeoutError&) {
            *err << "echo_client: no echo from " << where(config) << " within " << config.timeout
                 << " s\n";
            co_return kFailed;
        } catch (const asyncio::OSError& e) {  // reset by the peer, a TLS error...
            *err << "echo_client: " << e.what() << '\n';
            co_return kFailed;
        }
        if (echo.empty()) {  // the end of the stream
            *err << "echo_client: the server closed the connection\n";
            co_return kFailed;
        }
        *out << echo << std::flush;
        if (echo != line + "\n") {
            *err << "echo_client: that is not what was sent\n";
            co_return kFailed;
        }
    }
    writer.close();
    co_await writer.wait_closed();
    co_return kEchoed;
}

// ---- the command line ----

[[noreturn]] void usage(const std::string& problem) {
    std::cerr
        << "echo_client: " << problem << "\n"
        << "usage: echo_client [--host H] [--port P] [--tls [--cafile F] [--insecure]]\n"
        << "                   [--timeout S] LINE...\n"
        << "       echo_client --demo\n"
        << "  --host H     the server (default 127.0.0.1)\n"
        << "  --port P     its port (default 8888)\n"
        << "  --tls        speak TLS; the server's certificate must verify against the system's\n"
        << "               CAs and name the host\n"
        << "  --cafile F   trust the CA certificate(s) in F too (a self-signed server's own)\n"
        << "  --insecure   do not check the certificate at all\n"
        << "  --timeout S  seconds allowed for connecting, the handshake and each echo "
           "(default 5)\n"
        << "exit status: 0 every line echoed, 1 no connection, 2 usage, 3 TLS failed,\n"
        << "             4 the conversation failed\n";
    std::exit(kUsage);
}

Config parse(std::vector<std::string> args) {
    Config config;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        auto value = [&]() -> const std::string& {
            if (i + 1 >= args.size()) usage(arg + " needs a value");
            return args[++i];
        };
        char* end = nullptr;
        if (arg == "--host") {
            config.host = value();
        } else if (arg == "--port") {
            const std::string& text = value();
            const long port = std::strtol(text.c_str(), &end, 10);
            if (text.empty() || *end || port < 1 || port > 65535) usage("bad port: " + text);
            config.port = static_cast<std::uint16_t>(port);
        } else if (arg == "--timeout") {
            const std::string& text = value();
            config.timeout = std::strtod(text.c_str(), &end);
            if (text.empty() || *end || !(config.timeout > 0)) usage("bad timeout: " + text);
        } else if (arg == "--tls") {
            config.tls = true;
        } else if (arg == "--cafile") {
            config.cafile = value();
        } else if (arg == "--insecure") {
            config.insecure = true;
        } else if (arg == "--demo") {
            config.demo = true;
        } else if (arg == "-h" || arg == "--help") {
            usage("an echo client");
        } else if (arg.starts_with("--")) {
            usage("unknown option: " + arg);
        } else {
            // One line each; an argument with newlines in it is several lines.
            std::istringstream lines(arg);
            for (std::string line; std::getline(lines, line);) config.lines.push_back(line);
        }
    }
    if ((!config.cafile.empty() || config.insecure) && !config.tls) {
        usage("--cafile and --insecure go with --tls");
    }
    if (config.lines.empty() && !config.demo) usage("no LINE to send");
    return config;
}

// ---- the demo: echo_client against a few servers of its own ----

// What changes from run to run (ports, the certificate's path), and what to show instead, so
// that the transcript is the same on every run.
struct Names {
    std::vector<std::pair<std::string, std::string>> replacements;
    std::string show(std::string text) const {
        for (const auto& [from, to] : replacements) {
            for (std::size_t at = 0; (at = text.find(from, at)) != std::string::npos;) {
                text.replace(at, from.size(), to);
                at += to.size();
            }
        }
        return text;
    }
};

// Runs the client as the shell would run `echo_client ARGS...`: shows the command, what it
// printed (stdout and stderr, in order) and its exit status.
Coro<> shell(const Names* names, std::vector<std::string> args) {
    std::string command = "$ echo_client";
    for (const std::string& arg : args) {
        command += arg.find(' ') == std::string::npos ? " " + arg : " '" + arg + "'";
    }
    std::cout << names->show(command) << '\n';
    const Config config = parse(args);  // named: g++ 12 and aggregate temporaries, again
    std::ostringstream printed;
    const int status = co_await run_client(config, &printed, &printed);
    std::cout << names->show(printed.str()) << "(exit status " << status << ")\n";
}

// The servers the client meets. Each is a handler for start_server.
Coro<> echo(asyncio::StreamReader reader, asyncio::StreamWriter writer) {
    for (;;) {
        std::string line = co_await reader.readline();
        if (line.empty()) break;
        writer.write(std::move(line));
        co_await writer.drain();
    }
}
// Reads everything and answers nothing (the unnamed writer closes the connection at the end).
Coro<> black_hole(asyncio::StreamReader reader, asyncio::StreamWriter) { co_await reader.read(); }
// Echoes one line, then hangs up.
Coro<> one_line_only(asyncio::StreamReader reader, asyncio::StreamWriter writer) {
    std::string line = co_await reader.readline();
    writer.write(std::move(line));
    co_await writer.drain();
}

std::string port_of(const asyncio::Server& server) {
    return std::to_string(server.sockets()[0].sockname().port());
}

// A server on 127.0.0.1, at a free port, which the transcript shows as <port>.
Coro<asyncio::Server> start_demo_server(asyncio::ClientConnected handler,
                                        std::optional<asyncio::SSLContext> tls, Names* names) {
    asyncio::ServerOptions options;
    if (tls) options.ssl = *tls;
    asyncio::Server server = co_await asyncio::start_server(handler, "127.0.0.1", 0, options);
    names->replacements.emplace_back(port_of(server), "<port>");
    co_return server;
}

Coro<> demo() {
    Names names;
    demo::ThrowawayCert cert;
    names.replacements.emplace_back(cert.certfile(), "cert.pem");
    asyncio::SSLContext server_tls(asyncio::SSLContext::Protocol::tls_server);
    server_tls.load_cert_chain(cert.certfile(), cert.keyfile());

    std::vector<asyncio::Server> servers;
    servers.push_back(co_await start_demo_server(echo, std::nullopt, &names));
    servers.push_back(co_await start_demo_server(echo, server_tls, &names));
    servers.push_back(co_await start_demo_server(black_hole, std::nullopt, &names));
    servers.push_back(co_await start_demo_server(one_line_only, std::nullopt, &names));
    const std::string plain = port_of(servers[0]), tls = port_of(servers[1]),
                      silent = port_of(servers[2]), rude = port_of(servers[3]);
    // A port nobody listens on: bound a moment ago, and closed.
    std::string closed;
    {
        asyncio::Socket socket = asyncio::Socket::create(AF_INET, SOCK_STREAM);
        socket.bind(asyncio::SocketAddress::ip("127.0.0.1", 0));
        closed = std::to_string(socket.sockname().port());
        names.replacements.emplace_back(closed, "<port>");
    }

    // (The arguments in a named vector: see the note on g++ 12 in streams.hpp.)
    std::vector<std::string> args;
    std::cout << "== an echo server\n";
    args = {"--port", plain, "hello", "asyncio streams"};
    co_await shell(&names, args);
    std::cout << "== a TLS echo server with a self-signed certificate, trusted with --cafile\n";
    args = {"--port", tls, "--tls", "--cafile", cert.certfile(), "hello"};
    co_await shell(&names, args);
    std::cout << "== the same without --cafile: the certificate does not verify\n";
    args = {"--port", tls, "--tls", "hello"};
    co_await shell(&names, args);
    std::cout << "== --insecure: encrypted, but the server could be anyone\n";
    args = {"--port", tls, "--tls", "--insecure", "hello"};
    co_await shell(&names, args);
    std::cout << "== a port nobody listens on\n";
    args = {"--port", closed, "hello"};
    co_await shell(&names, args);
    std::cout << "== a server that reads and never answers\n";
    args = {"--port", silent, "--timeout", "0.2", "hello"};
    co_await shell(&names, args);
    std::cout << "== the same with --tls: no handshake\n";
    args = {"--port", silent, "--timeout", "0.2", "--tls", "hello"};
    co_await shell(&names, args);
    std::cout << "== a server that hangs up after one line\n";
    args = {"--port", rude, "one", "two"};
    co_await shell(&names, args);

    for (asyncio::Server& server : servers) {
        server.close();
        server.close_clients();
        co_await server.wait_closed();
    }
}

Coro<int> main_(Config config) {
    if (config.demo) {
        co_await demo();
        co_return kEchoed;
    }
    co_return co_await run_client(config, &std::cout, &std::cerr);
}

}  // namespace

int main(int argc, char** argv) {
    const Config config = parse(std::vector<std::string>(argv + 1, argv + argc));
    try {
        return asyncio::run(main_(config));
    } catch (const std::exception& e) {
        std::cerr << "echo_client: " << e.what() << '\n';
        return kFailed;
    }
}
