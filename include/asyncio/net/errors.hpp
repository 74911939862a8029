// The errors of the network layer, with Python's names.
//
// `OSError` carries the system's error code (`code()`, a std::error_code) and says which
// operation failed on what ("connect to 127.0.0.1:80: Connection refused"). The connection
// errors are the subclasses Python raises for the same errno values, so a caller can catch
// `ConnectionError` for "the peer went away" without looking at numbers. Stream errors
// (`IncompleteReadError`, `LimitOverrunError`) and TLS errors (`SSLError`,
// `SSLCertVerificationError`) say exactly what was expected, what arrived, which check
// failed and for which host.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <system_error>
#include <utility>

#include "asyncio/core/errors.hpp"

namespace asyncio {

class OSError : public Error {
  public:
    OSError(std::error_code code, const std::string& what)
        : Error(what + ": " + code.message()), code_(code) {}
    // With a message of one's own, not the code's text (TLS, name resolution, several).
    OSError(std::error_code code, const std::string& message, std::in_place_t)
        : Error(message), code_(code) {}
    const std::error_code& code() const noexcept { return code_; }

  private:
    std::error_code code_;
};

class ConnectionError : public OSError {
  public:
    using OSError::OSError;
};
class ConnectionResetError : public ConnectionError {
  public:
    using ConnectionError::ConnectionError;
};
class ConnectionRefusedError : public ConnectionError {
  public:
    using ConnectionError::ConnectionError;
};
class ConnectionAbortedError : public ConnectionError {
  public:
    using ConnectionError::ConnectionError;
};
class BrokenPipeError : public ConnectionError {
  public:
    using ConnectionError::ConnectionError;
};

// ENOENT: a file or a program that is not there (Python's FileNotFoundError).
class FileNotFoundError : public OSError {
  public:
    using OSError::OSError;
};

// EACCES, EPERM (Python's PermissionError).
class PermissionError : public OSError {
  public:
    using OSError::OSError;
};

// Throws the OSError subclass Python would raise for `errno_value`, for `what`.
[[noreturn]] void raise_os_error(int errno_value, const std::string& what);

// Name resolution failed (Python's socket.gaierror); `code()` holds the EAI_* value in
// the "getaddrinfo" category.
class GaiError : public OSError {
  public:
    GaiError(int eai_code, const std::string& host);
};

// `readexactly(n)` or `readuntil()` met the end of the stream first. `partial` holds the
// bytes read (they are taken off the stream); `expected` is n, or nullopt for readuntil.
class IncompleteReadError : public Error {
  public:
    IncompleteReadError(std::string partial, std::optional<std::size_t> expected);
    std::string partial;
    std::optional<std::size_t> expected;
};

// A line (or the data before a separator) would exceed the reader's limit. `consumed` is
// how many bytes are to be consumed (Python's name). A ValueError too, since that is what
// Python's readline() raises for it.
class LimitOverrunError : public ValueError {
  public:
    LimitOverrunError(const std::string& message, std::size_t consumed)
        : ValueError(message), consumed(consumed) {}
    std::size_t consumed;
};

// A TLS failure: a handshake that failed, a protocol error, bad certificate or key files.
// The message holds OpenSSL's reason.
class SSLError : public OSError {
  public:
    explicit SSLError(const std::string& message)
        : OSError(std::make_error_code(std::errc::protocol_error), message, std::in_place) {}
};

// The peer's certificate did not pass verification; says which check failed, for which host
// ("certificate verify failed: self-signed certificate (for host 'example.com')").
class SSLCertVerificationError : public SSLError {
  public:
    SSLCertVerificationError(const std::string& reason, const std::string& host);
    std::string reason;
};

}  // namespace asyncio
