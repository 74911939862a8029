// Text rules of asyncio-chat: what a client's bytes may become before anyone sees them, and
// what a nickname or a room name may be.
//
//   sanitize(bytes)   valid UTF-8 with no control characters and no terminal escape
//                     sequences: invalid UTF-8 becomes U+FFFD; C0 controls (tab included),
//                     DEL and C1 controls are removed; escape sequences (CSI, OSC, DCS, SOS,
//                     PM, APC and the short ESC forms, in their 7-bit and C1 spellings) are
//                     removed whole, up to their final byte or string terminator (to the end
//                     of the text when it never comes). Nothing a user sends can clear a
//                     screen, move a cursor or start a line of its own.
//   valid_name(name)  1-32 characters of A-Z a-z 0-9 _ - (nicknames and room names alike);
//   fold(name)        the name's key, without regard to case (ASCII lowercase).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace chat {

constexpr std::size_t kMaxNameLength = 32;

std::string sanitize(std::string_view bytes);
bool valid_name(std::string_view name) noexcept;
std::string fold(std::string_view name);

}  // namespace chat
