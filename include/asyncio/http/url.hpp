// `asyncio::http::URL`: an absolute http or https URL, parsed once, checked and normalized, so
// that the client can take its parts (the request line's target, the Host header, the pool's
// origin) without parsing again. A URL is a plain value: copyable, comparable (by its
// normalized form), and nothing of the libraries that parse it appears here.
//
// It accepts what users type and browsers accept: surrounding whitespace is trimmed; spaces
// and non-ASCII characters in the path, query and fragment are percent-encoded as UTF-8; the
// scheme and host are case-insensitive; an international host name becomes its IDNA
// (punycode) form; "http:example.com" and a '\' in the path read as browsers read them. The
// normalized form `str()` has a lower-case scheme and host, upper-case percent-escapes with
// unreserved characters decoded, no dot segments ("/a/./b/../c" -> "/a/c"), no default port
// ("http://h:80" -> "http://h/") and never an empty path.
// `URL(u.str()) == u` for every URL `u`.
//
// Whatever is wrong with a URL is an `InvalidURL` saying what and where (its `position` is
// an offset in the text as given): empty, no scheme, a scheme other than http / https, no
// host, a bad port, an unclosed "[", an invalid percent-escape, a control character, a host
// name that IDNA refuses (with libidn2's reason).
//
// `join()` resolves a reference (a redirect's Location) as RFC 3986 §5 does, reading
// "http:g" as browsers do (relative when the scheme is the base's). `with_query()` appends
// parameters, percent-encoding everything but unreserved characters.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "asyncio/http/errors.hpp"

namespace asyncio::http {

class URL {
  public:
    URL() = default;  // empty: valid() is false, every part empty, port() 0
    // An absolute http or https URL; InvalidURL otherwise.
    explicit URL(std::string_view text);

    bool valid() const noexcept { return !str_.empty(); }
    // The normalized, serialized form (with credentials and fragment, if any).
    const std::string& str() const noexcept { return str_; }
    // "http" or "https".
    std::string_view scheme() const noexcept;
    // ASCII and lower case; IDNA names as punycode; an IPv6 address without brackets.
    std::string_view host() const noexcept { return host_; }
    bool host_is_ip() const noexcept { return host_is_ip_; }
    // The port given, or the scheme's default (80, 443).
    std::uint16_t port() const noexcept { return port_; }
    // Whether the URL names a port other than the scheme's default ("http://h:80" does not).
    bool explicit_port() const noexcept { return explicit_port_; }
    // Percent-encoded; "/" at least.
    std::string_view path() const noexcept { return path_; }
    // Percent-encoded, without the '?'; empty when there is none.
    std::string_view query() const noexcept { return query_; }
    // Percent-encoded, without the '#'; empty when there is none.
    std::string_view fragment() const noexcept { return fragment_; }
    // The userinfo's parts, percent-decoded; empty when there are none.
    std::string user() const { return user_; }
    std::string password() const { return password_; }

    // The request line's target: path, then '?' and the query if the URL has one; never the
    // fragment.
    std::string target() const;
    // The Host header: the host ("[v6]" for IPv6), ":port" only when not the default.
    std::string host_header() const;
    // scheme://host[:port], what "same origin" means and what the connection pool keys on.
    std::string origin() const;
    // str() without user and password: what logs, errors and redirect histories show.
    std::string without_credentials() const;

    // RFC 3986 §5 resolution of `reference` (relative or absolute) against this URL; errors
    // are InvalidURL about `reference`, as is a result that is not http or https.
    URL join(std::string_view reference) const;
    // This URL with `params` appended to its query, as key=value pairs joined by '&', each
    // key and value percent-encoded but for unreserved characters (a space is "%20").
    URL with_query(const std::vector<std::pair<std::string, std::string>>& params) const;

    friend bool operator==(const URL& a, const URL& b) noexcept { return a.str_ == b.str_; }

  private:
    std::string str_;
    std::string host_;
    std::string path_;
    std::string query_;
    std::string fragment_;
    std::string user_;
    std::string password_;
    std::uint16_t port_ = 0;
    bool https_ = false;
    bool host_is_ip_ = false;
    bool explicit_port_ = false;
    bool has_query_ = false;  // "http://h/?" keeps its '?' on the request line
    bool has_userinfo_ = false;
};

}  // namespace asyncio::http
