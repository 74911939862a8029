// The response parser's way into Headers: fields llhttp has checked already go in without
// being checked again (a response's head is parsed on every request: the checks were a fifth
// of the client's time per request).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include "asyncio/core/errors.hpp"
#include "asyncio/http/headers.hpp"

namespace asyncio::http::detail {

struct HeadersAccess {
    static void reserve(Headers& headers, std::size_t n) { headers.fields_.reserve(n); }
    // A field whose value llhttp checked (no CR, LF, NUL or other controls); trailing blanks
    // are dropped (llhttp drops the leading ones). The name is checked here (llhttp lets a
    // space through): ValueError if it is no token.
    static void append_checked(Headers& headers, std::string_view name, std::string_view value) {
        if (!is_token(name)) throw ValueError("invalid header name '" + std::string(name) + "'");
        while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
            value.remove_suffix(1);
        headers.fields_.push_back(Headers::Field{std::string(name), std::string(value)});
    }
};

}  // namespace asyncio::http::detail
