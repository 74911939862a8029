// `SSLContext`: TLS settings shared by many connections (Python's `ssl.SSLContext`), on
// OpenSSL 3.
//
// `SSLContext::create_default_context()` is what a client wants: TLS 1.2 or newer, the
// peer's certificate verified against the system's CA store, and its name checked against
// the host connected to (sent as SNI too). `load_verify_locations(cafile)` trusts another CA;
// `check_hostname` and `verify_mode` loosen the checks for tests. A server context is made
// with `SSLContext(Protocol::tls_server)` and `load_cert_chain(certfile, keyfile)`.
// A context is a shared handle: copies refer to the same settings. `SSLContextRef` is how
// an options struct names one (see streams.hpp for why it does not hold a copy).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

using SSL_CTX = struct ssl_ctx_st;

namespace asyncio {

class SSLContext {
  public:
    enum class Protocol { tls_client, tls_server };
    enum class VerifyMode { cert_none, cert_optional, cert_required };

    // Client: verify_mode cert_required, check_hostname on, no CA loaded (the default
    // context loads the system's). Server: cert_none, check_hostname off.
    explicit SSLContext(Protocol protocol);
    static SSLContext create_default_context();

    void load_cert_chain(const std::string& certfile, const std::string& keyfile = {});
    void load_verify_locations(const std::string& cafile);
    void load_default_certs();
    void set_verify_mode(VerifyMode mode);
    VerifyMode verify_mode() const noexcept { return state_->verify_mode; }
    void set_check_hostname(bool on) noexcept { state_->check_hostname = on; }
    bool check_hostname() const noexcept { return state_->check_hostname; }
    // Protocols offered by ALPN, most wanted first ("h2", "http/1.1").
    void set_alpn_protocols(const std::vector<std::string>& protocols);
    bool is_server() const noexcept { return state_->server; }

    SSL_CTX* native_handle() const noexcept { return state_->ctx.get(); }

  private:
    struct State {
        std::unique_ptr<SSL_CTX, void (*)(SSL_CTX*)> ctx;
        bool server;
        bool check_hostname;
        VerifyMode verify_mode;
        std::string alpn;  // a server's ALPN protocols, length-prefixed, most wanted first
    };
    std::shared_ptr<State> state_;
};

// A reference to an SSLContext, or none: the `ssl` field of the option structs. It is
// trivially destructible so that an options struct written inline in a `co_await` is safe
// with g++ 12 (see streams.hpp); the call that takes the options copies the context (a
// shared handle) before it returns. It refers to a named context only: a temporary one
// would be gone before an options struct kept in a variable is used.
class SSLContextRef {
  public:
    SSLContextRef() noexcept = default;
    template <class C>
    requires std::is_same_v<std::remove_cvref_t<C>, SSLContext> SSLContextRef(C&& context)
    noexcept : context_(&context) {
        static_assert(std::is_lvalue_reference_v<C>,
                      "an options struct refers to its SSLContext: name the context first "
                      "(auto ctx = asyncio::SSLContext::create_default_context(); "
                      "... {.ssl = ctx})");
    }

    explicit operator bool() const noexcept { return context_ != nullptr; }
    const SSLContext& operator*() const noexcept { return *context_; }
    const SSLContext* operator->() const noexcept { return context_; }
    // A copy of the context (a shared handle), or none.
    std::optional<SSLContext> copy() const {
        if (!context_) return std::nullopt;
        return *context_;
    }

  private:
    const SSLContext* context_ = nullptr;
};
static_assert(std::is_trivially_destructible_v<SSLContextRef>);

}  // namespace asyncio
