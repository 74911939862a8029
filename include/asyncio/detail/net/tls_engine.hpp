// The TLS state machine of one connection, on OpenSSL memory BIOs: it never touches the
// socket. The transport feeds it the ciphertext it reads and sends the ciphertext it
// produces (`take_output`), so TLS runs over our own non-blocking I/O and write queue.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "asyncio/net/ssl_context.hpp"

using SSL = struct ssl_st;
using BIO = struct bio_st;

namespace asyncio::detail {

// OpenSSL's newest queued error, as text for a message; clears the queue.
std::string openssl_reason();

class TlsEngine {
  public:
    // `server_hostname` is checked against the peer's certificate (when the context says so)
    // and sent as SNI. SSLError when the settings cannot be applied.
    TlsEngine(const SSLContext& context, bool server_side, const std::string& server_hostname);
    ~TlsEngine();
    TlsEngine(const TlsEngine&) = delete;
    TlsEngine& operator=(const TlsEngine&) = delete;

    // Advances the handshake: true when it is complete, false when more ciphertext from the
    // peer is needed. SSLCertVerificationError / SSLError when it failed.
    bool handshake();
    // Plaintext received: the byte count; 0 when more ciphertext is needed; -1 when the peer
    // closed the TLS session (close_notify). SSLError on a protocol error.
    long read(std::span<char> into);
    // Ciphertext from the peer.
    void feed(std::span<const char> ciphertext);
    void write(std::string_view plaintext);
    // Sends close_notify (taken out by take_output).
    void shutdown() noexcept;
    // Ciphertext to send to the peer; empty when there is none.
    std::string take_output();

    std::string version() const;       // "TLSv1.3"
    std::string cipher() const;        // "TLS_AES_256_GCM_SHA384"
    std::string peer_subject() const;  // the peer certificate's subject, or empty
    std::string alpn_protocol() const;

  private:
    [[noreturn]] void raise_handshake_error(int result);

    SSL* ssl_;
    BIO* incoming_;  // ciphertext from the peer, read by OpenSSL
    BIO* outgoing_;  // ciphertext OpenSSL wrote, for the peer
    std::string host_;
};

}  // namespace asyncio::detail
