// PythonServer (namespace asyncio_test::http_test): Python's http.server (/usr/bin/python3) as
// a child process on 127.0.0.1, for the HTTP client's tests against another real server.
//
//   PythonServer files = PythonServer::start_files();         // http.server on root()
//   PythonServer closing = PythonServer::start_close_delimited();
//
// - start_files(): `python3 -m http.server` serving a fresh temporary directory (root(), with
//   /hello.txt = kPythonHello and /64k.bin = pattern(64 KiB); tests may add files). Its
//   answers are HTTP/1.0 ("HTTP/1.0 200 OK", Content-Length for files) and it closes the
//   connection after each.
// - start_close_delimited(): a small inline handler answering HTTP/1.1 with a close-delimited
//   body: GET or HEAD /close-delimited/N gives "HTTP/1.1 200 OK", Server, Date,
//   "Content-Type: text/plain", "Connection: close", no Content-Length, then text_pattern(N)
//   (encodings.hpp) and the end of the connection; any other path the same with status 404 and
//   body "not found\n".
// start_*() block (bounded: 10 s) until the server accepts; the process is killed and reaped
// when the PythonServer goes (ChildProcess). If python3 is not installed, they throw
// std::runtime_error saying so.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http/support/child_server.hpp"
#include "net/net_support.hpp"
#include "net/openssl_support.hpp"

namespace asyncio_test::http_test {

inline constexpr std::string_view kPythonHello = "hello from python\n";

class PythonServer {
  public:
    static PythonServer start_files() {
        PythonServer server;
        write_text_file(server.root() + "/hello.txt", std::string(kPythonHello));
        write_text_file(server.root() + "/64k.bin", pattern(64 << 10));
        server.run({kProgram, "-m", "http.server", "--bind", "127.0.0.1", "--directory",
                    server.root(), std::to_string(server.port_.port)});
        return server;
    }

    static PythonServer start_close_delimited() {
        PythonServer server;
        const std::string script = server.dir_->file("close_delimited.py");
        write_text_file(script, kCloseDelimitedHandler);
        server.run({kProgram, script, std::to_string(server.port_.port)});
        return server;
    }

    std::uint16_t port() const noexcept { return port_.port; }
    std::string url(std::string_view path) const {
        return "http://127.0.0.1:" + std::to_string(port_.port) + std::string(path);
    }
    std::string root() const { return dir_->file("www"); }
    pid_t pid() const noexcept { return child_->pid(); }

  private:
    static constexpr const char* kProgram = "/usr/bin/python3";
    static constexpr const char* kCloseDelimitedHandler = R"(import http.server, sys

def text(n):
    lines, size, k = [], 0, 0
    while size < n:
        line = f"line {k:06d}: the quick brown fox jumps over the lazy dog\n"
        lines.append(line)
        size += len(line)
        k += 1
    return "".join(lines)[:n].encode()

class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        parts = self.path.split("/")
        found = len(parts) == 3 and parts[1] == "close-delimited" and parts[2].isdigit()
        body = text(int(parts[2])) if found else b"not found\n"
        self.send_response(200 if found else 404)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self.close_connection = True

    do_HEAD = do_GET

    def log_message(self, *args):
        pass

http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
)";

    PythonServer() : dir_(std::make_unique<TempDir>()), port_(reserve_port()) {
        require_program(kProgram, "python3");
        std::filesystem::create_directories(root());
    }

    void run(const std::vector<std::string>& argv) {
        ChildProcess::Options options;
        options.stdout_file = dir_->file("stdout.log");
        options.stderr_file = dir_->file("stderr.log");
        child_ = std::make_unique<ChildProcess>(argv, options);
        wait_until_accepting(*child_, port_.port, "python3 " + argv[1], options.stderr_file);
    }

    // (Declared in this order so that the process goes first, then its directory and port.)
    std::unique_ptr<TempDir> dir_;
    PortReservation port_;
    std::unique_ptr<ChildProcess> child_;
};

}  // namespace asyncio_test::http_test
