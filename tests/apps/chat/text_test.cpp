// apps/chat/text.hpp: what sanitize() leaves of a client's bytes (UTF-8 repaired, controls
// and escape sequences removed whole), and the name rules.
#include "text.hpp"

#include <gtest/gtest.h>

#include <iterator>
#include <random>
#include <string>

namespace {

using chat::fold;
using chat::sanitize;
using chat::valid_name;

const std::string kFffd = "\xEF\xBF\xBD";  // U+FFFD

TEST(Sanitize, KeepsPrintableTextAndValidUtf8) {
    EXPECT_EQ(sanitize("hello, world ~!"), "hello, world ~!");
    EXPECT_EQ(sanitize("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"),
              "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
    EXPECT_EQ(sanitize(""), "");
}

TEST(Sanitize, ReplacesInvalidUtf8) {
    EXPECT_EQ(sanitize("a\xFF"
                       "b"),
              "a" + kFffd + "b");
    EXPECT_EQ(sanitize("\x80\x80"), kFffd + kFffd);  // stray continuation bytes: one each
    EXPECT_EQ(sanitize("x\xE2\x82"), "x" + kFffd);   // truncated at the end: one
    EXPECT_EQ(sanitize("\xE2\x82"
                       "y"),
              kFffd + "y");                                      // truncated in the middle: one
    EXPECT_EQ(sanitize("\xC0\xAF"), kFffd + kFffd);              // overlong '/'
    EXPECT_EQ(sanitize("\xED\xA0\x80"), kFffd + kFffd + kFffd);  // a surrogate
    EXPECT_EQ(sanitize("\xF4\x90\x80\x80"), kFffd + kFffd + kFffd + kFffd);  // past U+10FFFF
    EXPECT_EQ(sanitize("\xF0\x9F\x98"), kFffd);
}

TEST(Sanitize, RemovesControlCharacters) {
    EXPECT_EQ(sanitize(std::string("a\0b", 3)), "ab");
    EXPECT_EQ(sanitize("a\tb\rc\bd\x07"
                       "e\x7F"
                       "f"),
              "abcdef");
    EXPECT_EQ(sanitize("a\xC2\x85"
                       "b\xC2\x9C"
                       "c"),
              "abc");  // C1: NEL, ST
}

TEST(Sanitize, RemovesCsiSequencesWhole) {
    EXPECT_EQ(sanitize("\x1B[2J\x1B[Hclear"), "clear");
    EXPECT_EQ(sanitize("\x1B[1;31mred\x1B[0m"), "red");
    EXPECT_EQ(sanitize("a\x1B[?25lb"), "ab");
    EXPECT_EQ(sanitize("a\xC2\x9B"
                       "2Jb"),
              "ab");                                        // the C1 spelling of CSI
    EXPECT_EQ(sanitize("a\x1B[12"), "a");                   // unfinished: removed to the end
    EXPECT_EQ(sanitize("a\x1B[1\xC3\xA9z"), "a\xC3\xA9z");  // broken before a non-ASCII one
}

TEST(Sanitize, RemovesStringSequencesWhole) {
    EXPECT_EQ(sanitize("\x1B]0;evil title\x07ok"), "ok");       // OSC ended by BEL
    EXPECT_EQ(sanitize("\x1B]8;;http://x\x1B\\link"), "link");  // OSC ended by ST
    EXPECT_EQ(sanitize("\x1BPq#0;2;0;0;0\x1B\\ok"), "ok");      // DCS
    EXPECT_EQ(sanitize("\x1B_apc\x1B\\a\x1B^pm\x1B\\b\x1BXsos\x1B\\c"), "abc");
    EXPECT_EQ(sanitize("a\xC2\x9D"
                       "title\xC2\x9C"
                       "b"),
              "ab");  // C1 OSC ... ST
    EXPECT_EQ(sanitize("a\x1B]never ends"), "a");
}

TEST(Sanitize, RemovesOtherEscapeForms) {
    EXPECT_EQ(sanitize("a\x1B"
                       "cb"),
              "ab");                        // RIS, the full reset
    EXPECT_EQ(sanitize("a\x1B(Bb"), "ab");  // designate a character set
    EXPECT_EQ(sanitize("a\x1B#8b"), "ab");  // DECALN, fills the screen with E
    EXPECT_EQ(sanitize("a\x1B"
                       "7b\x1B"
                       "8"),
              "ab");
    EXPECT_EQ(sanitize("a\x1B"), "a");
    EXPECT_EQ(sanitize("a\x1B\x1B[Kb"), "ab");
}

TEST(Sanitize, CannotForgeALineOfItsOwn) {
    EXPECT_EQ(sanitize("hi\r* alice has left lobby"), "hi* alice has left lobby");
    EXPECT_EQ(sanitize("hi\n! server full"), "hi! server full");
}

// Whatever the bytes: the result is valid UTF-8 without a control character, and sanitizing it
// again changes nothing. Random lines (a fixed seed) mixing printable runs, escapes, controls
// and broken UTF-8.
TEST(Sanitize, AnyBytesBecomeCleanTextThatStaysAsItIs) {
    std::mt19937 random(20261206);
    const std::string pieces[] = {"hello world",
                                  "\x1b[2J",
                                  "\x1b]0;title\x07",
                                  "\r",
                                  "\t",
                                  "\x7f",
                                  "\xc2\x9b"
                                  "31m",
                                  "\xe2\x82",
                                  "\xff",
                                  "\xc3\xa9",
                                  "\xf0\x9f\x98\x80",
                                  "* ",
                                  "\x1b",
                                  "\x90"
                                  "dcs\x1b\\"};
    for (int line = 0; line < 2000; ++line) {
        std::string bytes;
        for (int i = random() % 12; i > 0; --i) {
            bytes += random() % 4 == 0 ? std::string(1, static_cast<char>(random()))
                                       : pieces[random() % std::size(pieces)];
        }
        const std::string clean = sanitize(bytes);
        EXPECT_EQ(sanitize(clean), clean) << testing::PrintToString(bytes);
        for (std::size_t at = 0; at < clean.size(); ++at) {
            const auto c = static_cast<unsigned char>(clean[at]);
            const bool c1 = c == 0xC2 && at + 1 < clean.size() &&
                            static_cast<unsigned char>(clean[at + 1]) <= 0x9F;
            EXPECT_TRUE(c >= 0x20 && c != 0x7F && !c1) << testing::PrintToString(bytes);
        }
    }
}

TEST(Names, OneToThirtyTwoOfTheAllowedCharacters) {
    EXPECT_TRUE(valid_name("a"));
    EXPECT_TRUE(valid_name("Alice_B-2"));
    EXPECT_TRUE(valid_name(std::string(32, 'x')));
    EXPECT_FALSE(valid_name(""));
    EXPECT_FALSE(valid_name(std::string(33, 'x')));
    EXPECT_FALSE(valid_name("al ice"));
    EXPECT_FALSE(valid_name("al.ice"));
    EXPECT_FALSE(valid_name("caf\xC3\xA9"));
    EXPECT_FALSE(valid_name("/quit"));
}

TEST(Names, FoldIgnoresCase) {
    EXPECT_EQ(fold("AliCE_-9"), "alice_-9");
    EXPECT_EQ(fold("bob"), fold("BOB"));
}

}  // namespace
