// Headers: case-insensitive, ordered, multi-valued, and nothing smuggled in.
#include "asyncio/http/headers.hpp"

#include <gtest/gtest.h>

#include "asyncio/core/errors.hpp"

using asyncio::http::Headers;

TEST(Headers, NamesAreCaseInsensitiveAndOrderIsKept) {
    Headers headers{{"Accept", "text/html"}, {"X-Trace", " 1 "}};
    headers.add("accept", "application/json");
    EXPECT_EQ(headers.get("ACCEPT"), "text/html");
    EXPECT_EQ(headers.get_all("Accept"),
              (std::vector<std::string_view>{"text/html", "application/json"}));
    EXPECT_EQ(headers.get("x-trace"), "1");  // trimmed
    EXPECT_EQ(headers.get("missing", "none"), "none");
    EXPECT_FALSE(headers.get("missing").has_value());
    std::vector<std::string> names;
    for (const auto& field : headers) names.push_back(field.name);
    EXPECT_EQ(names, (std::vector<std::string>{"Accept", "X-Trace", "accept"}));
}

TEST(Headers, SetReplacesEveryValueWhereTheFirstWas) {
    Headers headers{{"A", "1"}, {"B", "2"}, {"a", "3"}};
    headers.set("A", "9");
    ASSERT_EQ(headers.size(), 2u);
    EXPECT_EQ(headers.begin()->value, "9");
    EXPECT_EQ(headers.get_all("a").size(), 1u);
    EXPECT_FALSE(headers.setdefault("b", "x"));
    EXPECT_TRUE(headers.setdefault("C", "x"));
    EXPECT_EQ(headers.remove("c"), 1u);
    EXPECT_FALSE(headers.contains("C"));
}

TEST(Headers, NothingCanBeSmuggledIn) {
    Headers headers;
    EXPECT_THROW(headers.add("X", "a\r\nInjected: yes"), asyncio::ValueError);
    EXPECT_THROW(headers.add("X", std::string_view("a\0b", 3)), asyncio::ValueError);
    EXPECT_THROW(headers.add("Bad Name", "v"), asyncio::ValueError);
    EXPECT_THROW(headers.add("", "v"), asyncio::ValueError);
    EXPECT_THROW(headers.set("X:", "v"), asyncio::ValueError);
    EXPECT_TRUE(headers.empty());
}
