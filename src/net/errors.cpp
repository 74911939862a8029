#include "asyncio/net/errors.hpp"

#include <netdb.h>

#include <cerrno>

namespace asyncio {

void raise_os_error(int errno_value, const std::string& what) {
    const std::error_code code(errno_value, std::system_category());
    switch (errno_value) {
        case ECONNRESET:
            throw ConnectionResetError(code, what);
        case ECONNREFUSED:
            throw ConnectionRefusedError(code, what);
        case ECONNABORTED:
            throw ConnectionAbortedError(code, what);
        case EPIPE:
        case ESHUTDOWN:
            throw BrokenPipeError(code, what);
        case ENOENT:
            throw FileNotFoundError(code, what);
        case EACCES:
        case EPERM:
            throw PermissionError(code, what);
        default:
            throw OSError(code, what);
    }
}

namespace {

class GaiCategory final : public std::error_category {
  public:
    const char* name() const noexcept override { return "getaddrinfo"; }
    std::string message(int code) const override { return ::gai_strerror(code); }
};

const GaiCategory gai_category;

}  // namespace

GaiError::GaiError(int eai_code, const std::string& host)
    : OSError(std::error_code(eai_code, gai_category),
              "getaddrinfo('" + host + "'): " + ::gai_strerror(eai_code), std::in_place) {}

IncompleteReadError::IncompleteReadError(std::string partial, std::optional<std::size_t> expected)
    : Error(std::to_string(partial.size()) + " bytes read on a total of " +
            (expected ? std::to_string(*expected) : std::string("undefined")) + " expected bytes"),
      partial(std::move(partial)),
      expected(expected) {}

SSLCertVerificationError::SSLCertVerificationError(const std::string& reason,
                                                   const std::string& host)
    : SSLError("certificate verify failed: " + reason +
               (host.empty() ? std::string() : " (for host '" + host + "')")),
      reason(reason) {}

}  // namespace asyncio
