// Cutting a client's byte stream into lines, with the line limit applied exactly.
//
// A line ends with LF, with or without a CR before it (that CR is not part of the line). A
// line longer than `max` bytes is reported once as too long, and everything up to its LF is
// discarded, however many reads it takes to arrive: no tail of it becomes a line of its own.
// Bytes after the last LF wait for the next chunk; at most `max` + 1 of them are held.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace chat {

class LineSplitter {
  public:
    explicit LineSplitter(std::size_t max) : max_(max) {}

    // Calls `on_line(std::string_view line)` for each whole line in `chunk` and
    // `on_too_long()` for each line over the limit, in order, while they return true; false
    // stops it (what remains of the chunk is dropped).
    template <class OnLine, class OnTooLong>
    void feed(std::string_view chunk, OnLine on_line, OnTooLong on_too_long) {
        while (!chunk.empty()) {
            const std::size_t end = chunk.find('\n');
            const std::string_view piece = chunk.substr(0, end);
            chunk = end == std::string_view::npos ? std::string_view() : chunk.substr(end + 1);
            if (end == std::string_view::npos) return hold(piece, on_too_long);
            if (!complete(piece, on_line, on_too_long)) return;
        }
    }

  private:
    // `piece` ends a line (its LF was found).
    template <class OnLine, class OnTooLong>
    bool complete(std::string_view piece, OnLine& on_line, OnTooLong& on_too_long) {
        if (discarding_) {
            discarding_ = false;
            return true;  // the end of a line already reported
        }
        std::string_view line = piece;
        if (!pending_.empty()) {
            pending_.append(piece);
            line = pending_;
        }
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        const bool ok = line.size() <= max_ ? on_line(line) : on_too_long();
        pending_.clear();
        return ok;
    }

    // `piece` has no LF yet: keep it, unless the line is already too long.
    template <class OnTooLong>
    void hold(std::string_view piece, OnTooLong& on_too_long) {
        if (discarding_) return;
        // Room for a CR that may precede the LF.
        if (pending_.size() + piece.size() > max_ + 1) {
            pending_.clear();
            discarding_ = true;
            on_too_long();
            return;
        }
        pending_.append(piece);
    }

    std::size_t max_;
    std::string pending_;
    bool discarding_ = false;
};

}  // namespace chat
