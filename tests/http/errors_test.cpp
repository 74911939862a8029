// The HTTP client's errors say what failed, where and why, and sit in one hierarchy.
#include "asyncio/http/errors.hpp"

#include <gtest/gtest.h>

namespace http = asyncio::http;

TEST(HttpErrors, InvalidURLSaysWhatAndWhere) {
    const http::InvalidURL error("http://[::1/", "unclosed IPv6 literal", 7);
    EXPECT_STREQ(error.what(), "invalid URL 'http://[::1/': unclosed IPv6 literal at position 7");
    EXPECT_EQ(error.position, 7u);
    EXPECT_EQ(error.url, "http://[::1/");
}

TEST(HttpErrors, StatusErrorNamesTheStatusAndTheURL) {
    const http::HTTPStatusError error(404, "Not Found", "http://127.0.0.1:8080/missing");
    EXPECT_STREQ(error.what(), "404 Not Found for http://127.0.0.1:8080/missing");
    EXPECT_EQ(error.status, 404);
}

TEST(HttpErrors, EveryErrorIsAnHttpErrorAndAnAsyncioError) {
    try {
        throw http::TLSVerificationError("certificate verify failed", "self-signed certificate",
                                         "localhost");
    } catch (const http::Error& error) {
        EXPECT_NE(dynamic_cast<const http::ConnectError*>(&error), nullptr);
        EXPECT_NE(dynamic_cast<const asyncio::Error*>(&error), nullptr);
    }
    const http::IncompleteBodyError short_body("body ended early", 10, 100);
    const http::ProtocolError& protocol = short_body;
    EXPECT_EQ(protocol.offset, 10u);
}
