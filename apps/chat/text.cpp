#include "text.hpp"

#include <cstdint>

namespace chat {
namespace {

constexpr char32_t kReplacement = 0xFFFD;
constexpr char32_t kEsc = 0x1B;

// Decodes one code point at `at` (advancing it). An invalid sequence yields one U+FFFD for
// its maximal valid prefix (the Unicode standard's practice, and Python's "replace"): a
// truncated three-byte character is one U+FFFD, a stray continuation byte is one. The
// second byte's ranges exclude overlong forms, surrogates and values past U+10FFFF.
char32_t decode(std::string_view bytes, std::size_t& at) {
    const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(bytes[i]); };
    const std::uint8_t lead = byte(at);
    std::size_t length = 0;
    char32_t value = 0;
    std::uint8_t low = 0x80, high = 0xBF;  // the second byte's range
    if (lead < 0x80) {
        ++at;
        return lead;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2, value = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3, value = lead & 0x0F;
        if (lead == 0xE0) low = 0xA0;   // overlong
        if (lead == 0xED) high = 0x9F;  // surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4, value = lead & 0x07;
        if (lead == 0xF0) low = 0x90;   // overlong
        if (lead == 0xF4) high = 0x8F;  // past U+10FFFF
    } else {
        ++at;
        return kReplacement;
    }
    for (std::size_t i = 1; i < length; ++i) {
        const bool in_range = at + i < bytes.size() && byte(at + i) >= (i == 1 ? low : 0x80) &&
                              byte(at + i) <= (i == 1 ? high : 0xBF);
        if (!in_range) {
            at += i;
            return kReplacement;
        }
        value = (value << 6) | (byte(at + i) & 0x3F);
    }
    at += length;
    return value;
}

void encode(char32_t c, std::string& out) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

bool is_control(char32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

// Where the text is, relative to the escape sequences in it (ECMA-48).
enum class State {
    text,
    escape,        // after ESC
    escape_tail,   // ESC and intermediates (0x20-0x2F): waiting for the final byte
    csi,           // ESC [ or U+009B: parameters and intermediates, then a final byte
    string,        // OSC, DCS, SOS, PM, APC: everything up to the string terminator
    string_escape  // ESC inside a string: `ESC \` ends it
};

// The state that a C1 control (or ESC followed by its 7-bit form, 0x40-0x5F) begins.
State introduced_by(char32_t c1) {
    switch (c1) {
        case 0x9B:
            return State::csi;
        case 0x90:  // DCS
        case 0x98:  // SOS
        case 0x9D:  // OSC
        case 0x9E:  // PM
        case 0x9F:  // APC
            return State::string;
        default:
            return State::text;  // any other C1 control stands alone
    }
}

// The printable ASCII (most of what people type) from `at` on: copied a run at a time
// rather than decoded and encoded one character at a time.
std::size_t printable_run(std::string_view bytes, std::size_t at) {
    std::size_t end = at;
    while (end < bytes.size() && static_cast<unsigned char>(bytes[end]) >= 0x20 &&
           static_cast<unsigned char>(bytes[end]) < 0x7F) {
        ++end;
    }
    return end - at;
}

}  // namespace

std::string sanitize(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    State state = State::text;
    for (std::size_t at = 0; at < bytes.size();) {
        if (state == State::text) {
            const std::size_t run = printable_run(bytes, at);
            out.append(bytes.substr(at, run));
            at += run;
            if (at == bytes.size()) break;
        }
        const char32_t c = decode(bytes, at);
        switch (state) {
            case State::text:
                if (c == kEsc) {
                    state = State::escape;
                } else if (c >= 0x80 && c <= 0x9F) {
                    state = introduced_by(c);
                } else if (!is_control(c)) {
                    encode(c, out);
                }
                break;
            case State::escape:
                if (c >= 0x40 && c <= 0x5F) {
                    state = introduced_by(c + 0x40);  // ESC [ is CSI, ESC ] is OSC...
                } else if (c >= 0x20 && c <= 0x2F) {
                    state = State::escape_tail;
                } else if (c >= 0x30 && c <= 0x7E) {
                    state = State::text;  // a two-byte form such as ESC c or ESC 7
                } else {
                    state = State::text;  // not a sequence: drop the ESC, judge `c` anew
                    if (c == kEsc) state = State::escape;
                    if (!is_control(c)) encode(c, out);
                }
                break;
            case State::escape_tail:
                if (c >= 0x20 && c <= 0x2F) break;
                state = State::text;
                if (c >= 0x30 && c <= 0x7E) break;  // the final byte
                if (c == kEsc) state = State::escape;
                if (!is_control(c)) encode(c, out);
                break;
            case State::csi:
                if (c >= 0x20 && c <= 0x3F) break;  // parameters and intermediates
                state = State::text;
                if (c >= 0x40 && c <= 0x7E) break;  // the final byte
                if (c == kEsc) state = State::escape;
                if (!is_control(c)) encode(c, out);  // a broken sequence ends before `c`
                break;
            case State::string:
                if (c == kEsc) state = State::string_escape;
                if (c == 0x07 || c == 0x9C) state = State::text;  // BEL (xterm's OSC end), ST
                break;
            case State::string_escape:
                state = c == '\\' ? State::text : State::string;
                break;
        }
    }
    return out;
}

bool valid_name(std::string_view name) noexcept {
    if (name.empty() || name.size() > kMaxNameLength) return false;
    for (const char c : name) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                        (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

std::string fold(std::string_view name) {
    std::string key(name);
    for (char& c : key) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return key;
}

}  // namespace chat
