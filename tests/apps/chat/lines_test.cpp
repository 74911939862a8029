// apps/chat/lines.hpp: lines cut from chunks as they arrive, the limit applied exactly.
#include "lines.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using chat::LineSplitter;
using Lines = std::vector<std::string>;

// Feeds the chunks; each line as "[line]", each line too long as "too long".
Lines split(std::size_t max, const std::vector<std::string>& chunks) {
    LineSplitter splitter(max);
    Lines out;
    for (const std::string& chunk : chunks) {
        splitter.feed(
            chunk,
            [&](std::string_view line) {
                out.push_back("[" + std::string(line) + "]");
                return true;
            },
            [&] {
                out.push_back("too long");
                return true;
            });
    }
    return out;
}

TEST(LineSplitter, LfAndCrlf) {
    EXPECT_EQ(split(10, {"a\nb\r\n\nc"}), (Lines{"[a]", "[b]", "[]"}));
    EXPECT_EQ(split(10, {"a\r", "\nb", "c\n"}), (Lines{"[a]", "[bc]"}));
}

TEST(LineSplitter, LimitIsOnTheLineWithoutItsEnd) {
    EXPECT_EQ(split(3, {"abc\r\n", "abcd\n", "abc\n"}), (Lines{"[abc]", "too long", "[abc]"}));
    EXPECT_EQ(split(3, {"abc\r", "\n"}), (Lines{"[abc]"}));
}

TEST(LineSplitter, LongLineIsReportedOnceAndDiscardedToItsEnd) {
    EXPECT_EQ(split(4, {"abcdefgh", "ijklmnop", "qrst\nok\n"}), (Lines{"too long", "[ok]"}));
    EXPECT_EQ(split(4, {"abcdefgh"}), (Lines{"too long"}));
    EXPECT_EQ(split(4, {"abcdef\nxy", "z\n"}), (Lines{"too long", "[xyz]"}));
}

TEST(LineSplitter, StopsWhenTheCallbackSaysSo) {
    LineSplitter splitter(10);
    Lines out;
    splitter.feed(
        "a\nb\nc\n",
        [&](std::string_view line) {
            out.emplace_back(line);
            return line != "b";
        },
        [] { return true; });
    EXPECT_EQ(out, (Lines{"a", "b"}));
}

}  // namespace
