// asyncio-chat's protocol, byte for byte, with the server in-process on 127.0.0.1 and
// clients on the library's streams: the welcome, nicknames, rooms, every command and its
// answer, and what a user's text becomes before others see it.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "chat_support.hpp"
#include "support/test_support.hpp"

namespace {

using namespace chat_test;
using asyncio_test::run_bounded;
using Lines = std::vector<std::string>;
using namespace std::string_literals;

TEST(ChatProtocol, WelcomeThenNicknameThenLobby) {
    run_bounded([]() -> Coro<> {
        chat::ChatServer server = co_await start_chat(test_options());
        Lines got;
        Client alice = co_await open(server.port());
        EXPECT_EQ(co_await alice.line(), "* Welcome to asyncio-chat. Choose a nickname:\r\n"s);
        co_await alice.send("alice\r\n");  // CRLF from telnet, LF from nc: both are fine
        EXPECT_EQ(co_await alice.line(), "* alice has joined lobby\r\n"s);
        co_await server.shutdown();
    }());
}

TEST(ChatProtocol, BadNicknamesGetTheReasonAndThePromptAgain) {
    run_bounded([]() -> Coro<> {
        chat::ChatServer server = co_await start_chat(test_options());
        Lines got;
        Client bob = co_await join(server.port(), "Bob");
        Client other = co_await connect(server.port());
        const std::string too_long(33, 'x');
        co_await other.send("no spaces\n" + too_long + "\n\nBOB\nbob2\n");
        const Lines bad = {"! invalid nickname: use 1-32 characters of A-Z a-z 0-9 _ -\r\n",
                           "* Choose a nickname:\r\n"};
        EXPECT_EQ(co_await other.lines(2), bad);
        EXPECT_EQ(co_await other.lines(2), bad);
        EXPECT_EQ(co_await other.lines(2), bad);  // an empty line
        got = co_await other.lines(2);
        EXPECT_EQ(got, (Lines{"! nickname taken: BOB\r\n", "* Choose a nickname:\r\n"}));
        EXPECT_EQ(co_await other.line(), "* bob2 has joined lobby\r\n"s);
        EXPECT_EQ(co_await bob.line(), "* bob2 has joined lobby\r\n"s);
        co_await server.shutdown();
    }());
}

TEST(ChatProtocol, PlainLinesGoToEveryoneElseInTheRoom) {
    run_bounded([]() -> Coro<> {
        chat::ChatServer server = co_await start_chat(test_options());
        Lines got;
        Client alice = co_await join(server.port(), "alice");
        Client bob = co_await join(server.port(), "bob");
        EXPECT_EQ(co_await alice.line(), "* bob has joined lobby\r\n"s);
        co_await alice.send("hello, bob\n");
        EXPECT_EQ(co_await bob.line(), "<alice> hello, bob\r\n"s);
        co_await alice.send("/who\n");  // alice got no copy of her own line
        got = co_await alice.lines(3);
        EXPECT_EQ(got, (Lines{"* members of lobby: 2\r\n", "* alice\r\n", "* bob\r\n"}));
        co_await bob.send("//etc is a path\n");  // "//" sends a line starting with "/"
        EXPECT_EQ(co_await alice.line(), "<bob> /etc is a path\r\n"s);
        co_await server.shutdown();
    }());
}

TEST(ChatProtocol, JoinMovesBetweenRoomsAndRoomsAreSeparate) {
    run_bounded([]() -> Coro<> {
        chat::ChatServer server = co_await start_chat(test_options());
        Lines got;
        Client alice = co_await join(server.port(), "alice");
        Client bob = co_await join(server.port(), "bob");
        EXPECT_EQ(co_await alice.line(), "* bob has joined lobby\r\n"s);
        co_await alice.send("/join Games\n");
        got = co_await alice.lines(2);
        EXPECT_EQ(got, (Lines{"* alice has left lobby\r\n", "* alice has joined Games\r\n"}));
        EXPECT_EQ(co_await bob.line(), "* alice has left lobby\r\n"s);
        co_await bob.send("/join GAMES\n");  // rooms are found without regard to case
        got = co_await bob.lines(2);
        EXPECT_EQ(got, (Lines{"* bob has left lobby\r\n", "* bob has joined Games\r\n"}));
        EXPECT_EQ(co_await alice.line(), "* bob has joined Games\r\n"s);
        co_await alice.send("/join games\n/join bad.room\n/join\n");
        got = co_await alice.lines(3);
        EXPECT_EQ(got, (Lines{"! you are already in Games\r\n",
                              "! invalid room name: use 1-32 characters of A-Z a-z 0-9 _ -\r\n",
                              "! usage: /join ROOM\r\n"}));
        Client carol = co_await join(server.port(), "carol");  // alone in the lobby now
        co_await carol.send("anyone?\n");
        co_await alice.send("/rooms\n");
        got = co_await alice.lines(3);
        EXPECT_EQ(got, (Lines{"* rooms: 2\r\n", "* Games 2\r\n", "* lobby 1\r\n"}));
        co_await bob.send("/who\n");  // carol's line stayed in the lobby
        got = co_await bob.lines(3);
        EXPECT_EQ(got, (Lines{"* members of Games: 2\r\n", "* alice\r\n", "* bob\r\n"}));
        co_await server.shutdown();
    }());
}

TEST(ChatProtocol, NickRenamesAndTheRoomHearsOfIt) {
    run_bounded([]() -> Coro<> {
        chat::ChatServer server = co_await start_chat(test_options());
        Lines got;
        Client alice = co_await join(server.port(), "alice");
        Client bob = co_await join(server.port(), "bob");
        EXPECT_EQ(co_await alice.line(), "* bob has joined lobby\r\n"s);
        co_await alice.send("/nick alicia\n");
        EXPECT_EQ(co_await alice.line(), "* alice is now known as alicia\r\n"s);
        EXPECT_EQ(co_await bob.line(), "* alice is now known as alicia\r\n"s);
        co_await alice.send("/nick BOB\n/nick alicia\n/nick no way\n/nick\n/NICK Alicia\n");
        got = co_await alice.lines(5);
        EXPECT_EQ(got, (Lines{"! nickname taken: BOB\r\n", "! you are already alicia\r\n",
                              "! invalid nickname: use 1-32 characters of A-Z a-z 0-9 _ -\r\n",
                              "! usage: /nick NAME\r\n",
                              "* alicia is now known as Alicia\r\n"}));  // commands ignore case
        co_await alice.send("hi\n");
        EXPECT_EQ(co_await bob.line(), "* alicia is now known as Alicia\r\n"s);
        EXPECT_EQ(co_await bob.line(), "<Alicia> hi\r\n"s);
        // The old nickname is free again.
        Client other = co_await join(server.port(), "alice");
        EXPECT_EQ(co_await bob.line(), "* alice has joined lobby\r\n"s);
        co_await server.shutdown();
    }());
}

TEST(ChatProtocol, MeAndPrivateMessages) {
    run_bounded([]() -> Coro<> {
        chat::ChatServer server = co_await start_chat(test_options());
        Lines got;
        Client alice = co_await join(server.port(), "alice");
        Client bob = co_await join(server.port(), "bob");
        EXPECT_EQ(co_await alice.line(), "* bob has joined lobby\r\n"s);
        co_await alice.send("/me waves\n");
        EXPECT_EQ(co_await bob.line(), "* alice waves\r\n"s);
        co_await bob.send("/join elsewhere\n");
        got = co_await bob.lines(2);
        EXPECT_EQ(got, (Lines{"* bob has left lobby\r\n", "* bob has joined elsewhere\r\n"}));
        EXPECT_EQ(co_await alice.line(), "* bob has left lobby\r\n"s);
        co_await alice.send("/msg BOB  psst, over here\n");  // across rooms, any case
        EXPECT_EQ(co_await bob.line(), "[alice] psst, over here\r\n"s);
        co_await alice.send("/msg nobody hi\n/msg bob\n/me\n");
        got = co_await alice.lines(3);
        EXPECT_EQ(got, (Lines{"! no such nickname: nobody\r\n", "! usage: /msg NICK TEXT\r\n",
                              "! usage: /me ACTION\r\n"}));
        co_await server.shutdown();
    }());
}

TEST(ChatProtocol, HelpAndUnknownCommands) {
    run_bounded([]() -> Coro<> {
        chat::ChatServer server = co_await start_chat(test_options());
        Lines got;
        Client alice = co_await join(server.port(), "alice");
        co_await alice.send("/help\n/x\n/dance wildly\n");
        got = co_await alice.lines(10);
        EXPECT_EQ(got, (Lines{"* /nick NAME      change your nickname\r\n",
                              "* /join ROOM      go to another room (made on first join)\r\n",
                              "* /rooms          list the rooms and how many are in each\r\n",
                              "* /who            list who is in your room\r\n",
                              "* /me ACTION      tell your room what you are doing\r\n",
                              "* /msg NICK TEXT  send a private message\r\n",
                              "* /quit [REASON]  leave\r\n", "* /help           this list\r\n",
                              "! unknown command: /x\r\n", "! unknown command: /dance\r\n"}));
        co_await server.shutdown();
    }());
}

TEST(ChatProtocol, QuitWithAndWithoutReason) {
    run_bounded([]() -> Coro<> {
        chat::ChatServer server = co_await start_chat(test_options());
        Lines got;
        Client alice = co_await join(server.port(), "alice");
        Client bob = co_await join(server.port(), "bob");
        Client carol = co_await join(server.port(), "carol");
        got = co_await alice.lines(2);
        EXPECT_EQ(got, (Lines{"* bob has joined lobby\r\n", "* carol has joined lobby\r\n"}));
        co_await bob.send("/quit off to bed\nthis line is never read\n");
        EXPECT_EQ(co_await bob.rest(), "* carol has joined lobby\r\n"s);  // then closed
        EXPECT_EQ(co_await alice.line(), "* bob has left lobby (off to bed)\r\n"s);
        co_await carol.send("/quit\n");
        EXPECT_EQ(co_await carol.rest(), "* bob has left lobby (off to bed)\r\n"s);
        EXPECT_EQ(co_await alice.line(), "* carol has left lobby\r\n"s);
        Client dave = co_await connect(server.port());  // quits before choosing a nickname
        co_await dave.send("/quit\n");
        EXPECT_EQ(co_await dave.rest(), ""s);
        EXPECT_TRUE(co_await asyncio_test::eventually([&] { return server.clients() == 1; }));
        co_await server.shutdown();
    }());
}

TEST(ChatProtocol, ClosingTheConnectionIsLeaving) {
    run_bounded([]() -> Coro<> {
        chat::ChatServer server = co_await start_chat(test_options());
        Lines got;
        Client alice = co_await join(server.port(), "alice");
        {
            Client bob = co_await join(server.port(), "bob");
            EXPECT_EQ(co_await alice.line(), "* bob has joined lobby\r\n"s);
            co_await bob.send("half a li");  // then gone, mid-line
        }
        EXPECT_EQ(co_await alice.line(), "* bob has left lobby\r\n"s);
        Client bob = co_await join(server.port(), "bob");  // the nickname is free again
        EXPECT_EQ(co_await alice.line(), "* bob has joined lobby\r\n"s);
        co_await server.shutdown();
    }());
}

// -- what a user's text becomes --

TEST(ChatText, EscapesControlsAndBadUtf8NeverReachOthers) {
    run_bounded([]() -> Coro<> {
        chat::ChatServer server = co_await start_chat(test_options());
        Lines got;
        Client alice = co_await join(server.port(), "alice");
        Client bob = co_await join(server.port(), "bob");
        EXPECT_EQ(co_await alice.line(), "* bob has joined lobby\r\n"s);
        co_await bob.send(
            "\x1B[2J\x1B[Hscreen \x1B]0;title\x07"
            "cleared?\n");
        EXPECT_EQ(co_await alice.line(), "<bob> screen cleared?\r\n"s);
        co_await bob.send("bad \xFF\xC3 utf-8 \xC3\xA9\n");
        EXPECT_EQ(co_await alice.line(), "<bob> bad \xEF\xBF\xBD\xEF\xBF\xBD utf-8 \xC3\xA9\r\n"s);
        const char controls[] = "nul\0 bell\a tab\t del\x7F cr\r in the middle\n";
        co_await bob.send(std::string(controls, sizeof controls - 1));
        EXPECT_EQ(co_await alice.line(), "<bob> nul bell tab del cr in the middle\r\n"s);
        co_await bob.send("/me \x1B[31mblushes\n");
        EXPECT_EQ(co_await alice.line(), "* bob blushes\r\n"s);
        co_await server.shutdown();
    }());
}

TEST(ChatText, NobodyCanForgeANoticeOrAnError) {
    run_bounded([]() -> Coro<> {
        chat::ChatServer server = co_await start_chat(test_options());
        Lines got;
        Client alice = co_await join(server.port(), "alice");
        Client bob = co_await join(server.port(), "bob");
        EXPECT_EQ(co_await alice.line(), "* bob has joined lobby\r\n"s);
        co_await bob.send("* server shutting down\n! server full\n");
        got = co_await alice.lines(2);
        EXPECT_EQ(got, (Lines{"<bob> * server shutting down\r\n", "<bob> ! server full\r\n"}));
        co_await bob.send("ok\r* alice has left lobby\n");  // a CR cannot start a line
        EXPECT_EQ(co_await alice.line(), "<bob> ok* alice has left lobby\r\n"s);
        co_await bob.send("\x1B[2K\r* bob is now known as root\n");
        EXPECT_EQ(co_await alice.line(), "<bob> * bob is now known as root\r\n"s);
        co_await bob.send("/msg alice \x1B[1A\r! fake\n");
        EXPECT_EQ(co_await alice.line(), "[bob] ! fake\r\n"s);
        co_await server.shutdown();
    }());
}

}  // namespace
