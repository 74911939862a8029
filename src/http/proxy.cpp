#include "asyncio/detail/http/proxy.hpp"

#include <cstdlib>

#include "asyncio/http/headers.hpp"

namespace asyncio::http::detail {
namespace {

std::string_view env(const char* name) {
    const char* value = std::getenv(name);
    return value ? std::string_view(value) : std::string_view();
}

std::string_view trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

bool covers(std::string_view entry, const URL& url) {
    if (entry == "*") return true;
    std::string_view host = entry;
    // "[::1]:8080", "example.com:443", "::1"
    std::string_view port;
    if (host.starts_with('[')) {
        const auto close = host.find(']');
        if (close == std::string_view::npos) return false;
        if (host.size() > close + 1 && host[close + 1] == ':') port = host.substr(close + 2);
        host = host.substr(1, close - 1);
    } else if (host.find(':') == host.rfind(':') && host.find(':') != std::string_view::npos) {
        port = host.substr(host.find(':') + 1);
        host = host.substr(0, host.find(':'));
    }
    if (!port.empty() && port != std::to_string(url.port())) return false;
    if (host.starts_with('.')) host.remove_prefix(1);
    if (host.starts_with("*.")) host.remove_prefix(2);
    const std::string_view target = url.host();
    if (iequals(target, host)) return true;
    if (url.host_is_ip() || target.size() <= host.size()) return false;
    return target[target.size() - host.size() - 1] == '.' &&
           iequals(target.substr(target.size() - host.size()), host);
}

}  // namespace

bool no_proxy_covers(std::string_view no_proxy, const URL& url) {
    while (!no_proxy.empty()) {
        const auto comma = no_proxy.find(',');
        const std::string_view entry = trim(no_proxy.substr(0, comma));
        if (!entry.empty() && covers(entry, url)) return true;
        if (comma == std::string_view::npos) break;
        no_proxy.remove_prefix(comma + 1);
    }
    return false;
}

std::string proxy_from_environment(const URL& url) {
    std::string_view no_proxy = env("no_proxy");
    if (no_proxy.empty()) no_proxy = env("NO_PROXY");
    if (no_proxy_covers(no_proxy, url)) return {};
    std::string_view proxy;
    if (url.scheme() == "https") {
        proxy = env("https_proxy");
        if (proxy.empty()) proxy = env("HTTPS_PROXY");
    } else {
        proxy = env("http_proxy");
        if (proxy.empty() && env("REQUEST_METHOD").empty()) proxy = env("HTTP_PROXY");
    }
    return std::string(trim(proxy));
}

URL proxy_url(std::string_view setting) {
    if (setting.find("://") == std::string_view::npos) return URL("http://" + std::string(setting));
    return URL(setting);
}

}  // namespace asyncio::http::detail
