#include "conformance.hpp"

#include <cxxabi.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <typeinfo>

namespace conformance {
namespace {

asyncio::Clock::time_point start_time;

// The dynamic type's name without namespaces: the library's errors carry Python's names.
std::string type_name(const std::type_info& type) {
    int status = 0;
    std::unique_ptr<char, decltype(&std::free)> demangled(
        abi::__cxa_demangle(type.name(), nullptr, nullptr, &status), &std::free);
    std::string name = status == 0 && demangled ? demangled.get() : type.name();
    const auto colons = name.rfind("::");
    return colons == std::string::npos ? name : name.substr(colons + 2);
}

// The library gives a few errors their type's name as the message where Python's is empty
// (TimeoutError(), CancelledError()): the trace shows the empty one.
std::string message_of(const std::string& type, std::string_view what) {
    return what == type ? std::string() : std::string(what);
}

std::string type_and_message(const std::string& type, const std::string& message) {
    return message.empty() ? type : type + ": " + message;
}

}  // namespace

std::string repr(std::string_view text) {
    const bool single =
        text.find('\'') == std::string_view::npos || text.find('"') != std::string_view::npos;
    const char quote = single ? '\'' : '"';
    std::string out(1, quote);
    for (const char c : text) {
        if (c == '\\' || c == quote) out += '\\';
        if (c == '\n' || c == '\r' || c == '\t') {  // Python's escapes
            out += c == '\n' ? "\\n" : c == '\r' ? "\\r" : "\\t";
            continue;
        }
        out += c;
    }
    return out + quote;
}

void trace_line(const std::vector<std::string>& parts) {
    std::string line;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) line += ' ';
        line += parts[i];
    }
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fflush(stdout);
}

std::string elapsed() {
    const auto seconds =
        std::chrono::duration<double>(asyncio::get_running_loop().time() - start_time).count();
    char text[32];
    std::snprintf(text, sizeof text, "%.3f", seconds);
    return text;
}

std::string deadline(std::optional<asyncio::Clock::time_point> when) {
    if (!when) return "None";
    const auto seconds = std::chrono::duration<double>(*when - start_time).count();
    char text[32];
    std::snprintf(text, sizeof text, "%.3f", seconds);
    return text;
}

std::string kind(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const asyncio::CancelledError&) {
        return "CancelledError";
    } catch (const std::exception& e) {
        return type_name(typeid(e));
    } catch (...) {
        return "unknown exception";
    }
}

std::string describe(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const asyncio::CancelledError& e) {
        return type_and_message("CancelledError", e.message());
    } catch (const asyncio::ExceptionGroup& group) {
        std::string inner;
        for (const std::exception_ptr& sub : group.exceptions()) {
            if (!inner.empty()) inner += ", ";
            inner += describe(sub);
        }
        return type_name(typeid(group)) + ": " + group.message() + " [" + inner + "]";
    } catch (const std::exception& e) {
        const std::string type = type_name(typeid(e));
        return type_and_message(type, message_of(type, e.what()));
    } catch (...) {
        return "unknown exception";
    }
}

void detail::set_start(asyncio::Clock::time_point start) noexcept { start_time = start; }

}  // namespace conformance
