#include "report.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace fetch {

namespace {
// The text, or null when empty.
nlohmann::ordered_json text_or_null(const std::string& text) {
    return text.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(text);
}
}  // namespace

std::string json_line(const Outcome& outcome) {
    nlohmann::ordered_json line;
    line["url"] = outcome.url;
    line["final_url"] = text_or_null(outcome.final_url);
    line["status"] = outcome.status ? nlohmann::ordered_json(*outcome.status) : nullptr;
    line["bytes"] = outcome.bytes;
    line["ms"] = outcome.elapsed.count();
    line["error"] = text_or_null(outcome.error);
    line["attempts"] = outcome.attempts;
    line["file"] = text_or_null(outcome.file);
    // Invalid UTF-8 (a URL or an error message quoting bytes) is replaced, not a failure.
    return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string plain_line(const Outcome& outcome) {
    std::string line = outcome.status ? std::to_string(*outcome.status) + " " : "";
    if (!outcome.error.empty()) return line + "error " + outcome.url + ": " + outcome.error;
    line += format_bytes(static_cast<double>(outcome.bytes)) + " " +
            std::to_string(outcome.elapsed.count()) + " ms " + outcome.url;
    if (!outcome.file.empty()) line += " -> " + outcome.file;
    return line;
}

std::string format_bytes(double bytes) {
    static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int unit = 0;
    while (bytes >= 1024 && unit < 4) {
        bytes /= 1024;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", bytes, kUnits[unit]);
    return text;
}

std::string format_eta(std::chrono::seconds left) {
    const long long total = std::max<long long>(0, left.count());
    char text[32];
    if (total >= 3600) {
        std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", total / 3600, total / 60 % 60,
                      total % 60);
    } else {
        std::snprintf(text, sizeof text, "%lld:%02lld", total / 60, total % 60);
    }
    return text;
}

void Tally::add(const Outcome& outcome) {
    ++done_;
    requests_ += static_cast<std::uint64_t>(outcome.attempts);
    if (!outcome.ok()) ++failed_;
    if (outcome.status) {
        ++statuses_[*outcome.status];
    } else {
        ++errors_;
    }
}

std::string Tally::progress_line(std::size_t total, std::chrono::duration<double> elapsed,
                                 std::size_t width) const {
    const double seconds = std::max(elapsed.count(), 1e-3);
    // append(), not "literal" + string: g++ 12 at -O3 reports a false -Wrestrict for that.
    std::string counts(" ");
    counts.append(std::to_string(done_))
        .append("/")
        .append(std::to_string(total))
        .append(" URLs  ");
    counts.append(format_bytes(static_cast<double>(bytes_))).append("  ");
    counts.append(format_bytes(static_cast<double>(bytes_) / seconds)).append("/s");
    if (done_ > 0 && done_ < total) {
        const double left =
            seconds * static_cast<double>(total - done_) / static_cast<double>(done_);
        counts += "  ETA " + format_eta(std::chrono::seconds(std::lround(left)));
    }
    // The bar takes what the counts leave of the width, between 10 and 30 columns.
    const std::size_t room = width > counts.size() + 2 ? width - counts.size() - 2 : 0;
    const std::size_t bar = std::min<std::size_t>(30, room);
    if (bar < 10) return counts.substr(1, width);
    const std::size_t filled = total == 0 ? bar : bar * done_ / total;
    std::string line("[");
    line.append(filled, '#').append(bar - filled, ' ').append("]").append(counts);
    return line;
}

std::string Tally::summary(std::chrono::duration<double> elapsed) const {
    const double seconds = std::max(elapsed.count(), 1e-3);
    char head[160];
    std::snprintf(head, sizeof head, "%zu URL%s in %.2f s (%.1f requests/s), %s (%s/s)", done_,
                  done_ == 1 ? "" : "s", seconds, static_cast<double>(requests_) / seconds,
                  format_bytes(static_cast<double>(bytes_)).c_str(),
                  format_bytes(static_cast<double>(bytes_) / seconds).c_str());
    std::string text = head;
    const char* separator = ": ";
    for (const auto& [status, count] : statuses_) {
        text += separator + std::to_string(count) + " x " + std::to_string(status);
        separator = ", ";
    }
    if (errors_ > 0) {
        text += separator + std::to_string(errors_) + (errors_ == 1 ? " error" : " errors");
    }
    return text;
}

Reporter::Reporter(Mode mode, std::size_t total, std::FILE* out, std::FILE* err)
    : mode_(mode), total_(total), out_(out), err_(err) {}

std::chrono::duration<double> Reporter::elapsed() const {
    return std::chrono::steady_clock::now() - start_;
}

void Reporter::finished(const Outcome& outcome) {
    tally_.add(outcome);
    if (mode_.json) {
        std::fprintf(out_, "%s\n", json_line(outcome).c_str());
        std::fflush(out_);
    }
    if (outcome.ok() && (mode_.quiet || mode_.live)) return;
    clear();  // a line of its own goes above the progress line, redrawn on the next tick
    std::fprintf(err_, "%s\n", plain_line(outcome).c_str());
    std::fflush(err_);
}

void Reporter::redraw() {
    if (!mode_.live || mode_.quiet) return;
    winsize size{};
    const std::size_t width =
        ::ioctl(::fileno(err_), TIOCGWINSZ, &size) == 0 && size.ws_col > 0 ? size.ws_col - 1 : 79;
    std::string line = tally_.progress_line(total_, elapsed(), width);
    if (line == drawn_) return;
    // Back to the line's start, the new text, and the old one's tail erased.
    std::fprintf(err_, "\r%s\033[K", line.c_str());
    std::fflush(err_);
    drawn_ = std::move(line);
}

void Reporter::clear() {
    if (drawn_.empty()) return;
    std::fputs("\r\033[K", err_);
    std::fflush(err_);
    drawn_.clear();
}

void Reporter::summary() {
    clear();
    if (mode_.quiet) return;
    std::fprintf(err_, "%s\n", tally_.summary(elapsed()).c_str());
    std::fflush(err_);
}

}  // namespace fetch
