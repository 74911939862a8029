// asyncio::http::URL: what a URL's parts are, how it is normalized, what it refuses and
// where, how references resolve (RFC 3986 §5.4's examples) and how a query is appended.
#include "asyncio/http/url.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace http = asyncio::http;

namespace {

// The InvalidURL that parsing `text` raises (fails the test if there is none).
http::InvalidURL invalid(std::string_view text) {
    try {
        const http::URL url(text);
        ADD_FAILURE() << "'" << text << "' parsed as " << url.str();
    } catch (const http::InvalidURL& error) {
        return error;
    }
    return http::InvalidURL(std::string(text), "no error", 0);
}

// The InvalidURL that joining `reference` to `base` raises.
http::InvalidURL invalid_join(const http::URL& base, std::string_view reference) {
    try {
        const http::URL url = base.join(reference);
        ADD_FAILURE() << "'" << reference << "' joined as " << url.str();
    } catch (const http::InvalidURL& error) {
        return error;
    }
    return http::InvalidURL(std::string(reference), "no error", 0);
}

std::string normalized(std::string_view text) { return http::URL(text).str(); }

}  // namespace

TEST(URL, GivesItsParts) {
    const http::URL url("https://user:p%40ss@Example.COM:8443/a/b?x=1&y=2#frag");
    EXPECT_TRUE(url.valid());
    EXPECT_EQ(url.str(), "https://user:p%40ss@example.com:8443/a/b?x=1&y=2#frag");
    EXPECT_EQ(url.scheme(), "https");
    EXPECT_EQ(url.host(), "example.com");
    EXPECT_FALSE(url.host_is_ip());
    EXPECT_EQ(url.port(), 8443);
    EXPECT_TRUE(url.explicit_port());
    EXPECT_EQ(url.path(), "/a/b");
    EXPECT_EQ(url.query(), "x=1&y=2");
    EXPECT_EQ(url.fragment(), "frag");
    EXPECT_EQ(url.user(), "user");
    EXPECT_EQ(url.password(), "p@ss");
    EXPECT_EQ(url.target(), "/a/b?x=1&y=2");
    EXPECT_EQ(url.host_header(), "example.com:8443");
    EXPECT_EQ(url.origin(), "https://example.com:8443");
    EXPECT_EQ(url.without_credentials(), "https://example.com:8443/a/b?x=1&y=2#frag");
}

TEST(URL, DefaultIsEmpty) {
    const http::URL url;
    EXPECT_FALSE(url.valid());
    EXPECT_EQ(url.str(), "");
    EXPECT_EQ(url.scheme(), "");
    EXPECT_EQ(url.host(), "");
    EXPECT_EQ(url.port(), 0);
    EXPECT_EQ(url.origin(), "");
    EXPECT_EQ(url, http::URL());
}

TEST(URL, TrimsSurroundingWhitespace) {
    EXPECT_EQ(normalized("  \thttp://example.com/x \r\n"), "http://example.com/x");
}

TEST(URL, PercentEncodesSpacesAndNonASCIIAsUTF8) {
    const http::URL url("http://h/a b/\xC3\xA9?q=a b&c=\xC3\xBC#frag ment");
    EXPECT_EQ(url.path(), "/a%20b/%C3%A9");
    EXPECT_EQ(url.query(), "q=a%20b&c=%C3%BC");
    EXPECT_EQ(url.fragment(), "frag%20ment");
    EXPECT_EQ(url.target(), "/a%20b/%C3%A9?q=a%20b&c=%C3%BC");
    EXPECT_EQ(normalized("http://h/{x}|\"y\"<z>^`"), "http://h/%7Bx%7D%7C%22y%22%3Cz%3E%5E%60");
    EXPECT_EQ(normalized("http://h/?a#b#c"), "http://h/?a#b%23c");
}

TEST(URL, NormalizesEscapes) {
    // Upper-case hex; unreserved characters unescaped; reserved ones stay escaped.
    EXPECT_EQ(normalized("http://h/a%2fb%7e%41?x=%3d%3D&y=a%26b#%2f"),
              "http://h/a%2Fb~A?x=%3D%3D&y=a%26b#%2F");
}

TEST(URL, SchemeAndHostAreCaseInsensitive) {
    const http::URL url("HTTP://WWW.Example.COM/Path?Q=A");
    EXPECT_EQ(url.str(), "http://www.example.com/Path?Q=A");
    EXPECT_EQ(url, http::URL("http://www.example.com/Path?Q=A"));
    EXPECT_FALSE(url == http::URL("http://www.example.com/path?Q=A"));
}

TEST(URL, RemovesDotSegments) {
    EXPECT_EQ(http::URL("http://h/a/./b/../c").path(), "/a/c");
    EXPECT_EQ(http::URL("http://h/a/b/.").path(), "/a/b/");
    EXPECT_EQ(http::URL("http://h/a/b/..").path(), "/a/");
    EXPECT_EQ(http::URL("http://h/a/%2e%2E/b").path(), "/b");
    EXPECT_EQ(http::URL("http://h/..").path(), "/");
    EXPECT_EQ(http::URL("http://h/a/../../../x/./y").path(), "/x/y");
    EXPECT_EQ(http::URL("http://h/a/b/../c?d/../e").target(), "/a/c?d/../e");
}

TEST(URL, DropsTheDefaultPort) {
    const http::URL http_url("http://h:80/");
    EXPECT_EQ(http_url.str(), "http://h/");
    EXPECT_EQ(http_url.port(), 80);
    EXPECT_FALSE(http_url.explicit_port());
    EXPECT_EQ(http_url.host_header(), "h");
    EXPECT_EQ(normalized("https://h:0443/x"), "https://h/x");
    EXPECT_EQ(http::URL("https://h/").port(), 443);
    EXPECT_EQ(http::URL("http://h/").port(), 80);
    const http::URL other("http://h:443/");
    EXPECT_EQ(other.str(), "http://h:443/");
    EXPECT_TRUE(other.explicit_port());
    EXPECT_EQ(other.host_header(), "h:443");
    EXPECT_EQ(other.origin(), "http://h:443");
    // An empty port is the default one, as browsers read it.
    EXPECT_EQ(normalized("http://h:/x"), "http://h/x");
}

TEST(URL, EmptyPathIsSlash) {
    EXPECT_EQ(normalized("http://h"), "http://h/");
    EXPECT_EQ(normalized("http://h?x=1"), "http://h/?x=1");
    EXPECT_EQ(normalized("http://h#f"), "http://h/#f");
    EXPECT_EQ(http::URL("http://h").target(), "/");
}

TEST(URL, TargetKeepsAnEmptyQueryAndNeverTheFragment) {
    const http::URL url("http://h/p?#f");
    EXPECT_EQ(url.query(), "");
    EXPECT_EQ(url.target(), "/p?");
    EXPECT_EQ(http::URL("http://h/p#f").target(), "/p");
}

TEST(URL, ReadsSlashesAsBrowsersDo) {
    EXPECT_EQ(normalized("http:example.com"), "http://example.com/");
    EXPECT_EQ(normalized("https:/example.com/x"), "https://example.com/x");
    EXPECT_EQ(normalized("http:\\\\h\\a\\b?c\\d"), "http://h/a/b?c%5Cd");
}

TEST(URL, CredentialsAreDecodedAndHidden) {
    const http::URL url("http://Al%20ice:p%3Ass@ss@h:8080/x?y#z");
    EXPECT_EQ(url.user(), "Al ice");
    EXPECT_EQ(url.password(), "p:ss@ss");
    EXPECT_EQ(url.host(), "h");
    EXPECT_EQ(url.str(), "http://Al%20ice:p%3Ass%40ss@h:8080/x?y#z");
    EXPECT_EQ(url.host_header(), "h:8080");
    EXPECT_EQ(url.origin(), "http://h:8080");
    EXPECT_EQ(url.without_credentials(), "http://h:8080/x?y#z");
    const http::URL user_only("http://bob@h/");
    EXPECT_EQ(user_only.user(), "bob");
    EXPECT_EQ(user_only.password(), "");
    EXPECT_EQ(user_only.without_credentials(), "http://h/");
    EXPECT_EQ(normalized("http://@h/"), "http://h/");
    EXPECT_EQ(normalized("http://bob:@h/"), "http://bob@h/");
    EXPECT_EQ(http::URL("http://h/").without_credentials(), "http://h/");
}

TEST(URL, NormalizedFormParsesToItself) {
    for (const char* text : {"https://user:p%40ss@Example.COM:8443/a/./b?x=%7e#f",
                             "http://b\xC3\xBC"
                             "cher.example/\xC3\xA9",
                             "http://[0:0::1]:80/a b", "http://h/?", "http://h/#", "http:\\\\H"}) {
        const http::URL url(text);
        EXPECT_EQ(http::URL(url.str()), url) << text;
        EXPECT_EQ(http::URL(url.str()).str(), url.str()) << text;
    }
}

TEST(URLHost, InternationalNamesBecomePunycode) {
    const http::URL url(
        "http://b\xC3\xBC"
        "cher.example/");
    EXPECT_EQ(url.host(), "xn--bcher-kva.example");
    EXPECT_EQ(url.str(), "http://xn--bcher-kva.example/");
    EXPECT_EQ(url.host_header(), "xn--bcher-kva.example");
    // Case-insensitive, non-transitional ("ß" stays), and percent-encoded names decode first.
    EXPECT_EQ(http::URL("http://B\xC3\x9C"
                        "CHER.Example/")
                  .host(),
              "xn--bcher-kva.example");
    EXPECT_EQ(http::URL("http://fa\xC3\x9F.de/").host(), "xn--fa-hia.de");
    EXPECT_EQ(http::URL("http://b%C3%BCcher.example/").host(), "xn--bcher-kva.example");
    EXPECT_EQ(http::URL("https://\xE6\x97\xA5\xE6\x9C\xAC.jp:8443/").origin(),
              "https://xn--wgv71a.jp:8443");
    // A symbol IDNA2008 disallows passes the transitional fallback, as with curl.
    EXPECT_EQ(http::URL("http://\xE2\x98\x83.example/").host(), "xn--n3h.example");
}

TEST(URLHost, PercentEncodedASCIIHostIsDecoded) {
    EXPECT_EQ(http::URL("http://%65xample.COM/").host(), "example.com");
}

TEST(URLHost, IPv6LiteralsLoseTheirBrackets) {
    const http::URL url("http://[::1]:8080/x");
    EXPECT_EQ(url.host(), "::1");
    EXPECT_TRUE(url.host_is_ip());
    EXPECT_EQ(url.port(), 8080);
    EXPECT_EQ(url.host_header(), "[::1]:8080");
    EXPECT_EQ(url.origin(), "http://[::1]:8080");
    EXPECT_EQ(url.str(), "http://[::1]:8080/x");
    const http::URL long_form("https://[0:0:0:0:0:0:0:1]/");
    EXPECT_EQ(long_form.host(), "::1");
    EXPECT_EQ(long_form.host_header(), "[::1]");
    EXPECT_EQ(http::URL("http://[FE80::A]/").host(), "fe80::a");
}

TEST(URLHost, IPv4Addresses) {
    const http::URL url("http://127.0.0.1:8000/");
    EXPECT_EQ(url.host(), "127.0.0.1");
    EXPECT_TRUE(url.host_is_ip());
    EXPECT_EQ(url.host_header(), "127.0.0.1:8000");
    EXPECT_FALSE(http::URL("http://example.com/").host_is_ip());
    EXPECT_FALSE(http::URL("http://1.example/").host_is_ip());
}

TEST(URLErrors, EmptyURL) {
    for (const char* text : {"", "   \t"}) {
        const auto error = invalid(text);
        EXPECT_EQ(error.position, 0u);
        EXPECT_EQ(error.url, text);
        EXPECT_NE(std::string(error.what()).find("empty URL"), std::string::npos);
    }
}

TEST(URLErrors, NoSchemeSuggestsOne) {
    const auto error = invalid("example.com/x");
    EXPECT_EQ(error.position, 0u);
    EXPECT_NE(std::string(error.what()).find("no scheme: did you mean 'http://example.com/x'?"),
              std::string::npos);
    const auto host_port = invalid("  localhost:8080/x");
    EXPECT_EQ(host_port.position, 2u);
    EXPECT_EQ(host_port.url, "  localhost:8080/x");
    EXPECT_NE(std::string(host_port.what()).find("did you mean 'http://localhost:8080/x'?"),
              std::string::npos);
    EXPECT_NE(std::string(invalid("//h/x").what()).find("did you mean 'http://h/x'?"),
              std::string::npos);
    EXPECT_NE(std::string(invalid("http//h/x").what()).find("did you mean 'http://h/x'?"),
              std::string::npos);
    EXPECT_NE(std::string(invalid("/a/b?c").what())
                  .find("no scheme: '/a/b?c' is relative (resolve it with join())"),
              std::string::npos);
}

TEST(URLErrors, UnsupportedScheme) {
    const auto error = invalid(" FTP://h/");
    EXPECT_EQ(error.position, 1u);
    EXPECT_NE(std::string(error.what()).find("unsupported scheme 'ftp'"), std::string::npos);
    EXPECT_NE(std::string(invalid("mailto:a@b").what()).find("unsupported scheme 'mailto'"),
              std::string::npos);
}

TEST(URLErrors, MissingHost) {
    for (const auto& [text, position] :
         {std::pair{"http://", 7u}, std::pair{"http:///", 8u}, std::pair{"http://user@/x", 12u},
          std::pair{"http://:80/", 7u}, std::pair{"https://?q", 8u}}) {
        const auto error = invalid(text);
        EXPECT_EQ(error.position, position) << text;
        EXPECT_NE(std::string(error.what()).find("missing host"), std::string::npos) << text;
    }
}

TEST(URLErrors, BadPort) {
    const auto letters = invalid("http://h:abc/");
    EXPECT_EQ(letters.position, 9u);
    EXPECT_NE(std::string(letters.what()).find("invalid port 'abc': not a number"),
              std::string::npos);
    for (const char* text : {"http://h:65536/", "http://h:0/", "http://h:99999999999999999999"}) {
        const auto error = invalid(text);
        EXPECT_EQ(error.position, 9u) << text;
        EXPECT_NE(std::string(error.what()).find("out of range 1-65535"), std::string::npos);
    }
    EXPECT_EQ(invalid("http://[::1]:-1/").position, 13u);
    EXPECT_EQ(invalid("http://h:8080:1/").position, 9u);
}

TEST(URLErrors, IPv6Literals) {
    const auto unclosed = invalid("http://[::1/");
    EXPECT_EQ(unclosed.position, 7u);
    EXPECT_NE(std::string(unclosed.what()).find("unclosed '['"), std::string::npos);
    EXPECT_EQ(invalid("http://[::1").position, 7u);
    const auto bad = invalid("http://[::g]/");
    EXPECT_EQ(bad.position, 8u);
    EXPECT_NE(std::string(bad.what()).find("invalid IPv6 address '::g'"), std::string::npos);
    const auto trailing = invalid("http://[::1]x/");
    EXPECT_EQ(trailing.position, 12u);
    EXPECT_NE(std::string(trailing.what()).find("unexpected 'x' after the IPv6 address"),
              std::string::npos);
}

TEST(URLErrors, InvalidPercentEscape) {
    for (const auto& [text, position] :
         {std::pair{"http://h/a%zzb", 10u}, std::pair{"http://h/a%2", 10u},
          std::pair{"http://h/?q=100%", 15u}, std::pair{"http://h/#%g0", 10u},
          std::pair{"http://%zz/", 7u}, std::pair{"http://u%@h/", 8u}}) {
        const auto error = invalid(text);
        EXPECT_EQ(error.position, position) << text;
        EXPECT_NE(std::string(error.what()).find("invalid percent-escape"), std::string::npos);
    }
    EXPECT_NE(std::string(invalid("http://h/a%zzb").what()).find("'%zz'"), std::string::npos);
}

TEST(URLErrors, ControlCharacters) {
    const auto newline = invalid("http://h/a\nb");
    EXPECT_EQ(newline.position, 10u);
    EXPECT_NE(std::string(newline.what()).find("control character 0x0A"), std::string::npos);
    EXPECT_EQ(invalid("http://h/\x7f").position, 9u);
    EXPECT_EQ(invalid("http://h\t/").position, 8u);
    const auto encoded = invalid("http://h%00.example/");
    EXPECT_EQ(encoded.position, 7u);
    EXPECT_NE(std::string(encoded.what()).find("invalid character 0x00 in host"),
              std::string::npos);
}

TEST(URLErrors, InvalidHostCharacters) {
    const auto space = invalid("http://exa mple.com/");
    EXPECT_EQ(space.position, 10u);
    EXPECT_NE(std::string(space.what()).find("invalid character ' ' in host"), std::string::npos);
    EXPECT_EQ(invalid("http://a<b/").position, 8u);
    const auto ipv4 = invalid("http://1.2.3.256/");
    EXPECT_EQ(ipv4.position, 7u);
    EXPECT_NE(std::string(ipv4.what()).find("invalid IPv4 address '1.2.3.256'"), std::string::npos);
}

TEST(URLErrors, InvalidInternationalNames) {
    // A name starting with a combining mark (U+0301) breaks IDNA2008's rules: idn2 says why.
    const auto combining = invalid("http://\xCC\x81x.example/");
    EXPECT_EQ(combining.position, 7u);
    EXPECT_NE(std::string(combining.what()).find("invalid international host name"),
              std::string::npos);
    EXPECT_NE(std::string(combining.what()).find("leading combining"), std::string::npos);
    const auto not_utf8 = invalid("http://a%FFb.example/");
    EXPECT_EQ(not_utf8.position, 7u);
    EXPECT_NE(std::string(not_utf8.what()).find("invalid international host name"),
              std::string::npos);
}

// RFC 3986 §5.4: every example, against its base.
class URLJoin : public ::testing::Test {
  protected:
    const http::URL base{"http://a/b/c/d;p?q"};
    std::string join(std::string_view reference) const { return base.join(reference).str(); }
};

TEST_F(URLJoin, NormalExamples) {
    for (const auto& [reference, expected] : {
             std::pair{"g", "http://a/b/c/g"},
             std::pair{"./g", "http://a/b/c/g"},
             std::pair{"g/", "http://a/b/c/g/"},
             std::pair{"/g", "http://a/g"},
             std::pair{"//g", "http://g/"},
             std::pair{"?y", "http://a/b/c/d;p?y"},
             std::pair{"g?y", "http://a/b/c/g?y"},
             std::pair{"#s", "http://a/b/c/d;p?q#s"},
             std::pair{"g#s", "http://a/b/c/g#s"},
             std::pair{"g?y#s", "http://a/b/c/g?y#s"},
             std::pair{";x", "http://a/b/c/;x"},
             std::pair{"g;x", "http://a/b/c/g;x"},
             std::pair{"g;x?y#s", "http://a/b/c/g;x?y#s"},
             std::pair{"", "http://a/b/c/d;p?q"},
             std::pair{".", "http://a/b/c/"},
             std::pair{"./", "http://a/b/c/"},
             std::pair{"..", "http://a/b/"},
             std::pair{"../", "http://a/b/"},
             std::pair{"../g", "http://a/b/g"},
             std::pair{"../..", "http://a/"},
             std::pair{"../../", "http://a/"},
             std::pair{"../../g", "http://a/g"},
         }) {
        EXPECT_EQ(join(reference), expected) << reference;
    }
    // "g:h" is the URL "g:h", whose scheme the client does not speak.
    const auto error = invalid_join(base, "g:h");
    EXPECT_EQ(error.position, 0u);
    EXPECT_NE(std::string(error.what()).find("unsupported scheme 'g'"), std::string::npos);
}

TEST_F(URLJoin, AbnormalExamples) {
    for (const auto& [reference, expected] : {
             std::pair{"../../../g", "http://a/g"},
             std::pair{"../../../../g", "http://a/g"},
             std::pair{"/./g", "http://a/g"},
             std::pair{"/../g", "http://a/g"},
             std::pair{"g.", "http://a/b/c/g."},
             std::pair{".g", "http://a/b/c/.g"},
             std::pair{"g..", "http://a/b/c/g.."},
             std::pair{"..g", "http://a/b/c/..g"},
             std::pair{"./../g", "http://a/b/g"},
             std::pair{"./g/.", "http://a/b/c/g/"},
             std::pair{"g/./h", "http://a/b/c/g/h"},
             std::pair{"g/../h", "http://a/b/c/h"},
             std::pair{"g;x=1/./y", "http://a/b/c/g;x=1/y"},
             std::pair{"g;x=1/../y", "http://a/b/c/y"},
             std::pair{"g?y/./x", "http://a/b/c/g?y/./x"},
             std::pair{"g?y/../x", "http://a/b/c/g?y/../x"},
             std::pair{"g#s/./x", "http://a/b/c/g#s/./x"},
             std::pair{"g#s/../x", "http://a/b/c/g#s/../x"},
             // The backward-compatible reading, which browsers share.
             std::pair{"http:g", "http://a/b/c/g"},
         }) {
        EXPECT_EQ(join(reference), expected) << reference;
    }
}

TEST_F(URLJoin, AbsoluteAndNetworkPathReferences) {
    EXPECT_EQ(join("https://Other.example:8443/x"), "https://other.example:8443/x");
    EXPECT_EQ(join("HTTP://other/y"), "http://other/y");
    EXPECT_EQ(join("//other:8080/y/../z"), "http://other:8080/z");
    EXPECT_EQ(join("//b\xC3\xBC"
                   "cher.example"),
              "http://xn--bcher-kva.example/");
    EXPECT_EQ(join("http:/g"), "http://a/g");
    EXPECT_EQ(http::URL("https://h/a").join("//other/x").str(), "https://other/x");
}

TEST_F(URLJoin, KeepsReservedEscapes) {
    // "x%2Fy" is one segment, "%3D" and "%26" are not '=' and '&'.
    EXPECT_EQ(join("x%2Fy/../z%3d?a%26b=%3D"), "http://a/b/c/z%3D?a%26b=%3D");
    EXPECT_EQ(join("%2e%2E/g"), "http://a/b/g");
    EXPECT_EQ(join("..%2Fg"), "http://a/b/c/..%2Fg");
}

TEST_F(URLJoin, EncodesWhatBrowsersEncode) {
    EXPECT_EQ(join("  /a b/\xC3\xA9?q=\xC3\xBC \n"), "http://a/a%20b/%C3%A9?q=%C3%BC");
    EXPECT_EQ(join("\\x\\y"), "http://a/x/y");
    EXPECT_EQ(join("1:x"), "http://a/b/c/1:x");
}

TEST_F(URLJoin, DropsTheBaseFragmentAndKeepsCredentialsOnlyOnTheSameAuthority) {
    const http::URL with_fragment("http://u:p@h/a/b#frag");
    EXPECT_EQ(with_fragment.join("c").str(), "http://u:p@h/a/c");
    EXPECT_EQ(with_fragment.join("//other/").str(), "http://other/");
}

TEST_F(URLJoin, Errors) {
    const auto escape = invalid_join(base, "  /a%zz");
    EXPECT_EQ(escape.url, "  /a%zz");
    EXPECT_EQ(escape.position, 4u);
    EXPECT_NE(std::string(escape.what()).find("invalid percent-escape '%zz'"), std::string::npos);
    const auto scheme = invalid_join(base, "ftp://h/");
    EXPECT_EQ(scheme.position, 0u);
    EXPECT_NE(std::string(scheme.what()).find("unsupported scheme 'ftp'"), std::string::npos);
    const auto host = invalid_join(base, "//");
    EXPECT_EQ(host.position, 2u);
    EXPECT_NE(std::string(host.what()).find("missing host"), std::string::npos);
    EXPECT_EQ(invalid_join(base, "http://h:x/").position, 9u);
    EXPECT_EQ(invalid_join(base, "http:g\tx").position, 6u);
    EXPECT_EQ(invalid_join(base, "//h:0/").position, 4u);
}

TEST_F(URLJoin, EmptyBaseTakesAnAbsoluteReference) {
    EXPECT_EQ(http::URL().join("HTTP://h").str(), "http://h/");
    EXPECT_EQ(invalid_join(http::URL(), "/x").position, 0u);
}

TEST(URLQuery, AppendsParameters) {
    EXPECT_EQ(http::URL("http://h/p").with_query({{"a", "1"}, {"b", "2"}}).str(),
              "http://h/p?a=1&b=2");
    EXPECT_EQ(http::URL("http://h/p?x=1#frag").with_query({{"y", "2"}}).str(),
              "http://h/p?x=1&y=2#frag");
    EXPECT_EQ(http::URL("http://h/p?x=1").with_query({}).str(), "http://h/p?x=1");
    EXPECT_EQ(http::URL("http://h/p?").with_query({}).str(), "http://h/p?");
    EXPECT_EQ(http::URL("http://h/p").with_query({{"empty", ""}}).target(), "/p?empty=");
    EXPECT_EQ(http::URL("http://h/p?#f").with_query({{"a", "1"}}).str(), "http://h/p?a=1#f");
}

TEST(URLQuery, EncodesReservedCharacters) {
    const http::URL url =
        http::URL("http://h/").with_query({{"k y", "a&b=c d+e/f?#%\xC3\xA9"}, {"x~-._", "="}});
    EXPECT_EQ(url.query(), "k%20y=a%26b%3Dc%20d%2Be%2Ff%3F%23%25%C3%A9&x~-._=%3D");
}

// URLs already in canonical form take a fast path (no Boost.URL); a leading blank sends the
// same text through the full parse. Both must agree on every part, for URLs on either side
// of the fast path's rules.
TEST(URL, TheFastPathAgreesWithTheFullParse) {
    const std::vector<std::string> urls = {
        "http://127.0.0.1:8080/f1",
        "https://example.com/",
        "http://example.com/a/b?x=1&y=2",
        "http://example.com/a?",
        "http://a-b.example.org:1/",
        "https://h:65535/p;q=1/r:s@t!$&'()*+,;=",
        "http://10.0.0.256/",
        "http://1.2.3/",
        "http://01.2.3.4/",
        "http://1.2.3.4.5/",
        "http://999/",
        "http://h:80/",
        "https://h:443/x",
        "http://h:0/",
        "http://h:08/",
        "http://h:65536/",
        "http://h/a/./b",
        "http://h/a/../b",
        "http://h/..",
        "http://h/%7e",
        "http://h/a%2fb",
        "http://h/#frag",
        "http://H/",
        "http://h",
        "http://u:p@h/",
        "http://[::1]/",
        "http://h/a b",
        "http://h/\\x",
        "http://h./",
        "http://.h/",
        "http://a..b/",
        "http://h/?q=a/b?c",
        "http://h/ü",
        "http://h/x?y=ü",
        "HTTP://h/",
        "http://xn--bcher-kva.example/",
    };
    for (const std::string& text : urls) {
        std::optional<http::URL> fast;
        std::optional<http::URL> full;
        std::string fast_error = "none";
        std::string full_error = "none";
        try {
            fast.emplace(text);
        } catch (const asyncio::http::InvalidURL& error) {
            fast_error = error.what();
        }
        try {
            full.emplace(" " + text);
        } catch (const asyncio::http::InvalidURL& error) {
            full_error = error.what();
        }
        EXPECT_EQ(fast.has_value(), full.has_value())
            << text << ": " << fast_error << " / " << full_error;
        if (!fast || !full) continue;
        EXPECT_EQ(fast->str(), full->str()) << text;
        EXPECT_EQ(fast->scheme(), full->scheme()) << text;
        EXPECT_EQ(fast->host(), full->host()) << text;
        EXPECT_EQ(fast->host_is_ip(), full->host_is_ip()) << text;
        EXPECT_EQ(fast->port(), full->port()) << text;
        EXPECT_EQ(fast->explicit_port(), full->explicit_port()) << text;
        EXPECT_EQ(fast->path(), full->path()) << text;
        EXPECT_EQ(fast->query(), full->query()) << text;
        EXPECT_EQ(fast->fragment(), full->fragment()) << text;
        EXPECT_EQ(fast->target(), full->target()) << text;
        EXPECT_EQ(fast->host_header(), full->host_header()) << text;
        EXPECT_EQ(fast->user(), full->user()) << text;
        EXPECT_EQ(fast->without_credentials(), full->without_credentials()) << text;
    }
}
