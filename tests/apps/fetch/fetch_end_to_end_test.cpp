// asyncio-fetch run as a user runs it (a child process), against the test's own HTTP server
// on 127.0.0.1 (fetch_server.hpp): exit statuses, files written byte for byte, --json lines,
// a redirect loop, URLs that try to leave the output directory, no partial file after a
// failure or Ctrl-C, --force, retries.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "fetch_server.hpp"
#include "net/net_support.hpp"
#include "net/openssl_support.hpp"

namespace {
using namespace std::chrono_literals;
namespace fs = std::filesystem;
using asyncio_test::FetchServer;
using asyncio_test::pattern;
using asyncio_test::read_text_file;
using asyncio_test::TempDir;

struct FetchRun {
    int status = -1;
    std::string out, err;
};

// Runs asyncio-fetch with `args` to its end (at most 30 s), its output kept in `scratch`.
FetchRun run_fetch(std::vector<std::string> args, const std::string& scratch) {
    for (const char* name :
         {"http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"}) {
        ::unsetenv(name);
    }
    args.insert(args.begin(), ASYNCIO_FETCH_BINARY);
    asyncio_test::ChildProcess::Options options;
    options.stdout_file = scratch + "/stdout";
    options.stderr_file = scratch + "/stderr";
    asyncio_test::ChildProcess child(args, options);
    const std::optional<int> status = child.wait(30s);
    return FetchRun{status.value_or(-1), read_text_file(options.stdout_file),
                    read_text_file(options.stderr_file)};
}

// Every regular file under `dir`, relative to it.
std::vector<std::string> files_under(const std::string& dir) {
    std::vector<std::string> files;
    if (!fs::exists(dir)) return files;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (entry.is_regular_file()) files.push_back(fs::relative(entry.path(), dir).string());
    }
    std::sort(files.begin(), files.end());
    return files;
}

// The --json lines, by URL.
std::map<std::string, nlohmann::json> json_by_url(const std::string& text) {
    std::map<std::string, nlohmann::json> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        const nlohmann::json parsed = nlohmann::json::parse(line);
        lines[parsed["url"].get<std::string>()] = parsed;
    }
    return lines;
}

std::string lower(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

// The directory the server's files land in: "127.0.0.1:PORT".
std::string host_dir(const FetchServer& server) {
    return "127.0.0.1:" + std::to_string(server.port());
}

class FetchEndToEnd : public ::testing::Test {
  protected:
    TempDir scratch;
    std::string out_dir = scratch.path + "/out";
};

TEST_F(FetchEndToEnd, SavesEachBodyByteForByte) {
    FetchServer server;
    const FetchRun run = run_fetch(
        {"-o", out_dir, server.url("/bytes/300000"), server.url("/docs/"), server.url("/bytes/0")},
        scratch.path);
    EXPECT_EQ(run.status, 0) << run.err;
    const std::string host = host_dir(server);
    EXPECT_EQ(files_under(out_dir),
              (std::vector<std::string>{host + "/bytes/0", host + "/bytes/300000",
                                        host + "/docs/index.html"}));
    EXPECT_EQ(read_text_file(out_dir + "/" + host + "/bytes/300000"), pattern(300000));
    EXPECT_EQ(read_text_file(out_dir + "/" + host + "/docs/index.html"), "/docs/");
    // Off a terminal: a line per URL, then the summary.
    EXPECT_NE(run.err.find("200 "), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("3 URLs in"), std::string::npos) << run.err;
    EXPECT_EQ(run.out, "");
}

TEST_F(FetchEndToEnd, JsonLinesSayWhatHappenedToEachUrl) {
    FetchServer server;
    const std::string ok = server.url("/bytes/1000"), missing = server.url("/status/404"),
                      moved = server.url("/redirect/bytes/5");
    const FetchRun run = run_fetch({"--json", "-j", "2", ok, missing, moved}, scratch.path);
    EXPECT_EQ(run.status, 1) << run.err;  // one URL was not 2xx
    auto lines = json_by_url(run.out);
    ASSERT_EQ(lines.size(), 3u) << run.out;
    EXPECT_EQ(lines[ok]["status"], 200);
    EXPECT_EQ(lines[ok]["bytes"], 1000);
    EXPECT_EQ(lines[ok]["final_url"], ok);
    EXPECT_TRUE(lines[ok]["error"].is_null());
    EXPECT_EQ(lines[ok]["attempts"], 1);
    EXPECT_TRUE(lines[ok]["ms"].is_number_integer());
    EXPECT_EQ(lines[missing]["status"], 404);
    EXPECT_EQ(lines[moved]["status"], 200);
    EXPECT_EQ(lines[moved]["final_url"], server.url("/bytes/5"));
    EXPECT_EQ(lines[moved]["bytes"], 5);
}

TEST_F(FetchEndToEnd, CredentialsInAUrlAreNeverShown) {
    FetchServer server;
    const std::string url = server.url("/bytes/10");
    const std::string with_secret =
        "http://user:s3cret@" + url.substr(std::string("http://").size());
    const FetchRun run = run_fetch({"--json", with_secret}, scratch.path);
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(run.out.find("s3cret"), std::string::npos) << run.out;
    EXPECT_EQ(run.err.find("s3cret"), std::string::npos) << run.err;
    auto lines = json_by_url(run.out);
    EXPECT_EQ(lines.count(url), 1u) << run.out;
}

TEST_F(FetchEndToEnd, RedirectLoopFailsSayingSo) {
    FetchServer server;
    const std::string loop = server.url("/loop");
    const FetchRun run = run_fetch({"--json", "--max-redirects", "5", loop}, scratch.path);
    EXPECT_EQ(run.status, 1);
    auto lines = json_by_url(run.out);
    ASSERT_TRUE(lines[loop]["error"].is_string()) << run.out;
    EXPECT_NE(lower(lines[loop]["error"].get<std::string>()).find("redirect"), std::string::npos)
        << lines[loop]["error"];
    EXPECT_EQ(server.requests("/loop"), 6);  // the first and five redirects
}

TEST_F(FetchEndToEnd, UrlsThatClimbStayInsideTheOutputDirectory) {
    FetchServer server;
    const std::string base = "http://127.0.0.1:" + std::to_string(server.port());
    const FetchRun run = run_fetch(
        {"-o", out_dir, base + "/../../escaped1", base + "/a/%2e%2e/%2e%2e/%2e%2e/escaped2",
         base + "/..%2f..%2f..%2fescaped3", base + "/%2E%2E/%2e%2E/escaped4"},
        scratch.path);
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(files_under(out_dir).size(), 4u);
    // Nothing but the output directory and the logs next to it.
    std::vector<std::string> beside;
    for (const auto& entry : fs::directory_iterator(scratch.path)) {
        beside.push_back(entry.path().filename().string());
    }
    std::sort(beside.begin(), beside.end());
    EXPECT_EQ(beside, (std::vector<std::string>{"out", "stderr", "stdout"}));
    for (const std::string& file : files_under(out_dir)) {
        EXPECT_EQ(file.rfind(host_dir(server) + "/", 0), 0u) << file;
    }
}

TEST_F(FetchEndToEnd, FailedDownloadLeavesNoFile) {
    FetchServer server;
    const FetchRun run = run_fetch(
        {"-o", out_dir, "--retries", "1", "--retry-delay", "0.01", server.url("/cut/200000")},
        scratch.path);
    EXPECT_EQ(run.status, 1);
    EXPECT_EQ(files_under(out_dir), std::vector<std::string>{});
    EXPECT_EQ(server.requests("/cut/200000"), 2);  // a body cut short is retried
    EXPECT_NE(run.err.find("error "), std::string::npos) << run.err;
}

TEST_F(FetchEndToEnd, TimeoutEndsAStalledDownloadAndLeavesNoFile) {
    FetchServer server;
    const std::string stall = server.url("/stall");
    const FetchRun run =
        run_fetch({"--json", "-o", out_dir, "--timeout", "0.3", stall}, scratch.path);
    EXPECT_EQ(run.status, 1);
    auto lines = json_by_url(run.out);
    ASSERT_TRUE(lines[stall]["error"].is_string()) << run.out;
    EXPECT_NE(lower(lines[stall]["error"].get<std::string>()).find("timed out"), std::string::npos)
        << lines[stall]["error"];
    EXPECT_EQ(lines[stall]["bytes"], 64 * 1024);  // what came before the stall
    EXPECT_EQ(files_under(out_dir), std::vector<std::string>{});
}

TEST_F(FetchEndToEnd, ExistingFilesAreKeptUnlessForced) {
    FetchServer server;
    const std::string echo = server.url("/echo");
    const std::string file = out_dir + "/" + host_dir(server) + "/echo";
    FetchRun run = run_fetch({"-o", out_dir, "-d", "one", echo}, scratch.path);
    EXPECT_EQ(run.status, 0) << run.err;
    run = run_fetch({"-o", out_dir, "-d", "two", echo}, scratch.path);
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(read_text_file(file), "POST\none");
    EXPECT_EQ(read_text_file(file + ".1"), "POST\ntwo");
    run = run_fetch({"-o", out_dir, "--force", "-X", "PUT", "-d", "three", echo}, scratch.path);
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(read_text_file(file), "PUT\nthree");
    EXPECT_EQ(files_under(out_dir).size(), 2u);
}

TEST_F(FetchEndToEnd, RetriesTransientStatuses) {
    FetchServer server;
    const std::string flaky = server.url("/flaky/2");
    FetchRun run =
        run_fetch({"--json", "--retries", "3", "--retry-delay", "0.01", flaky}, scratch.path);
    EXPECT_EQ(run.status, 0) << run.err;
    auto lines = json_by_url(run.out);
    EXPECT_EQ(lines[flaky]["attempts"], 3);
    EXPECT_EQ(lines[flaky]["status"], 200);
    // Without retries a 503 is the answer.
    const std::string busy = server.url("/flaky/5");
    run = run_fetch({"--json", busy}, scratch.path);
    EXPECT_EQ(run.status, 1);
    EXPECT_EQ(json_by_url(run.out)[busy]["status"], 503);
}

TEST_F(FetchEndToEnd, ConnectionRefusedIsRetriedThenReported) {
    const auto closed = asyncio_test::reserve("127.0.0.1", 0);
    const std::string url =
        "http://127.0.0.1:" + std::to_string(asyncio_test::port_of(*closed)) + "/";
    const FetchRun run =
        run_fetch({"--json", "--retries", "2", "--retry-delay", "0.01", url}, scratch.path);
    EXPECT_EQ(run.status, 1);
    auto lines = json_by_url(run.out);
    EXPECT_EQ(lines[url]["attempts"], 3);
    EXPECT_TRUE(lines[url]["status"].is_null());
    EXPECT_TRUE(lines[url]["error"].is_string());
}

TEST_F(FetchEndToEnd, OneUrlWithoutOutputDirectoryGoesToStdout) {
    FetchServer server;
    FetchRun run = run_fetch({"-q", server.url("/bytes/100000")}, scratch.path);
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(run.out, pattern(100000));
    EXPECT_EQ(run.err, "");  // --quiet
    // Several: counted, not printed.
    run = run_fetch({server.url("/bytes/10"), server.url("/bytes/20")}, scratch.path);
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(run.out, "");
}

TEST_F(FetchEndToEnd, UrlListFromAFile) {
    FetchServer server;
    asyncio_test::write_text_file(scratch.path + "/list", "# the list\n" + server.url("/a") +
                                                              "\n\n  " + server.url("/b") + "  \n");
    const FetchRun run = run_fetch({"--json", "-i", scratch.path + "/list"}, scratch.path);
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(json_by_url(run.out).size(), 2u);
}

TEST_F(FetchEndToEnd, UsageErrorsHelpAndVersion) {
    FetchRun run = run_fetch({"--jobs", "0", "http://127.0.0.1/"}, scratch.path);
    EXPECT_EQ(run.status, 2);
    EXPECT_NE(run.err.find("--jobs"), std::string::npos) << run.err;
    run = run_fetch({}, scratch.path);
    EXPECT_EQ(run.status, 2);
    run = run_fetch({"--help"}, scratch.path);
    EXPECT_EQ(run.status, 0);
    EXPECT_NE(run.out.find("--output-dir"), std::string::npos);
    run = run_fetch({"--version"}, scratch.path);
    EXPECT_EQ(run.status, 0);
    EXPECT_EQ(run.out.rfind("asyncio-fetch ", 0), 0u) << run.out;
}

TEST_F(FetchEndToEnd, CtrlCStopsCleanlyAndRemovesPartialFiles) {
    FetchServer server;
    asyncio_test::ChildProcess::Options options;
    options.stderr_file = scratch.path + "/stderr";
    asyncio_test::ChildProcess child(
        {ASYNCIO_FETCH_BINARY, "-o", out_dir, server.url("/stall"), server.url("/stall")}, options);
    // Until both downloads have written their first bytes to temporary files.
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    auto partial_bytes = [&] {
        std::uintmax_t bytes = 0;
        const std::string dir = out_dir + "/" + host_dir(server);
        if (fs::exists(dir)) {
            for (const auto& entry : fs::directory_iterator(dir)) bytes += entry.file_size();
        }
        return bytes;
    };
    while (partial_bytes() < 2 * 64 * 1024 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(10ms);
    }
    EXPECT_EQ(files_under(out_dir).size(), 2u);  // the two temporary files
    ::kill(child.pid(), SIGINT);
    const std::optional<int> status = child.wait(20s);
    EXPECT_EQ(status, 130) << read_text_file(options.stderr_file);
    EXPECT_EQ(files_under(out_dir), std::vector<std::string>{});
}

}  // namespace
