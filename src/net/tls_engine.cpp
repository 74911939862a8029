#include "asyncio/detail/net/tls_engine.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <cstring>
#include <memory>

#include "asyncio/net/address.hpp"
#include "asyncio/net/errors.hpp"

namespace asyncio::detail {
std::string openssl_reason() {
    // The newest entry says what failed; a system error further down says why (a missing
    // file is "No such file or directory", not "system lib").
    unsigned long code = 0;
    unsigned long system = 0;
    for (unsigned long next; (next = ERR_get_error()) != 0;) {
        if (!system && ERR_GET_LIB(next) == ERR_LIB_SYS) system = next;
        code = next;
    }
    if (system) return std::strerror(ERR_GET_REASON(system));
    if (code == 0) return "unknown error";
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    return text;
}

TlsEngine::TlsEngine(const SSLContext& context, bool server_side,
                     const std::string& server_hostname)
    : ssl_(SSL_new(context.native_handle())), host_(server_hostname) {
    if (!ssl_) throw SSLError("SSL_new: " + openssl_reason());
    incoming_ = BIO_new(BIO_s_mem());
    outgoing_ = BIO_new(BIO_s_mem());
    if (!incoming_ || !outgoing_) {
        BIO_free(incoming_);
        BIO_free(outgoing_);
        SSL_free(ssl_);
        throw SSLError("BIO_new: " + openssl_reason());
    }
    BIO_set_mem_eof_return(incoming_, -1);    // an empty BIO means "more to come"
    SSL_set_bio(ssl_, incoming_, outgoing_);  // the SSL owns both now
    if (server_side) {
        SSL_set_accept_state(ssl_);
        return;
    }
    SSL_set_connect_state(ssl_);
    if (context.check_hostname() && server_hostname.empty()) {
        SSL_free(ssl_);
        throw ValueError("check_hostname requires server_hostname");
    }
    const bool numeric = SocketAddress::is_numeric_host(server_hostname);
    if (!server_hostname.empty() && !numeric) {
        SSL_set_tlsext_host_name(ssl_, server_hostname.c_str());  // SNI
    }
    if (context.check_hostname()) {
        X509_VERIFY_PARAM* param = SSL_get0_param(ssl_);
        const int ok = numeric ? X509_VERIFY_PARAM_set1_ip_asc(param, server_hostname.c_str())
                               : X509_VERIFY_PARAM_set1_host(param, server_hostname.c_str(), 0);
        if (ok != 1) {
            SSL_free(ssl_);
            throw SSLError("cannot check host name '" + server_hostname + "'");
        }
    }
}

TlsEngine::~TlsEngine() { SSL_free(ssl_); }

bool TlsEngine::handshake() {
    ERR_clear_error();
    const int result = SSL_do_handshake(ssl_);
    if (result == 1) return true;
    if (SSL_get_error(ssl_, result) == SSL_ERROR_WANT_READ) return false;
    raise_handshake_error(result);
}

void TlsEngine::raise_handshake_error(int result) {
    // Only when the certificate check is what failed: with verification off a failed result
    // is recorded too, and the handshake can fail for another reason (the peer's alert).
    const unsigned long last = ERR_peek_last_error();
    const long verify = SSL_get_verify_result(ssl_);
    if (verify != X509_V_OK && ERR_GET_LIB(last) == ERR_LIB_SSL &&
        ERR_GET_REASON(last) == SSL_R_CERTIFICATE_VERIFY_FAILED) {
        ERR_clear_error();
        throw SSLCertVerificationError(X509_verify_cert_error_string(verify), host_);
    }
    const int error = SSL_get_error(ssl_, result);
    if (error == SSL_ERROR_SYSCALL || error == SSL_ERROR_ZERO_RETURN) {
        throw SSLError("TLS handshake" + (host_.empty() ? "" : " with '" + host_ + "'") +
                       " failed: the peer closed the connection");
    }
    throw SSLError("TLS handshake" + (host_.empty() ? "" : " with '" + host_ + "'") +
                   " failed: " + openssl_reason());
}

long TlsEngine::read(std::span<char> into) {
    ERR_clear_error();
    std::size_t n = 0;
    if (SSL_read_ex(ssl_, into.data(), into.size(), &n) == 1) return static_cast<long>(n);
    switch (SSL_get_error(ssl_, 0)) {
        case SSL_ERROR_WANT_READ:
            return 0;
        case SSL_ERROR_ZERO_RETURN:
            return -1;
        default:
            throw SSLError("TLS read failed: " + openssl_reason());
    }
}

void TlsEngine::feed(std::span<const char> ciphertext) {
    if (BIO_write(incoming_, ciphertext.data(), static_cast<int>(ciphertext.size())) !=
        static_cast<int>(ciphertext.size())) {
        throw SSLError("BIO_write: " + openssl_reason());
    }
}

void TlsEngine::write(std::string_view plaintext) {
    ERR_clear_error();
    while (!plaintext.empty()) {
        std::size_t n = 0;
        if (SSL_write_ex(ssl_, plaintext.data(), plaintext.size(), &n) != 1) {
            throw SSLError("TLS write failed: " + openssl_reason());
        }
        plaintext.remove_prefix(n);
    }
}

void TlsEngine::shutdown() noexcept {
    ERR_clear_error();
    if (SSL_is_init_finished(ssl_)) SSL_shutdown(ssl_);
    ERR_clear_error();
}

std::string TlsEngine::take_output() {
    const std::size_t pending = BIO_ctrl_pending(outgoing_);
    if (pending == 0) return {};
    std::string bytes(pending, '\0');
    BIO_read(outgoing_, bytes.data(), static_cast<int>(pending));
    return bytes;
}

std::string TlsEngine::version() const { return SSL_get_version(ssl_); }

std::string TlsEngine::cipher() const {
    const char* name = SSL_get_cipher_name(ssl_);
    return name ? name : "";
}

std::string TlsEngine::peer_subject() const {
    X509* peer = SSL_get1_peer_certificate(ssl_);
    if (!peer) return {};
    std::unique_ptr<X509, decltype(&X509_free)> owner(peer, &X509_free);
    char text[512];
    X509_NAME_oneline(X509_get_subject_name(peer), text, sizeof text);
    return text;
}

std::string TlsEngine::alpn_protocol() const {
    const unsigned char* name = nullptr;
    unsigned size = 0;
    SSL_get0_alpn_selected(ssl_, &name, &size);
    return std::string(reinterpret_cast<const char*>(name), name ? size : 0);
}

}  // namespace asyncio::detail
