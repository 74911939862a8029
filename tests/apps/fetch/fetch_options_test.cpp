// asyncio-fetch's command line (apps/fetch/options.hpp): values, defaults, URL lists, and the
// exit statuses of --help, --version and usage errors.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "options.hpp"

namespace {
using namespace std::chrono_literals;

struct Parsed {
    fetch::ParseResult result;
    std::string out, err;
    const fetch::FetchOptions& options() const { return std::get<fetch::FetchOptions>(result); }
    int status() const { return std::holds_alternative<int>(result) ? std::get<int>(result) : -1; }
};

Parsed parse(std::vector<std::string> args, const std::string& stdin_text = "") {
    args.insert(args.begin(), "asyncio-fetch");
    std::vector<const char*> argv;
    for (const std::string& arg : args) argv.push_back(arg.c_str());
    std::istringstream in(stdin_text);
    std::ostringstream out, err;
    fetch::ParseResult result =
        fetch::parse_command_line(static_cast<int>(argv.size()), argv.data(), in, out, err);
    return {std::move(result), out.str(), err.str()};
}

TEST(FetchOptions, Defaults) {
    const Parsed parsed = parse({"http://h/a", "http://h/b"});
    ASSERT_EQ(parsed.status(), -1) << parsed.err;
    const fetch::FetchOptions& options = parsed.options();
    EXPECT_EQ(options.urls, (std::vector<std::string>{"http://h/a", "http://h/b"}));
    EXPECT_EQ(options.jobs, 16u);
    EXPECT_EQ(options.retries, 0);
    EXPECT_EQ(options.max_redirects, 10);
    EXPECT_EQ(options.timeout, std::nullopt);
    EXPECT_EQ(options.effective_method(), "GET");
    EXPECT_FALSE(options.json || options.quiet || options.insecure || options.force);
}

TEST(FetchOptions, Values) {
    const Parsed parsed = parse({"-j",
                                 "4",
                                 "-o",
                                 "out",
                                 "--force",
                                 "--timeout",
                                 "2.5",
                                 "--connect-timeout",
                                 "1",
                                 "--retries",
                                 "3",
                                 "--retry-delay",
                                 "0.1",
                                 "-H",
                                 "X-A: 1",
                                 "--header",
                                 "Accept:  text/plain ",
                                 "-X",
                                 "PUT",
                                 "-d",
                                 "body",
                                 "--json",
                                 "-q",
                                 "-k",
                                 "--max-redirects",
                                 "2",
                                 "http://h/"});
    ASSERT_EQ(parsed.status(), -1) << parsed.err;
    const fetch::FetchOptions& options = parsed.options();
    EXPECT_EQ(options.jobs, 4u);
    EXPECT_EQ(options.output_dir, "out");
    EXPECT_TRUE(options.force && options.json && options.quiet && options.insecure);
    EXPECT_EQ(options.timeout, 2500ms);
    EXPECT_EQ(options.connect_timeout, 1000ms);
    EXPECT_EQ(options.retries, 3);
    EXPECT_EQ(options.retry_delay, 100ms);
    ASSERT_EQ(options.headers.size(), 2u);
    EXPECT_EQ(options.headers[1], (std::pair<std::string, std::string>{"Accept", "text/plain"}));
    EXPECT_EQ(options.effective_method(), "PUT");
    EXPECT_EQ(options.data, "body");
    EXPECT_EQ(options.max_redirects, 2);
}

TEST(FetchOptions, DataPostsAndReadsFilesOrStdin) {
    EXPECT_EQ(parse({"-d", "a=1", "http://h/"}).options().effective_method(), "POST");
    EXPECT_EQ(parse({"-d", "@-", "http://h/"}, "from stdin").options().data, "from stdin");
    EXPECT_EQ(parse({"-d", "@/etc/hostname", "http://h/"}).options().data_file, "/etc/hostname");
    EXPECT_EQ(parse({"-d", "@/no/such/file", "http://h/"}).status(), 2);
}

TEST(FetchOptions, UrlListFromStdin) {
    const Parsed parsed = parse({"-i", "-", "http://h/first"},
                                "# a comment\n\n  http://h/a  \r\nhttp://h/b\n   \n#x\n");
    ASSERT_EQ(parsed.status(), -1) << parsed.err;
    EXPECT_EQ(parsed.options().urls,
              (std::vector<std::string>{"http://h/first", "http://h/a", "http://h/b"}));
}

TEST(FetchOptions, HelpAndVersionExitZero) {
    const Parsed help = parse({"--help"});
    EXPECT_EQ(help.status(), 0);
    EXPECT_NE(help.out.find("--jobs"), std::string::npos);
    EXPECT_NE(help.out.find("Exit status"), std::string::npos);
    EXPECT_NE(help.out.find("numeric suffix"), std::string::npos);
    const Parsed version = parse({"--version"});
    EXPECT_EQ(version.status(), 0);
    EXPECT_EQ(version.out.rfind("asyncio-fetch ", 0), 0u);
}

TEST(FetchOptions, UsageErrorsExitTwo) {
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {},                                  // no URL
             {"--jobs", "0", "http://h/"},        // out of range
             {"--jobs", "many", "http://h/"},     // not a number
             {"--timeout", "-1", "http://h/"},    // not positive
             {"--no-such-option", "http://h/"},   // unknown
             {"-H", "no colon", "http://h/"},     // not a header
             {"-H", "Bad Name: x", "http://h/"},  // not a token
             {"-i", "/no/such/list"},             // unreadable list
             {"--cacert", "/no/such/ca.pem", "http://h/"},
         }) {
        const Parsed parsed = parse(args);
        EXPECT_EQ(parsed.status(), 2) << (args.empty() ? "(none)" : args[0]);
        EXPECT_FALSE(parsed.err.empty());
    }
}

}  // namespace
