#include "log.hpp"

#include <cstdio>

namespace chat {
namespace {

constexpr std::string_view kNames[] = {"debug", "info", "warning", "error", "quiet"};

}  // namespace

std::optional<LogLevel> parse_log_level(std::string_view name) {
    for (std::size_t i = 0; i < std::size(kNames); ++i) {
        if (kNames[i] == name) return static_cast<LogLevel>(i);
    }
    return std::nullopt;
}

void Log::write(LogLevel level, std::string_view text) const {
    if (!enabled(level)) return;
    const std::string_view name = kNames[static_cast<std::size_t>(level)];
    // One fprintf per line, so that lines from several processes sharing stderr stay whole.
    std::fprintf(stderr, "asyncio-chat: %.*s: %.*s\n", static_cast<int>(name.size()), name.data(),
                 static_cast<int>(text.size()), text.data());
}

}  // namespace chat
