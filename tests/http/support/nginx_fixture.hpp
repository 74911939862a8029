// NginxServer (namespace asyncio_test::http_test): Debian's nginx (/usr/sbin/nginx, package
// nginx-light) as a child process, for the HTTP client's tests against a real server.
//
//   NginxServer nginx = NginxServer::start();     // blocks (bounded) until nginx accepts
//   ... the client fetches nginx.http_url("/1m.bin"), nginx.https_url("/hello.txt") trusting
//       nginx.ca_file() ...
//
// Everything lives in a fresh temporary directory, removed when the NginxServer goes: the
// generated config, its own prefix, pid file, error log and temp dirs, so no root is needed.
// One process (`daemon off; master_process off;`), killed and reaped when the NginxServer goes
// (ChildProcess: also if the test process dies). It listens on 127.0.0.1 on two ports reserved
// here: HTTP and TLS (a P-256 certificate for "localhost" and 127.0.0.1, signed by a TestPki
// throwaway CA whose certificate is ca_file(); one CA for every NginxServer of the process).
// Keep-alive on (10,000 requests per connection, 60 s idle); `gzip on` for text/plain above 20
// bytes (the client must say Accept-Encoding: gzip): such answers come chunked, their length
// unknown in advance. The access log says which connection carried each request and the ALPN
// protocol chosen (access_log()).
//
// Files under root() (tests may add their own):
//   /hello.txt   kNginxHello                     /1m.bin   pattern(1 MiB)  (net_support.hpp)
//   /text.txt    text_pattern(64 KiB) (gzip'd)   /16m.bin  pattern(16 MiB) = file_16m()
// Locations:
//   /redirect-301, -302, -307, -308   `return <code> /hello.txt` (an absolute Location, as
//                                     nginx makes it: http://127.0.0.1:PORT/hello.txt)
//   /relative-redirect                302 with "Location: /hello.txt" (absolute_redirect off)
//   /redirect-loop                    302 to itself
//   /no-content                       204
// If nginx is not installed, start() throws std::runtime_error saying so: tests fail, never
// skip.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http/support/child_server.hpp"
#include "http/support/encodings.hpp"
#include "net/net_support.hpp"
#include "net/openssl_support.hpp"

namespace asyncio_test::http_test {

inline constexpr std::string_view kNginxHello = "hello from nginx\n";

class NginxServer {
  public:
    static NginxServer start() {
        require_program(kProgram, "nginx-light");
        NginxServer server;
        server.dir_ = std::make_unique<TempDir>();
        server.http_ = reserve_port();
        server.https_ = reserve_port();
        server.write_files();
        const std::string config = server.dir_->file("nginx.conf");
        write_text_file(config, server.config());
        ChildProcess::Options options;
        options.stdout_file = server.dir_->file("stdout.log");
        options.stderr_file = server.dir_->file("stderr.log");
        server.child_ = std::make_unique<ChildProcess>(
            std::vector<std::string>{kProgram, "-p", server.dir_->path + "/", "-c", config, "-e",
                                     server.error_log()},
            options);
        for (const std::uint16_t port : {server.http_.port, server.https_.port}) {
            wait_until_accepting(*server.child_, port, "nginx", server.error_log());
        }
        return server;
    }

    std::uint16_t http_port() const noexcept { return http_.port; }
    std::uint16_t https_port() const noexcept { return https_.port; }
    std::string http_url(std::string_view path) const {
        return "http://127.0.0.1:" + std::to_string(http_.port) + std::string(path);
    }
    std::string https_url(std::string_view path) const {
        return "https://127.0.0.1:" + std::to_string(https_.port) + std::string(path);
    }
    // The throwaway CA's certificate (PEM), to trust for https_url().
    std::string ca_file() const { return pki().ca.cert; }
    // The directory nginx serves.
    std::string root() const { return dir_->file("www"); }
    std::string error_log() const { return dir_->file("error.log"); }
    // One line per request, written as nginx finishes it:
    //   <connection serial> <request number on it> <ALPN protocol or -> <status> "<request line>"
    std::string access_log() const { return dir_->file("access.log"); }
    // The content of /16m.bin, made once per process.
    static const std::string& file_16m() {
        static const std::string content = pattern(16 << 20);
        return content;
    }
    pid_t pid() const noexcept { return child_->pid(); }

  private:
    static constexpr const char* kProgram = "/usr/sbin/nginx";

    NginxServer() = default;

    void write_files() const {
        std::filesystem::create_directories(root());
        std::filesystem::create_directories(dir_->file("tmp"));
        write_text_file(root() + "/hello.txt", std::string(kNginxHello));
        write_text_file(root() + "/text.txt", text_pattern(64 << 10));
        write_text_file(root() + "/1m.bin", pattern(1 << 20));
        write_text_file(root() + "/16m.bin", file_16m());
    }

    std::string config() const {
        const std::string dir = dir_->path;
        std::string redirects;
        for (const char* code : {"301", "302", "307", "308"}) {
            redirects += "        location = /redirect-" + std::string(code) + " { return " + code +
                         " /hello.txt; }\n";
        }
        return "daemon off;\nmaster_process off;\nworker_processes 1;\n"
               "pid " +
               dir + "/nginx.pid;\nerror_log " + error_log() +
               " info;\n"
               "events { worker_connections 1024; }\n"
               "http {\n"
               "    log_format requests '$connection $connection_requests $ssl_alpn_protocol "
               "$status \"$request\"';\n"
               "    access_log " +
               access_log() +
               " requests;\n"
               "    client_body_temp_path " +
               dir +
               "/tmp/body;\n"
               "    proxy_temp_path " +
               dir +
               "/tmp/proxy;\n"
               "    fastcgi_temp_path " +
               dir +
               "/tmp/fastcgi;\n"
               "    uwsgi_temp_path " +
               dir +
               "/tmp/uwsgi;\n"
               "    scgi_temp_path " +
               dir +
               "/tmp/scgi;\n"
               "    types { text/plain txt; application/octet-stream bin; }\n"
               "    default_type application/octet-stream;\n"
               "    sendfile on;\n"
               "    keepalive_timeout 60s;\n    keepalive_requests 10000;\n"
               "    gzip on;\n    gzip_types text/plain;\n    gzip_min_length 20;\n"
               "    server {\n"
               "        listen 127.0.0.1:" +
               std::to_string(http_.port) +
               ";\n"
               "        listen 127.0.0.1:" +
               std::to_string(https_.port) +
               " ssl;\n"
               "        server_name localhost;\n"
               "        ssl_certificate " +
               pki().localhost.cert +
               ";\n"
               "        ssl_certificate_key " +
               pki().localhost.key +
               ";\n"
               "        root " +
               root() + ";\n" + redirects +
               "        location = /relative-redirect { absolute_redirect off; "
               "return 302 /hello.txt; }\n"
               "        location = /redirect-loop { return 302 /redirect-loop; }\n"
               "        location = /no-content { return 204; }\n"
               "    }\n"
               "}\n";
    }

    // One CA and certificate for every nginx of the process (making them takes 0.6 s),
    // removed at its exit.
    static const TestPki& pki() {
        static const TestPki shared;
        return shared;
    }

    // (Declared in this order so that nginx goes first, then its directory and ports.)
    std::unique_ptr<TempDir> dir_;
    PortReservation http_;
    PortReservation https_;
    std::unique_ptr<ChildProcess> child_;
};

}  // namespace asyncio_test::http_test
