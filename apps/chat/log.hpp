// The chat server's log: one line per event on stderr, `asyncio-chat: <level>: <text>`,
// written only at or above the chosen level (`--log-level`). Connects and disconnects are
// `info`; slow consumers and refused clients `warning`.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace chat {

enum class LogLevel { debug, info, warning, error, quiet };

// "debug", "info", "warning", "error", "quiet"; empty for anything else.
std::optional<LogLevel> parse_log_level(std::string_view name);

class Log {
  public:
    explicit Log(LogLevel level = LogLevel::info) noexcept : level_(level) {}
    bool enabled(LogLevel level) const noexcept {
        return level >= level_ && level_ != LogLevel::quiet;
    }
    void write(LogLevel level, std::string_view text) const;
    void info(std::string_view text) const { write(LogLevel::info, text); }
    void warning(std::string_view text) const { write(LogLevel::warning, text); }

  private:
    LogLevel level_;
};

}  // namespace chat
