// The response parser: where it stops, what it hands out, what it refuses.
#include "asyncio/detail/http/response_parser.hpp"

#include <gtest/gtest.h>

#include <string>

#include "asyncio/http/errors.hpp"

namespace http = asyncio::http;
using http::detail::ResponseParser;
using Parsed = ResponseParser::Parsed;

namespace {

struct Collect : ResponseParser::BodySink {
    std::string bytes;
    void body(std::string_view piece) override { bytes.append(piece); }
};

// Feeds `wire` in pieces of `step` bytes, driving the parser as the connection does; returns
// the events seen, in order.
std::vector<Parsed> drive(ResponseParser& parser, std::string_view wire, Collect& body,
                          std::size_t step) {
    std::vector<Parsed> events;
    while (!wire.empty()) {
        const auto piece = wire.substr(0, step);
        const auto [consumed, what] = parser.feed(piece, body);
        wire.remove_prefix(consumed);
        if (what != Parsed::need_more) events.push_back(what);
        if (what == Parsed::done) break;
    }
    return events;
}

}  // namespace

TEST(ResponseParser, StopsAtTheHeadThenHandsOutTheBody) {
    const std::string wire =
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: 1\r\nx-a: 2\r\n\r\nhello";
    for (std::size_t step : {std::size_t{1}, std::size_t{7}, wire.size()}) {
        ResponseParser parser;
        parser.start(false, "GET http://h/");
        Collect body;
        EXPECT_EQ(drive(parser, wire, body, step), (std::vector{Parsed::head, Parsed::done}));
        EXPECT_EQ(parser.head().status, 200);
        EXPECT_EQ(parser.head().reason, "OK");
        EXPECT_EQ(parser.head().headers.get_all("X-A"), (std::vector<std::string_view>{"1", "2"}));
        EXPECT_EQ(parser.content_length(), 5u);
        EXPECT_EQ(body.bytes, "hello");
        EXPECT_TRUE(parser.keep_alive());
    }
}

TEST(ResponseParser, TheHeadEndsExactlyAfterItsBlankLine) {
    const std::string head = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n";
    ResponseParser parser;
    parser.start(false, "GET /");
    Collect body;
    const auto result = parser.feed(head + "abc", body);
    EXPECT_EQ(result.what, Parsed::head);
    EXPECT_EQ(result.consumed, head.size());
    EXPECT_EQ(body.bytes, "");
}

TEST(ResponseParser, ChunkedBodyWithTrailersAndTwoResponsesInARow) {
    const std::string first =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        "3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\nX-Trailer: yes\r\n\r\n";
    const std::string second = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";
    ResponseParser parser;
    Collect body;
    parser.start(false, "GET /");
    std::string_view wire = first;
    EXPECT_EQ(drive(parser, wire, body, 4), (std::vector{Parsed::head, Parsed::done}));
    EXPECT_EQ(body.bytes, "abcde");
    parser.start(false, "GET /");
    EXPECT_EQ(drive(parser, second, body, 100), (std::vector{Parsed::done}));  // no body: no stop
    EXPECT_EQ(parser.head().status, 404);
}

TEST(ResponseParser, InformationalResponsesComeFirst) {
    const std::string wire =
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\n"
        "HTTP/1.1 204 No Content\r\n\r\n";
    ResponseParser parser;
    parser.start(false, "POST /");
    Collect body;
    EXPECT_EQ(drive(parser, wire, body, wire.size()),
              (std::vector{Parsed::informational, Parsed::informational, Parsed::done}));
    EXPECT_EQ(parser.head().status, 204);
    EXPECT_FALSE(parser.head().headers.contains("Link"));
}

TEST(ResponseParser, HeadRequestsHaveNoBody) {
    const std::string wire = "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n";
    ResponseParser parser;
    parser.start(true, "HEAD /");
    Collect body;
    EXPECT_EQ(drive(parser, wire, body, 5), (std::vector{Parsed::done}));
    EXPECT_EQ(parser.head().status, 200);
    EXPECT_TRUE(parser.keep_alive());
}

TEST(ResponseParser, CloseDelimitedBodyEndsWithTheConnection) {
    const std::string wire = "HTTP/1.0 200 OK\r\n\r\nall of it";
    ResponseParser parser;
    parser.start(false, "GET /");
    Collect body;
    EXPECT_EQ(drive(parser, wire, body, 3), (std::vector{Parsed::head}));
    EXPECT_TRUE(parser.finish(body));
    EXPECT_EQ(body.bytes, "all of it");
    EXPECT_FALSE(parser.keep_alive());
}

TEST(ResponseParser, ShortBodyIsAnIncompleteBodyError) {
    ResponseParser parser;
    parser.start(false, "GET http://h/x");
    Collect body;
    drive(parser, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", body, 100);
    try {
        parser.finish(body);
        FAIL() << "no error";
    } catch (const http::IncompleteBodyError& error) {
        EXPECT_EQ(error.received, 3u);
        EXPECT_EQ(error.expected, 10u);
        EXPECT_NE(std::string(error.what()).find("3 of 10 bytes"), std::string::npos)
            << error.what();
    }
}

TEST(ResponseParser, EndInTheHeadIsServerDisconnected) {
    ResponseParser parser;
    parser.start(false, "GET /");
    Collect body;
    drive(parser, "HTTP/1.1 200 OK\r\nContent-Le", body, 100);
    EXPECT_THROW(parser.finish(body), http::ServerDisconnectedError);
    ResponseParser silent;
    silent.start(false, "GET /");
    EXPECT_FALSE(silent.finish(body));
}

TEST(ResponseParser, MalformedInputSaysWhyAndWhere) {
    ResponseParser parser;
    parser.start(false, "GET http://h/");
    Collect body;
    try {
        drive(parser, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", body, 10);
        FAIL() << "no error";
    } catch (const http::ProtocolError& error) {
        EXPECT_EQ(error.offset, 47u);
        EXPECT_NE(std::string(error.what()).find("HPE_INVALID_CHUNK_SIZE"), std::string::npos)
            << error.what();
        EXPECT_NE(std::string(error.what()).find("GET http://h/"), std::string::npos);
    }
}

TEST(ResponseParser, HeadLimitsAreLimitErrors) {
    ResponseParser parser({.max_head_size = 100, .max_fields = 3});
    Collect body;
    parser.start(false, "GET /");
    EXPECT_THROW(
        drive(parser, "HTTP/1.1 200 OK\r\nX: " + std::string(200, 'a') + "\r\n\r\n", body, 10),
        http::LimitError);
    ResponseParser counted({.max_head_size = 1000, .max_fields = 3});
    counted.start(false, "GET /");
    EXPECT_THROW(
        drive(counted, "HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", body, 1000),
        http::LimitError);
}

TEST(ResponseParser, ControlCharactersInAFieldValueAreRefused) {
    for (const std::string& value :
         {std::string("a\0b", 3), std::string("a\x01b"), std::string("a\rb")}) {
        ResponseParser parser;
        parser.start(false, "GET /");
        Collect body;
        EXPECT_THROW(
            drive(parser, "HTTP/1.1 200 OK\r\nX: " + value + "\r\nContent-Length: 0\r\n\r\n", body,
                  100),
            http::ProtocolError);
    }
}

TEST(ResponseParser, FieldValuesLoseTheirSurroundingBlanks) {
    ResponseParser parser;
    parser.start(false, "GET /");
    Collect body;
    drive(parser, "HTTP/1.1 200 OK\r\nX:  padded \t\r\nContent-Length: 0\r\n\r\n", body, 100);
    EXPECT_EQ(parser.head().headers.get("x"), "padded");
}

// llhttp (not in strict mode) lets a space into a field name; Headers refuses such a name
// (ValueError), which must reach the caller as the ProtocolError of a malformed response.
// Found by the fuzz target (tests/fuzz/http_response_fuzz.cpp).
TEST(ResponseParser, AFieldNameHeadersRefuseIsAProtocolError) {
    ResponseParser parser;
    parser.start(false, "GET http://h/");
    Collect body;
    const std::string wire = "HTTP/1.1 200 OK\r\nBad Name: x\r\nContent-Length: 0\r\n\r\n";
    try {
        drive(parser, wire, body, wire.size());
        FAIL() << "no error";
    } catch (const http::ProtocolError& error) {
        EXPECT_NE(std::string(error.what()).find("invalid header name 'Bad Name'"),
                  std::string::npos)
            << error.what();
        EXPECT_NE(std::string(error.what()).find("GET http://h/"), std::string::npos);
    }
}

// A 204 or a 304 has no body whatever its Content-Length says (RFC 9110, 6.4.1): a 304 may
// announce the length of the representation it stands for, and the next response follows at
// once. Found by the fuzz target.
TEST(ResponseParser, NoBodyAfter204Or304WhateverTheirContentLength) {
    for (const std::string status : {"204 No Content", "304 Not Modified"}) {
        const std::string head = "HTTP/1.1 " + status + "\r\nContent-Length: 3\r\n\r\n";
        const std::string next = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc";
        ResponseParser parser;
        parser.start(false, "GET /");
        Collect body;
        const auto result = parser.feed(head + next, body);
        EXPECT_EQ(result.what, Parsed::done) << status;
        EXPECT_EQ(result.consumed, head.size()) << status;
        EXPECT_EQ(body.bytes, "") << status;
        EXPECT_TRUE(parser.keep_alive()) << status;
        parser.start(false, "GET /");
        EXPECT_EQ(drive(parser, next, body, 7), (std::vector{Parsed::head, Parsed::done}));
        EXPECT_EQ(body.bytes, "abc") << status;
    }
}

// A 1xx response has no body either, whatever its Content-Length: the final response
// follows its blank line at once. Found by the fuzz target.
TEST(ResponseParser, NoBodyAfterAnInformationalResponse) {
    const std::string wire =
        "HTTP/1.1 103 Early Hints\r\nContent-Length: 3\r\n\r\n"
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    ResponseParser parser;
    parser.start(false, "GET /");
    Collect body;
    EXPECT_EQ(drive(parser, wire, body, wire.size()),
              (std::vector{Parsed::informational, Parsed::head, Parsed::done}));
    EXPECT_EQ(parser.head().status, 200);
    EXPECT_EQ(body.bytes, "ok");
}

// start() forgets the previous response's counts at once, not when the next one's first byte
// comes (llhttp skips a stray line end between responses without beginning a message).
// Found by the fuzz target.
TEST(ResponseParser, StartForgetsThePreviousResponse) {
    ResponseParser parser;
    parser.start(false, "GET /");
    Collect body;
    drive(parser, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", body, 100);
    EXPECT_EQ(parser.body_received(), 2u);
    parser.start(false, "GET /");
    EXPECT_EQ(parser.feed("\r\n", body).what, Parsed::need_more);
    EXPECT_EQ(parser.body_received(), 0u);
    EXPECT_EQ(parser.content_length(), std::nullopt);
}
