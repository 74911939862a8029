// asyncio-fetch's file names (apps/fetch/file_names.hpp): derived from the URL, safe whatever
// the URL holds, and placed inside the output directory whatever is in it.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "file_names.hpp"
#include "net/net_support.hpp"

namespace {
namespace fs = std::filesystem;
using asyncio::http::URL;
using fetch::relative_path_for;

std::string relative(const std::string& url) { return relative_path_for(URL(url)).string(); }

// Every component of `path` is a plain name: not empty, ".", "..", and no control byte.
void expect_plain_components(const fs::path& path) {
    EXPECT_FALSE(path.is_absolute()) << path;
    for (const fs::path& part : path) {
        const std::string name = part.string();
        EXPECT_FALSE(name.empty() || name == "." || name == "..") << path;
        EXPECT_LE(name.size(), 255u) << path;
        for (const char c : name) {
            EXPECT_FALSE(static_cast<unsigned char>(c) < 0x20 || c == 0x7F) << path;
        }
    }
}

TEST(FetchNames, HostThenPath) {
    EXPECT_EQ(relative("http://example.com/a/b.txt"), "example.com/a/b.txt");
    EXPECT_EQ(relative("http://EXAMPLE.com:8080/a"), "example.com:8080/a");
    EXPECT_EQ(relative("https://example.com:443/a"), "example.com/a");
    EXPECT_EQ(relative("http://[::1]:8080/x"), "[::1]:8080/x");
}

TEST(FetchNames, EmptyPathOrDirectoryIsIndexHtml) {
    EXPECT_EQ(relative("http://example.com"), "example.com/index.html");
    EXPECT_EQ(relative("http://example.com/"), "example.com/index.html");
    EXPECT_EQ(relative("http://example.com/docs/"), "example.com/docs/index.html");
    EXPECT_EQ(relative("http://example.com//a//b"), "example.com/a/b");
}

TEST(FetchNames, QueryStaysOnTheLastName) {
    EXPECT_EQ(relative("http://h/search?q=1&r=2"), "h/search?q=1&r=2");
    EXPECT_EQ(relative("http://h/?page=2"), "h/index.html?page=2");
    // A '/' in the query would make a directory: escaped.
    EXPECT_EQ(relative("http://h/a?next=/etc/passwd"), "h/a?next=%2Fetc%2Fpasswd");
    EXPECT_EQ(relative("http://h/a#fragment"), "h/a");
}

TEST(FetchNames, DotSegmentsNeverClimb) {
    for (const char* url :
         {"http://h/../../etc/passwd", "http://h/a/%2e%2e/b", "http://h/a/%2E%2E/%2e%2e/%2e%2e/b",
          "http://h/%2e%2e%2f%2e%2e%2fetc/passwd", "http://h/a/..%2f..%2f/b", "http://h/./.",
          "http://h/%2e", "http://h/..%5c..%5cwin.ini"}) {
        const fs::path path = relative_path_for(URL(url));
        SCOPED_TRACE(url);
        expect_plain_components(path);
        EXPECT_EQ(path.begin()->string(), "h");
    }
    EXPECT_EQ(relative("http://h/../../etc/passwd"), "h/etc/passwd");
    // Decoded to "..%2F..%2F": one name, with its slashes escaped.
    EXPECT_EQ(relative("http://h/%2e%2e%2f%2e%2e%2fetc"), "h/..%2F..%2Fetc");
}

TEST(FetchNames, ControlCharactersAndBadBytesAreEscaped) {
    EXPECT_EQ(fetch::safe_component(std::string("a\nb\rc\x1b[31m\x7f", 11)), "a%0Ab%0Dc%1B[31m%7F");
    EXPECT_EQ(fetch::safe_component("a\\b"), "a%5Cb");
    EXPECT_EQ(fetch::safe_component(std::string("a\0b", 3)), "a%00b");
    EXPECT_EQ(fetch::safe_component("caf\xc3\xa9"), "caf\xc3\xa9");  // UTF-8 kept
    EXPECT_EQ(fetch::safe_component("\xff\xc3"), "%FF%C3");          // not UTF-8
    EXPECT_EQ(fetch::safe_component("\xc2\x9b"
                                    "1m"),
              "%C2%9B1m");  // C1 control (CSI)
    EXPECT_EQ(relative("http://h/a%0Ab%00c"), "h/a%0Ab%00c");
    EXPECT_EQ(relative("http://h/my%20file.pdf"), "h/my file.pdf");
}

TEST(FetchNames, LongNamesAreCutAndStayDistinct) {
    const std::string a = "http://h/" + std::string(5000, 'a');
    const std::string b = "http://h/" + std::string(4999, 'a') + "b";
    const fs::path pa = relative_path_for(URL(a));
    const fs::path pb = relative_path_for(URL(b));
    expect_plain_components(pa);
    EXPECT_NE(pa, pb);
    EXPECT_LE(pa.filename().string().size(), fetch::kMaxComponent);

    // Deep paths fold into host/last.
    std::string deep = "http://h";
    for (int i = 0; i < 300; ++i) deep += "/dir" + std::to_string(i);
    const fs::path folded = relative_path_for(URL(deep));
    EXPECT_EQ(folded, fs::path("h") / "dir299");
}

TEST(FetchNames, CutNamesKeepUtf8Whole) {
    std::string long_name;
    for (int i = 0; i < 150; ++i) long_name += "\xc3\xa9";  // 300 bytes of é
    const std::string name = fetch::safe_component(long_name);
    EXPECT_LE(name.size(), fetch::kMaxComponent);
    const std::string stem = name.substr(0, name.find('~'));
    EXPECT_EQ(stem.size() % 2, 0u);
    EXPECT_EQ(fetch::safe_component(stem), stem);  // still well-formed UTF-8
}

TEST(FetchNames, DestinationStaysInsideThroughLinks) {
    asyncio_test::TempDir dir;
    const fs::path root = fs::canonical(dir.path);
    const fs::path outside = root / "outside";
    fs::create_directory(root / "out");
    fs::create_directory(outside);
    fs::create_directory_symlink(outside, root / "out" / "evil");
    const fs::path out = root / "out";

    EXPECT_EQ(fetch::prepare_destination(out, "h/a/b.txt"), out / "h" / "a" / "b.txt");
    EXPECT_TRUE(fs::is_directory(out / "h" / "a"));
    EXPECT_THROW(fetch::prepare_destination(out, "evil/x/passwd"), fetch::DestinationError);
    EXPECT_FALSE(fs::exists(outside / "x"));  // nothing made behind the link
    // A file where a directory should be.
    std::ofstream(out / "h" / "file") << "x";
    EXPECT_THROW(fetch::prepare_destination(out, "h/file/y"), fetch::DestinationError);
}

TEST(FetchNames, CommitNeverReplacesUnlessForced) {
    asyncio_test::TempDir dir;
    const fs::path target = fs::path(dir.path) / "page.html";
    auto make = [&](const std::string& text) {
        const fs::path temporary = fetch::temporary_name_for(target);
        EXPECT_EQ(temporary.parent_path(), target.parent_path());
        EXPECT_EQ(temporary.filename().string().front(), '.');
        std::ofstream(temporary) << text;
        return temporary;
    };
    auto read = [](const fs::path& path) {
        std::ifstream in(path);
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    EXPECT_EQ(fetch::commit_file(make("one"), target, false), target);
    EXPECT_EQ(fetch::commit_file(make("two"), target, false), fs::path(target.string() + ".1"));
    EXPECT_EQ(fetch::commit_file(make("three"), target, false), fs::path(target.string() + ".2"));
    EXPECT_EQ(read(target), "one");
    EXPECT_EQ(read(target.string() + ".2"), "three");
    EXPECT_EQ(fetch::commit_file(make("four"), target, true), target);
    EXPECT_EQ(read(target), "four");
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir.path)) ++files;
    EXPECT_EQ(files, 3u);  // no temporary left
}

}  // namespace
