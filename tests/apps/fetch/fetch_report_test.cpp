// asyncio-fetch's reports (apps/fetch/report.hpp): the --json line, the plain lines, the
// progress line and the summary.
#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "report.hpp"

namespace {
using namespace std::chrono_literals;
using fetch::Outcome;

Outcome saved() {
    Outcome outcome;
    outcome.url = "http://h/a";
    outcome.final_url = "http://h/b";
    outcome.status = 200;
    outcome.bytes = 1536;
    outcome.elapsed = 12ms;
    outcome.attempts = 1;
    outcome.file = "out/h/a";
    return outcome;
}

Outcome failed() {
    Outcome outcome;
    outcome.url = "http://h/loop";
    outcome.error = "too many redirects";
    outcome.elapsed = 3ms;
    outcome.attempts = 2;
    return outcome;
}

TEST(FetchReport, JsonLineHasEveryFieldInOrder) {
    EXPECT_EQ(fetch::json_line(saved()),
              R"({"url":"http://h/a","final_url":"http://h/b","status":200,"bytes":1536,)"
              R"("ms":12,"error":null,"attempts":1,"file":"out/h/a"})");
    EXPECT_EQ(fetch::json_line(failed()),
              R"({"url":"http://h/loop","final_url":null,"status":null,"bytes":0,"ms":3,)"
              R"("error":"too many redirects","attempts":2,"file":null})");
}

TEST(FetchReport, JsonLineIsOneValidLineWhateverTheText) {
    Outcome outcome = failed();
    outcome.url = "http://h/\"quoted\"\n\xff";
    outcome.error = "line one\nline two";
    const std::string line = fetch::json_line(outcome);
    EXPECT_EQ(line.find('\n'), std::string::npos);
    const auto parsed = nlohmann::json::parse(line);
    EXPECT_EQ(parsed["error"], "line one\nline two");
    EXPECT_EQ(parsed["url"], "http://h/\"quoted\"\n\xef\xbf\xbd");  // U+FFFD for the bad byte
}

TEST(FetchReport, PlainLines) {
    EXPECT_EQ(fetch::plain_line(saved()), "200 1.5 KiB 12 ms http://h/a -> out/h/a");
    EXPECT_EQ(fetch::plain_line(failed()), "error http://h/loop: too many redirects");
    Outcome cut = saved();
    cut.error = "body ended early";
    EXPECT_EQ(fetch::plain_line(cut), "200 error http://h/a: body ended early");
}

TEST(FetchReport, Formats) {
    EXPECT_EQ(fetch::format_bytes(0), "0 B");
    EXPECT_EQ(fetch::format_bytes(1023), "1023 B");
    EXPECT_EQ(fetch::format_bytes(1024), "1.0 KiB");
    EXPECT_EQ(fetch::format_bytes(5.5 * 1024 * 1024), "5.5 MiB");
    EXPECT_EQ(fetch::format_bytes(3.0 * 1024 * 1024 * 1024), "3.0 GiB");
    EXPECT_EQ(fetch::format_eta(7s), "0:07");
    EXPECT_EQ(fetch::format_eta(754s), "12:34");
    EXPECT_EQ(fetch::format_eta(3723s), "1:02:03");
}

TEST(FetchReport, SummaryCountsStatusesAndErrors) {
    fetch::Tally tally;
    Outcome ok = saved();
    tally.add(ok);
    tally.add(ok);
    Outcome missing = saved();
    missing.status = 404;
    tally.add(missing);
    tally.add(failed());
    tally.add_bytes(2048);
    EXPECT_EQ(tally.done(), 4u);
    EXPECT_EQ(tally.failed(), 2u);
    EXPECT_FALSE(tally.all_ok());
    EXPECT_EQ(tally.summary(2s),
              "4 URLs in 2.00 s (2.5 requests/s), 2.0 KiB (1.0 KiB/s): 2 x 200, 1 x 404, 1 error");
}

TEST(FetchReport, ProgressLine) {
    fetch::Tally tally;
    for (int i = 0; i < 5; ++i) tally.add(saved());
    tally.add_bytes(10 * 1024 * 1024);
    const std::string line = tally.progress_line(20, 10s, 80);
    EXPECT_EQ(line, "[#######                       ] 5/20 URLs  10.0 MiB  1.0 MiB/s  ETA 0:30");
    EXPECT_LE(tally.progress_line(20, 10s, 40).size(), 40u);  // narrow: no bar
}

TEST(FetchReport, ReporterPlainModeWritesALinePerUrlAndASummary) {
    char* out_text = nullptr;
    char* err_text = nullptr;
    std::size_t out_size = 0, err_size = 0;
    std::FILE* out = open_memstream(&out_text, &out_size);
    std::FILE* err = open_memstream(&err_text, &err_size);
    {
        fetch::Reporter reporter({.live = false, .quiet = false, .json = true}, 2, out, err);
        reporter.finished(saved());
        reporter.finished(failed());
        reporter.redraw();  // not live: nothing
        reporter.summary();
    }
    std::fclose(out);
    std::fclose(err);
    const std::string stdout_text(out_text, out_size), stderr_text(err_text, err_size);
    std::free(out_text);
    std::free(err_text);
    EXPECT_EQ(stdout_text, fetch::json_line(saved()) + "\n" + fetch::json_line(failed()) + "\n");
    EXPECT_EQ(stderr_text.find(fetch::plain_line(saved()) + "\n" + fetch::plain_line(failed())),
              0u);
    EXPECT_NE(stderr_text.find("2 URLs in"), std::string::npos);
    EXPECT_EQ(stderr_text.find('\033'), std::string::npos);  // no terminal codes off a terminal
}

TEST(FetchReport, ReporterQuietShowsOnlyFailures) {
    char* text = nullptr;
    std::size_t size = 0;
    std::FILE* err = open_memstream(&text, &size);
    {
        fetch::Reporter reporter({.live = false, .quiet = true, .json = false}, 2, stdout, err);
        reporter.finished(saved());
        reporter.finished(failed());
        reporter.summary();
    }
    std::fclose(err);
    EXPECT_EQ(std::string(text, size), fetch::plain_line(failed()) + "\n");
    std::free(text);
}

}  // namespace
