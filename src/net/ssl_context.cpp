#include "asyncio/net/ssl_context.hpp"

#include <openssl/ssl.h>

#include "asyncio/detail/net/tls_engine.hpp"
#include "asyncio/net/errors.hpp"

namespace asyncio {
namespace {

[[noreturn]] void fail(const std::string& what) {
    throw SSLError(what + ": " + detail::openssl_reason());
}

// A server's ALPN choice: the first of its protocols that the client offers.
int select_alpn(SSL*, const unsigned char** out, unsigned char* out_size, const unsigned char* in,
                unsigned in_size, void* arg) {
    const auto* wire = static_cast<const std::string*>(arg);
    unsigned char* selected = nullptr;
    if (SSL_select_next_proto(
            &selected, out_size, reinterpret_cast<const unsigned char*>(wire->data()),
            static_cast<unsigned>(wire->size()), in, in_size) != OPENSSL_NPN_NEGOTIATED) {
        return SSL_TLSEXT_ERR_NOACK;
    }
    *out = selected;
    return SSL_TLSEXT_ERR_OK;
}

}  // namespace

SSLContext::SSLContext(Protocol protocol) {
    const bool server = protocol == Protocol::tls_server;
    SSL_CTX* ctx = SSL_CTX_new(server ? TLS_server_method() : TLS_client_method());
    if (!ctx) fail("SSL_CTX_new");
    state_ =
        std::make_shared<State>(State{{ctx, &SSL_CTX_free},
                                      server,
                                      !server,
                                      server ? VerifyMode::cert_none : VerifyMode::cert_required,
                                      {}});
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    // Memory BIOs take every byte: a write never needs to be retried with the same buffer.
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    set_verify_mode(state_->verify_mode);
}

SSLContext SSLContext::create_default_context() {
    SSLContext context(Protocol::tls_client);
    context.load_default_certs();
    return context;
}

void SSLContext::load_cert_chain(const std::string& certfile, const std::string& keyfile) {
    SSL_CTX* ctx = native_handle();
    const std::string& key = keyfile.empty() ? certfile : keyfile;
    if (SSL_CTX_use_certificate_chain_file(ctx, certfile.c_str()) != 1) {
        fail("cannot load certificate chain '" + certfile + "'");
    }
    if (SSL_CTX_use_PrivateKey_file(ctx, key.c_str(), SSL_FILETYPE_PEM) != 1) {
        fail("cannot load private key '" + key + "'");
    }
    if (SSL_CTX_check_private_key(ctx) != 1) fail("private key does not match '" + certfile + "'");
}

void SSLContext::load_verify_locations(const std::string& cafile) {
    if (SSL_CTX_load_verify_locations(native_handle(), cafile.c_str(), nullptr) != 1) {
        fail("cannot load CA file '" + cafile + "'");
    }
}

void SSLContext::load_default_certs() {
    if (SSL_CTX_set_default_verify_paths(native_handle()) != 1) fail("cannot load the system CAs");
}

void SSLContext::set_verify_mode(VerifyMode mode) {
    int flags = SSL_VERIFY_NONE;
    if (mode == VerifyMode::cert_optional) flags = SSL_VERIFY_PEER;
    if (mode == VerifyMode::cert_required) {
        flags = SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
    }
    SSL_CTX_set_verify(native_handle(), flags, nullptr);
    state_->verify_mode = mode;
}

void SSLContext::set_alpn_protocols(const std::vector<std::string>& protocols) {
    std::string wire;  // length-prefixed names
    for (const std::string& name : protocols) {
        if (name.empty() || name.size() > 255) throw ValueError("bad ALPN protocol name");
        wire += static_cast<char>(name.size());
        wire += name;
    }
    if (state_->server) {  // the server chooses, from the client's offer
        state_->alpn = std::move(wire);
        SSL_CTX_set_alpn_select_cb(native_handle(), select_alpn, &state_->alpn);
        return;
    }
    if (SSL_CTX_set_alpn_protos(native_handle(),
                                reinterpret_cast<const unsigned char*>(wire.data()),
                                static_cast<unsigned>(wire.size())) != 0) {
        fail("SSL_CTX_set_alpn_protos");
    }
}

}  // namespace asyncio
