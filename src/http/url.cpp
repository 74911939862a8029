// Parsing a URL: a scan of our own over the text as given finds the scheme, the authority
// and the rest, fixes what browsers fix (surrounding whitespace, spaces and non-ASCII
// characters, "http:example.com", an international or percent-encoded host, the case of
// scheme and host) and refuses what cannot be fixed, with the offset of the problem (Boost.URL's
// errors carry none). It builds the normalized string (RFC 3986 §6.2.2), which Boost.URL then
// parses to hand out the parts. libidn2 turns international host names into ASCII.
//
// Boost.URL 1.81's normalize() and resolve() decode reserved escapes ("a%2Fb" -> "a/b",
// "a%26b" -> "a&b", which changes what the URL means) and keep ".." segments above the root
// ("/../g"): escapes, dot segments and reference resolution (§5.2) are therefore done here.
#include "asyncio/http/url.hpp"

#include <idn2.h>

#include <boost/url.hpp>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

namespace asyncio::http {
namespace {

namespace urls = boost::urls;
namespace grammar = boost::urls::grammar;

constexpr auto npos = std::string_view::npos;

// What a path may hold unescaped: pchar and '/'; a query or fragment also '?'.
constexpr grammar::lut_chars path_chars = urls::pchars + '/';
constexpr grammar::lut_chars query_chars = path_chars + '?';
// A user name stops at ':', a password does not; a host is a reg-name (RFC 3986 §3.2).
constexpr grammar::lut_chars user_chars = urls::unreserved_chars + urls::sub_delim_chars;
constexpr grammar::lut_chars password_chars = user_chars + ':';
constexpr grammar::lut_chars host_chars = user_chars;
constexpr grammar::lut_chars any_char = ~grammar::lut_chars("");

// Where errors point: an offset in the scanned text plus `shift` is an offset in `original`,
// the text the caller gave (the scanned text is it without surrounding whitespace).
struct Source {
    std::string_view original;
    std::size_t shift = 0;

    [[noreturn]] void fail(const std::string& reason, std::size_t at) const {
        throw InvalidURL(std::string(original), reason, shift + at);
    }
};

bool is_slash(char c) { return c == '/' || c == '\\'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_control(char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7f;
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

// "'x'" for a printable character, "0x0A" for the others: what an error message shows.
std::string describe(char c) {
    static constexpr char digits[] = "0123456789ABCDEF";
    const auto byte = static_cast<unsigned char>(c);
    if (is_control(c) || byte >= 0x80) return {'0', 'x', digits[byte >> 4], digits[byte & 15]};
    return {'\'', c, '\''};
}

// Browsers trim C0 controls and spaces around a URL (WHATWG URL: "leading and trailing C0
// control or space"); `offset` is where what remains starts.
std::string_view trim(std::string_view text, std::size_t& offset) {
    std::size_t begin = 0;
    std::size_t end = text.size();
    while (begin < end && static_cast<unsigned char>(text[begin]) <= 0x20) ++begin;
    while (end > begin && static_cast<unsigned char>(text[end - 1]) <= 0x20) --end;
    offset = begin;
    return text.substr(begin, end - begin);
}

void check_controls(std::string_view text, const Source& src) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (is_control(text[i])) src.fail("control character " + describe(text[i]), i);
    }
}

// Whether `word` is a scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) (RFC 3986 §3.1).
bool is_scheme(std::string_view word) {
    if (word.empty() || !is_alpha(word[0])) return false;
    for (const char c : word) {
        if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.') return false;
    }
    return true;
}

// The ':' ending the scheme the text starts with, or npos.
std::size_t scheme_end(std::string_view text) {
    const std::size_t colon = text.find(':');
    return colon != npos && is_scheme(text.substr(0, colon)) ? colon : npos;
}

int hex_value(char c) {
    if (is_digit(c)) return c - '0';
    return (c | 0x20) - 'a' + 10;
}

// Appends text[begin, end) with every byte `allowed` refuses percent-encoded (spaces,
// non-ASCII bytes of UTF-8, '"', '<', '{'...), and the escapes already there normalized
// (RFC 3986 §6.2.2): upper-case hex, unreserved characters unescaped ("%7e" -> "~"), reserved
// ones kept escaped ("%2f" -> "%2F", which is not a '/'). With `backslash_is_slash`, a '\' is
// a '/', as browsers read http and https paths.
void append_encoded(std::string& out, std::string_view text, std::size_t begin, std::size_t end,
                    const grammar::lut_chars& allowed, const Source& src,
                    bool backslash_is_slash = false) {
    static constexpr char digits[] = "0123456789ABCDEF";
    for (std::size_t i = begin; i < end; ++i) {
        const char c = backslash_is_slash && text[i] == '\\' ? '/' : text[i];
        if (c == '%') {
            if (i + 2 >= end || !is_hex(text[i + 1]) || !is_hex(text[i + 2])) {
                src.fail("invalid percent-escape '" + std::string(text.substr(i, 3)) +
                             "' (a '%' must be followed by two hex digits; '%25' is '%')",
                         i);
            }
            const int byte = hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]);
            if (urls::unreserved_chars(static_cast<char>(byte))) {
                out += static_cast<char>(byte);
            } else {
                out += {'%', digits[byte >> 4], digits[byte & 15]};
            }
            i += 2;
        } else if (allowed(c)) {
            out += c;
        } else {
            const auto byte = static_cast<unsigned char>(c);
            out += {'%', digits[byte >> 4], digits[byte & 15]};
        }
    }
}

// A reference's path, query and fragment, encoded; `query` and `fragment` include their '?'
// and '#' (empty: none).
struct Reference {
    std::string path;
    std::string query;
    std::string fragment;
};

Reference encoded_reference(std::string_view text, std::size_t begin, const Source& src) {
    const std::size_t fragment = std::min(text.find('#', begin), text.size());
    const std::size_t query = std::min(text.find('?', begin), fragment);
    Reference out;
    append_encoded(out.path, text, begin, query, path_chars, src, true);
    if (query < fragment) {
        out.query.push_back('?');  // not = "?": g++ 12 -O3 warns (-Wrestrict) when inlined
        append_encoded(out.query, text, query + 1, fragment, query_chars, src);
    }
    if (fragment < text.size()) {
        out.fragment.push_back('#');
        append_encoded(out.fragment, text, fragment + 1, text.size(), query_chars, src);
    }
    return out;
}

// RFC 3986 §5.2.4 (Boost.URL 1.81's own decodes "%2F" and keeps ".." above the root).
std::string remove_dot_segments(std::string_view path) {
    std::string out;
    const auto drop_last_segment = [&out] { out.erase(std::min(out.rfind('/'), out.size())); };
    while (!path.empty()) {
        if (path.starts_with("../")) {
            path.remove_prefix(3);
        } else if (path.starts_with("./") || path.starts_with("/./")) {
            path.remove_prefix(2);
        } else if (path == "/.") {
            path = "/";
        } else if (path.starts_with("/../")) {
            path.remove_prefix(3);
            drop_last_segment();
        } else if (path == "/..") {
            path = "/";
            drop_last_segment();
        } else if (path == "." || path == "..") {
            path = {};
        } else {
            const std::size_t next = std::min(path.find('/', 1), path.size());
            out += path.substr(0, next);
            path.remove_prefix(next);
        }
    }
    return out;
}

// The ASCII form of an international host name: IDNA2008 with UTS #46 non-transitional
// processing, falling back to transitional as curl does ("faß.de" -> "xn--fa-hia.de").
std::string idna_to_ascii(const std::string& name, std::size_t at, const Source& src) {
    char* ascii = nullptr;
    int rc = idn2_to_ascii_8z(name.c_str(), &ascii, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
    if (rc != IDN2_OK && idn2_to_ascii_8z(name.c_str(), &ascii, IDN2_TRANSITIONAL) == IDN2_OK) {
        rc = IDN2_OK;
    }
    if (rc != IDN2_OK) {
        src.fail("invalid international host name '" + name + "': " + idn2_strerror(rc), at);
    }
    const std::unique_ptr<char, decltype(&idn2_free)> owner(ascii, &idn2_free);
    return lower(ascii);
}

// Whether the last label is a number: the host is then meant as an IPv4 address (as browsers
// read "1.2.3.256", which is no name either).
bool ends_in_number(std::string_view host) {
    if (!host.empty() && host.back() == '.') host.remove_suffix(1);
    const std::size_t dot = host.rfind('.');
    const std::string_view last = dot == npos ? host : host.substr(dot + 1);
    if (last.empty()) return false;
    for (const char c : last) {
        if (!is_digit(c)) return false;
    }
    return true;
}

// A reg-name or IPv4 host, text[begin, end): percent-decoded, IDNA-encoded when not ASCII,
// lower case. Positions inside a percent-encoded host are the host's start.
std::string scan_host(std::string_view text, std::size_t begin, std::size_t end,
                      const Source& src) {
    if (begin == end) src.fail("missing host", begin);
    std::string host;
    append_encoded(host, text, begin, end, any_char, src);  // only checks the escapes
    host = urls::make_pct_string_view(host).value().decode();
    const bool decoded = host.size() != end - begin;
    bool ascii = true;
    for (std::size_t i = 0; i < host.size(); ++i) {
        if (is_control(host[i]) || host[i] == ' ') {
            src.fail("invalid character " + describe(host[i]) + " in host",
                     decoded ? begin : begin + i);
        }
        ascii = ascii && static_cast<unsigned char>(host[i]) < 0x80;
    }
    host = ascii ? lower(host) : idna_to_ascii(host, begin, src);
    for (std::size_t i = 0; i < host.size(); ++i) {
        if (!host_chars(host[i])) {
            src.fail("invalid character " + describe(host[i]) + " in host",
                     decoded || !ascii ? begin : begin + i);
        }
    }
    if (!urls::parse_ipv4_address(host) && ends_in_number(host)) {
        src.fail("invalid IPv4 address '" + host + "'", begin);
    }
    return host;
}

// The port in text[begin, end), appended unless it is empty or the scheme's default.
void append_port(std::string& out, std::string_view text, std::size_t begin, std::size_t end,
                 std::uint16_t default_port, const Source& src) {
    const std::string_view digits = text.substr(begin, end - begin);
    for (const char c : digits) {
        if (!is_digit(c))
            src.fail("invalid port '" + std::string(digits) + "': not a number", begin);
    }
    const std::size_t first = std::min(digits.find_first_not_of('0'), digits.size());
    const std::string_view significant = digits.substr(first);
    const unsigned long value =
        significant.size() > 5 ? 0 : std::stoul("0" + std::string(significant));
    if (!digits.empty() && (value == 0 || value > 65535)) {
        src.fail("port " + std::string(digits) + " out of range 1-65535", begin);
    }
    if (!digits.empty() && value != default_port) out += ":" + std::to_string(value);
}

// "[v6]" and its port, at text[begin] == '['.
void append_ipv6_host_port(std::string& out, std::string_view text, std::size_t begin,
                           std::size_t end, std::uint16_t default_port, const Source& src) {
    const std::size_t close = text.find(']', begin);
    if (close == npos || close >= end)
        src.fail("unclosed '[' (an IPv6 address ends with ']')", begin);
    const std::string_view literal = text.substr(begin + 1, close - begin - 1);
    const auto address = urls::parse_ipv6_address(literal);
    if (!address) src.fail("invalid IPv6 address '" + std::string(literal) + "'", begin + 1);
    out.append("[")
        .append(address->to_string())
        .append("]");  // not "[" + ...: g++ 12 -O3 -Wrestrict
    if (close + 1 == end) return;
    if (text[close + 1] != ':') {
        src.fail("unexpected " + describe(text[close + 1]) + " after the IPv6 address", close + 1);
    }
    append_port(out, text, close + 2, end, default_port, src);
}

// user[:password]@ from text[begin, at), left out when both are empty.
void append_userinfo(std::string& out, std::string_view text, std::size_t begin, std::size_t at,
                     const Source& src) {
    const std::size_t colon = std::min(text.find(':', begin), at);
    std::string user;
    std::string password;
    append_encoded(user, text, begin, colon, user_chars, src);
    if (colon < at) append_encoded(password, text, colon + 1, at, password_chars, src);
    if (user.empty() && password.empty()) return;
    out += user;
    if (!password.empty()) out += ":" + password;
    out += '@';
}

// [userinfo@]host[:port] from text[begin, end).
void append_authority(std::string& out, std::string_view text, std::size_t begin, std::size_t end,
                      std::uint16_t default_port, const Source& src) {
    // The last '@' ends the userinfo, as browsers read "http://u:p@ss@host".
    const std::size_t at = text.substr(0, end).rfind('@');
    if (at != npos && at >= begin) {
        append_userinfo(out, text, begin, at, src);
        begin = at + 1;
    }
    if (begin == end) src.fail("missing host", begin);
    if (text[begin] == '[') return append_ipv6_host_port(out, text, begin, end, default_port, src);
    const std::size_t colon = std::min(text.find(':', begin), end);
    out += scan_host(text, begin, colon, src);
    if (colon < end) append_port(out, text, colon + 1, end, default_port, src);
}

// The canonical URL from what follows "scheme:" at text[begin]. Browsers take any number of
// '/' or '\' there ("http:example.com", "http:\\example.com").
std::string canonical_after_scheme(std::string_view text, std::size_t begin,
                                   std::string_view scheme, const Source& src) {
    while (begin < text.size() && is_slash(text[begin])) ++begin;
    const std::size_t end = std::min(text.find_first_of("/\\?#", begin), text.size());
    std::string out(scheme);
    out.append("://");
    append_authority(out, text, begin, end, scheme == "https" ? 443 : 80, src);
    const Reference rest = encoded_reference(text, end, src);
    out.append(rest.path.empty() ? "/" : remove_dot_segments(rest.path));
    out.append(rest.query).append(rest.fragment);
    return out;
}

// What a URL without a scheme may have meant: a relative reference, "http//h" (no ':') or a
// bare host.
std::string no_scheme_hint(std::string_view text) {
    if (!text.starts_with("//") &&
        (text[0] == '/' || text[0] == '?' || text[0] == '#' || text[0] == '.')) {
        return "no scheme: '" + std::string(text) + "' is relative (resolve it with join())";
    }
    const std::size_t slashes = text.find("//");
    const std::string word = slashes == npos ? std::string() : lower(text.substr(0, slashes));
    const bool missing_colon = word == "http" || word == "https";
    std::string suggestion = "http://" + std::string(text);
    if (text.starts_with("//")) suggestion = "http:" + std::string(text);
    if (missing_colon)
        suggestion = std::string(text.substr(0, slashes)) + ":" + std::string(text.substr(slashes));
    return "no scheme: did you mean '" + suggestion + "'?";
}

// The canonical URL from trimmed text that is not empty.
std::string canonical_form(std::string_view text, const Source& src) {
    check_controls(text, src);
    const std::size_t colon = scheme_end(text);
    const std::string scheme = colon == npos ? std::string() : lower(text.substr(0, colon));
    const bool supported = scheme == "http" || scheme == "https";
    // "localhost:8080/x" is a host and a port, not the scheme "localhost".
    const bool port_after = colon + 1 < text.size() && is_digit(text[colon + 1]);
    if (colon == npos || (!supported && port_after)) src.fail(no_scheme_hint(text), 0);
    if (!supported) src.fail("unsupported scheme '" + scheme + "' (only http and https)", 0);
    return canonical_after_scheme(text, colon + 1, scheme, src);
}

// The canonical string as Boost.URL reads it.
urls::url parsed(const std::string& canonical, const Source& src) {
    auto result = urls::parse_uri(canonical);
    // The scan lets nothing through that RFC 3986 refuses; were it wrong, say so.
    if (!result) src.fail(result.error().message() + " in '" + canonical + "'", 0);
    return *result;
}

// The common case, read in one pass without Boost.URL: a URL already in the canonical form
// the full parse would give (what a program builds, a server sends, a list holds):
// "http" or "https", "://", a lower-case host name or dotted-quad IPv4 address, an optional
// port that is not the default, a path starting with '/' and an optional query, all of them
// of characters that stay as they are (no '%', no '\\', no '#', no dot segment). Anything
// else takes the full parse: this only saves its time, it never decides differently (a test
// compares the two on many URLs).
struct SimpleURL {
    bool https;
    std::string_view host;
    std::uint16_t port;
    bool explicit_port;
    bool host_is_ip;
    std::string_view path;
    std::optional<std::string_view> query;
};

bool simple_host(std::string_view host, bool& is_ip) {
    if (host.empty() || host.front() == '.' || host.back() == '.' || host.find("..") != npos)
        return false;
    bool digits_and_dots = true;
    for (const char c : host) {
        if (!((c >= 'a' && c <= 'z') || is_digit(c) || c == '-' || c == '.')) return false;
        digits_and_dots = digits_and_dots && (is_digit(c) || c == '.');
    }
    is_ip = false;
    if (ends_in_number(host)) {  // an IPv4 address, or an error: only 4 plain octets here
        int octets = 0;
        for (std::string_view rest = host; !rest.empty(); ++octets) {
            const std::size_t dot = std::min(rest.find('.'), rest.size());
            const std::string_view octet = rest.substr(0, dot);
            if (!digits_and_dots || octet.empty() || octet.size() > 3 ||
                (octet.size() > 1 && octet[0] == '0'))
                return false;
            int value = 0;
            for (const char c : octet) value = value * 10 + (c - '0');
            if (value > 255) return false;
            rest.remove_prefix(std::min(dot + 1, rest.size()));
        }
        if (octets != 4) return false;
        is_ip = true;
    }
    return true;
}

bool simple_path_or_query(std::string_view text, const grammar::lut_chars& allowed) {
    for (const char c : text)
        if (c == '%' || c == '\\' || !allowed(c)) return false;
    return true;
}

bool has_dot_segment(std::string_view path) {
    for (std::size_t at = 0; at < path.size();) {
        const std::size_t end = std::min(path.find('/', at + 1), path.size());
        const std::string_view segment = path.substr(at + 1, end - at - 1);
        if (segment == "." || segment == "..") return true;
        at = end;
    }
    return false;
}

std::optional<SimpleURL> simple_url(std::string_view text) {
    SimpleURL url{};
    if (text.starts_with("http://")) {
        text.remove_prefix(7);
    } else if (text.starts_with("https://")) {
        url.https = true;
        text.remove_prefix(8);
    } else {
        return std::nullopt;
    }
    const std::size_t slash = text.find('/');
    if (slash == npos) return std::nullopt;  // no path: the full parse adds "/"
    std::string_view authority = text.substr(0, slash);
    const std::size_t colon = authority.find(':');
    url.port = url.https ? 443 : 80;
    if (colon != npos) {
        const std::string_view digits = authority.substr(colon + 1);
        if (digits.empty() || digits.size() > 5 || digits[0] == '0') return std::nullopt;
        unsigned value = 0;
        for (const char c : digits) {
            if (!is_digit(c)) return std::nullopt;
            value = value * 10 + static_cast<unsigned>(c - '0');
        }
        if (value > 65535 || value == url.port) return std::nullopt;
        url.port = static_cast<std::uint16_t>(value);
        url.explicit_port = true;
        authority = authority.substr(0, colon);
    }
    if (!simple_host(authority, url.host_is_ip)) return std::nullopt;
    url.host = authority;
    const std::string_view rest = text.substr(slash);
    const std::size_t question = rest.find('?');
    url.path = rest.substr(0, question);
    if (!simple_path_or_query(url.path, path_chars) || has_dot_segment(url.path))
        return std::nullopt;
    if (question != npos) {
        url.query = rest.substr(question + 1);
        if (!simple_path_or_query(*url.query, query_chars)) return std::nullopt;
    }
    return url;
}

}  // namespace

URL::URL(std::string_view text) {
    if (const std::optional<SimpleURL> simple = simple_url(text)) {
        str_ = text;
        https_ = simple->https;
        host_ = simple->host;
        host_is_ip_ = simple->host_is_ip;
        port_ = simple->port;
        explicit_port_ = simple->explicit_port;
        path_ = simple->path;
        has_query_ = simple->query.has_value();
        if (simple->query) query_ = *simple->query;
        return;
    }
    std::size_t offset = 0;
    const std::string_view trimmed = trim(text, offset);
    if (trimmed.empty()) throw InvalidURL(std::string(text), "empty URL", 0);
    const Source src{text, offset};
    const urls::url u = parsed(canonical_form(trimmed, src), src);
    https_ = u.scheme_id() == urls::scheme::https;
    host_is_ip_ = u.host_type() == urls::host_type::ipv4 || u.host_type() == urls::host_type::ipv6;
    host_ = u.host_type() == urls::host_type::ipv6 ? u.host_ipv6_address().to_string()
                                                   : std::string(u.encoded_host());
    explicit_port_ = u.has_port();
    port_ = explicit_port_ ? u.port_number() : (https_ ? 443 : 80);
    path_ = u.encoded_path();
    has_query_ = u.has_query();
    query_ = u.encoded_query();
    fragment_ = u.encoded_fragment();
    user_ = u.user();
    password_ = u.password();
    has_userinfo_ = u.has_userinfo();
    str_ = u.buffer();
}

std::string_view URL::scheme() const noexcept {
    if (!valid()) return {};
    return https_ ? "https" : "http";
}

// Built with append(), not "literal" + string: g++ 12 at -O3 reports a false -Wrestrict for
// that once inlined.
std::string URL::target() const {
    if (!has_query_) return path_;
    std::string out = path_;
    out.push_back('?');
    return out.append(query_);
}

std::string URL::host_header() const {
    std::string out;
    if (host_.find(':') == std::string::npos) {
        out = host_;
    } else {
        out.push_back('[');
        out.append(host_).push_back(']');
    }
    if (explicit_port_) out.append(":").append(std::to_string(port_));
    return out;
}

std::string URL::origin() const {
    if (!valid()) return {};
    std::string out(scheme());
    return out.append("://").append(host_header());
}

std::string URL::without_credentials() const {
    if (!has_userinfo_) return str_;
    urls::url u = urls::parse_uri(str_).value();
    u.remove_userinfo();
    return std::string(u.buffer());
}

URL URL::join(std::string_view reference) const {
    if (!valid()) return URL(reference);
    std::size_t offset = 0;
    std::string_view text = trim(reference, offset);
    Source src{reference, offset};
    check_controls(text, src);
    const std::size_t colon = scheme_end(text);
    if (colon != npos) {
        // "http:g" against an http base is relative, as browsers read it (RFC 3986 §5.4.2
        // allows it "for backward compatibility"); any other scheme makes it absolute.
        const bool same_scheme = lower(text.substr(0, colon)) == scheme();
        if (!same_scheme || text.substr(colon + 1).starts_with("//")) return URL(reference);
        text.remove_prefix(colon + 1);
        src.shift += colon + 1;
    }
    if (text.size() >= 2 && is_slash(text[0]) && is_slash(text[1])) {
        return URL(canonical_after_scheme(text, 0, scheme(), src));  // "//host/path"
    }
    // RFC 3986 §5.2.2, for a reference without scheme or authority. Boost.URL 1.81's
    // resolve() would decode reserved escapes ("a%2Fb" -> "a/b") and keep "/../" segments.
    const Reference ref = encoded_reference(text, 0, src);
    std::string path;
    if (ref.path.empty()) {
        path = path_;
    } else if (ref.path.front() == '/') {
        path = ref.path;
    } else {
        path = path_.substr(0, path_.rfind('/') + 1) + ref.path;
    }
    std::string query = ref.query;
    if (ref.path.empty() && query.empty() && has_query_) query = "?" + query_;
    // What precedes the path: scheme://authority (no '/' in the canonical authority).
    const std::string authority = str_.substr(0, str_.find('/', scheme().size() + 3));
    return URL(authority + remove_dot_segments(path) + query + ref.fragment);
}

URL URL::with_query(const std::vector<std::pair<std::string, std::string>>& params) const {
    if (!valid()) return URL(str_);
    urls::url u = urls::parse_uri(str_).value();
    if (query_.empty() && !params.empty()) u.remove_query();  // not "?&key=value"
    for (const auto& [key, value] : params) {
        // Only unreserved characters stay as they are: '&', '=', '+', '#' and '%' in a key or
        // a value must not read as separators, spaces or escapes.
        u.encoded_params().append({urls::encode(key, urls::unreserved_chars),
                                   urls::encode(value, urls::unreserved_chars)});
    }
    return URL(u.buffer());
}

}  // namespace asyncio::http
