// Which proxy a request goes through when the client trusts the environment: curl's and
// Python's rules for HTTP_PROXY / HTTPS_PROXY / NO_PROXY.
#pragma once
#include <string>
#include <string_view>
#include "asyncio/http/url.hpp"

namespace asyncio::http::detail {

// The proxy for `url` named by the environment: HTTPS_PROXY for https, HTTP_PROXY for http
// (the lower-case names first, as curl reads them; HTTP_PROXY in upper case is ignored when
// REQUEST_METHOD is set, since a CGI program gets it from a request header: "httpoxy"), or
// empty when there is none or NO_PROXY covers the host.
std::string proxy_from_environment(const URL& url);

// Whether a NO_PROXY list covers the URL's host: "*" covers every host; an entry covers
// that host and its subdomains (a leading dot is optional); ":port" after an entry limits it
// to that port; IP addresses compare whole.
bool no_proxy_covers(std::string_view no_proxy, const URL& url);

// A proxy setting as a URL: "host:port" means http://host:port.
URL proxy_url(std::string_view setting);

}  // namespace asyncio::http::detail
