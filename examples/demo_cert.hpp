// A throwaway TLS certificate for the networking examples' `--demo` runs, so that they need
// no files and no `openssl` command: a self-signed certificate for "localhost" and
// 127.0.0.1 with a fresh P-256 key, made with OpenSSL's API and written to a private
// temporary directory, which is removed when the object goes.
//
// Outside a demo, make one with the openssl command instead:
//
//   openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30
//       -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1
//       -keyout key.pem -out cert.pem                                  (all on one line)
//
// A client trusts such a certificate by loading it as its CA (`--cafile cert.pem`): a
// self-signed certificate is its own issuer.
#pragma once

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <system_error>

namespace demo {

class ThrowawayCert {
  public:
    ThrowawayCert() {
        std::string pattern = (std::filesystem::temp_directory_path() / "asyncio-demo-XXXXXX");
        if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
        dir_ = pattern;  // mode 0700: only we can read the key
        certfile_ = (dir_ / "cert.pem").string();
        keyfile_ = (dir_ / "key.pem").string();
        try {
            make(certfile_, keyfile_);
        } catch (...) {
            remove();
            throw;
        }
    }
    ~ThrowawayCert() { remove(); }
    ThrowawayCert(const ThrowawayCert&) = delete;
    ThrowawayCert& operator=(const ThrowawayCert&) = delete;

    const std::string& certfile() const noexcept { return certfile_; }
    const std::string& keyfile() const noexcept { return keyfile_; }

  private:
    static void check(bool ok, const char* what) {
        if (!ok) throw std::runtime_error(std::string("making the demo certificate: ") + what);
    }

    static void make(const std::string& certfile, const std::string& keyfile) {
        std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"),
                                                                &EVP_PKEY_free);
        check(key != nullptr, "EVP_EC_gen");
        std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), &X509_free);
        check(cert != nullptr, "X509_new");
        X509* x = cert.get();
        check(X509_set_version(x, X509_VERSION_3) == 1, "X509_set_version");
        check(ASN1_INTEGER_set(X509_get_serialNumber(x), 1) == 1, "serial number");
        // Valid from a minute ago (clocks differ a little) for a day.
        check(X509_gmtime_adj(X509_getm_notBefore(x), -60) != nullptr, "notBefore");
        check(X509_gmtime_adj(X509_getm_notAfter(x), 24 * 60 * 60) != nullptr, "notAfter");
        check(X509_set_pubkey(x, key.get()) == 1, "X509_set_pubkey");
        X509_NAME* name = X509_get_subject_name(x);
        const auto* cn = reinterpret_cast<const unsigned char*>("localhost");
        check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, cn, -1, -1, 0) == 1, "CN");
        check(X509_set_issuer_name(x, name) == 1, "issuer");  // self-signed
        // Clients check the host they connected to against the subjectAltName.
        X509V3_CTX ctx;
        X509V3_set_ctx_nodb(&ctx);
        X509V3_set_ctx(&ctx, x, x, nullptr, nullptr, 0);
        for (const auto& [nid, value] :
             {std::pair{NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1"},
              std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
            X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
            check(ext != nullptr, "X509V3_EXT_conf_nid");
            const int added = X509_add_ext(x, ext, -1);
            X509_EXTENSION_free(ext);
            check(added == 1, "X509_add_ext");
        }
        check(X509_sign(x, key.get(), EVP_sha256()) > 0, "X509_sign");

        write(certfile, [&](std::FILE* f) { return PEM_write_X509(f, x); });
        write(keyfile, [&](std::FILE* f) {
            return PEM_write_PrivateKey(f, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
        });
    }

    template <class Fn>
    static void write(const std::string& path, Fn fn) {
        std::FILE* f = std::fopen(path.c_str(), "w");
        check(f != nullptr, "fopen");
        const bool ok = fn(f) == 1;
        check(std::fclose(f) == 0 && ok, "PEM_write");
    }

    void remove() noexcept {
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }

    std::filesystem::path dir_;
    std::string certfile_;
    std::string keyfile_;
};

}  // namespace demo
