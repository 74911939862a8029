// The errors of the HTTP client: one hierarchy under `asyncio::http::Error`, each with a
// message a user can act on (what failed, for which URL or host, and why).
//
//   Error
//   ├── InvalidURL                 the URL, what is wrong and where (`position`)
//   ├── ConnectError               could not get a connection; `code()` is the system's error
//   │   ├── NameResolutionError    the host name did not resolve
//   │   ├── ConnectionRefusedError nothing listens there
//   │   └── TLSError               the TLS handshake failed
//   │       └── TLSVerificationError  the server's certificate was refused (`reason`, `host`)
//   ├── ServerDisconnectedError    the server closed or reset the connection mid-exchange
//   ├── ProtocolError              the response is malformed (llhttp's reason, byte `offset`)
//   │   ├── IncompleteBodyError    the body ended before its announced length
//   │   ├── ContentDecodingError   gzip / deflate / br data that does not decode
//   │   └── LimitError             the response breaks a limit (header size or count,
//   │                              decoded size vs. compressed size): refused, not buffered
//   ├── TooManyRedirects           more than `max_redirects` redirects (`history`)
//   ├── TimeoutError               a timeout passed; `phase()` says which one
//   └── HTTPStatusError            `raise_for_status()` on a 4xx or 5xx (`status`, `reason`)
//
// The client's timeouts are `http::TimeoutError`, not `asyncio::TimeoutError`, so that one
// `catch (const http::Error&)` covers every failure of a request; a deadline the caller set
// around the request (`asyncio::timeout`) still raises `asyncio::TimeoutError` as usual.
// Cancellation is never turned into an error: `CancelledError` passes through.
#pragma once
#include <cstddef>
#include <string>
#include <system_error>
#include <vector>
#include "asyncio/core/errors.hpp"

namespace asyncio::http {

class Error : public asyncio::Error {
  public:
    using asyncio::Error::Error;
};

class InvalidURL : public Error {
  public:
    // "invalid URL 'http://[::1/': <reason> at position 7"
    InvalidURL(std::string url, const std::string& reason, std::size_t position);
    std::string url;
    std::size_t position;  // offset in `url` of the problem
};

class ConnectError : public Error {
  public:
    ConnectError(const std::string& message, std::error_code code) : Error(message), code_(code) {}
    const std::error_code& code() const noexcept { return code_; }

  private:
    std::error_code code_;
};

class NameResolutionError : public ConnectError {
  public:
    using ConnectError::ConnectError;
};

class ConnectionRefusedError : public ConnectError {
  public:
    using ConnectError::ConnectError;
};

class TLSError : public ConnectError {
  public:
    using ConnectError::ConnectError;
};

class TLSVerificationError : public TLSError {
  public:
    TLSVerificationError(const std::string& message, std::string reason, std::string host)
        : TLSError(message, std::make_error_code(std::errc::protocol_error)),
          reason(std::move(reason)),
          host(std::move(host)) {}
    std::string reason;  // OpenSSL's: "self-signed certificate", "hostname mismatch"...
    std::string host;
};

class ServerDisconnectedError : public Error {
  public:
    using Error::Error;
};

class ProtocolError : public Error {
  public:
    ProtocolError(const std::string& message, std::size_t offset = 0)
        : Error(message), offset(offset) {}
    std::size_t offset;  // bytes of the response read before the error
};

class IncompleteBodyError : public ProtocolError {
  public:
    IncompleteBodyError(const std::string& message, std::size_t received, std::size_t expected)
        : ProtocolError(message, received), received(received), expected(expected) {}
    std::size_t received;
    std::size_t expected;
};

class ContentDecodingError : public ProtocolError {
  public:
    using ProtocolError::ProtocolError;
};

class LimitError : public ProtocolError {
  public:
    using ProtocolError::ProtocolError;
};

class TooManyRedirects : public Error {
  public:
    TooManyRedirects(const std::string& message, std::vector<std::string> history)
        : Error(message), history(std::move(history)) {}
    std::vector<std::string> history;  // the URLs visited, first to last
};

class TimeoutError : public Error {
  public:
    enum class Phase { connect, tls, headers, body, total };
    TimeoutError(const std::string& message, Phase phase) : Error(message), phase_(phase) {}
    Phase phase() const noexcept { return phase_; }

  private:
    Phase phase_;
};

class HTTPStatusError : public Error {
  public:
    HTTPStatusError(int status, std::string reason, std::string url);
    int status;
    std::string reason;
    std::string url;
};

}  // namespace asyncio::http
