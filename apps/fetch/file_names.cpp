#include "file_names.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <random>
#include <system_error>
#include <vector>

namespace fetch {
namespace fs = std::filesystem;

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

void append_escape(std::string& out, unsigned char byte) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    out += '%';
    out += kHex[byte >> 4];
    out += kHex[byte & 15];
}

// The length of the well-formed UTF-8 sequence at `text[at]` (a non-ASCII lead byte), or 0.
// C1 controls (U+0080..U+009F) count as not well-formed: some terminals obey them.
std::size_t utf8_length(std::string_view text, std::size_t at) {
    const auto lead = static_cast<unsigned char>(text[at]);
    std::size_t length = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
    } else {
        return 0;
    }
    if (at + length > text.size()) return 0;
    for (std::size_t i = 1; i < length; ++i) {
        if ((static_cast<unsigned char>(text[at + i]) & 0xC0) != 0x80) return 0;
    }
    if (lead == 0xC2 && static_cast<unsigned char>(text[at + 1]) < 0xA0) return 0;  // C1
    return length;
}

// FNV-1a: a short, stable tag telling two cut names apart.
std::string short_hash(std::string_view text) {
    std::uint32_t hash = 2166136261u;
    for (const char c : text) hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
    char tag[16];
    std::snprintf(tag, sizeof tag, "~%08x", hash);
    return tag;
}

// `name` cut to kMaxComponent bytes (at a character boundary) plus the hash of the whole.
std::string limit_length(std::string name) {
    if (name.size() <= kMaxComponent) return name;
    const std::string tag = short_hash(name);
    std::size_t cut = kMaxComponent - tag.size();
    while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
    name.resize(cut);
    return name + tag;
}

bool inside(const fs::path& root, const fs::path& path) {
    const std::string& r = root.native();
    const std::string& p = path.native();
    return p == r || (p.size() > r.size() && p.compare(0, r.size(), r) == 0 &&
                      (r.back() == '/' || p[r.size()] == '/'));
}

}  // namespace

std::string percent_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
            hex_value(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::string safe_component(std::string_view decoded) {
    if (decoded == ".") return "%2E";
    if (decoded == "..") return "%2E%2E";
    std::string out;
    out.reserve(decoded.size());
    for (std::size_t i = 0; i < decoded.size();) {
        const auto byte = static_cast<unsigned char>(decoded[i]);
        if (byte >= 0x80) {
            const std::size_t length = utf8_length(decoded, i);
            if (length > 0) {
                out.append(decoded.substr(i, length));
                i += length;
                continue;
            }
            append_escape(out, byte);
        } else if (byte < 0x20 || byte == 0x7F || byte == '/' || byte == '\\') {
            append_escape(out, byte);
        } else {
            out += static_cast<char>(byte);
        }
        ++i;
    }
    return limit_length(std::move(out));
}

fs::path relative_path_for(const asyncio::http::URL& url) {
    const std::string host = safe_component(url.host_header());
    std::vector<std::string> parts;
    const std::string_view path = url.path();
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        if (end > start) parts.push_back(percent_decode(path.substr(start, end - start)));
        start = end + 1;
    }
    if (parts.empty() || path.empty() || path.back() == '/') parts.push_back("index.html");
    // append(), not += "?" + ...: g++ 12 at -O3 reports a false -Wrestrict for that.
    if (!url.query().empty()) parts.back().append("?").append(percent_decode(url.query()));

    std::size_t total = host.size();
    for (std::string& part : parts) {
        part = safe_component(part);
        total += part.size() + 1;
    }
    if (total > kMaxPath) parts.erase(parts.begin(), parts.end() - 1);  // host/last
    fs::path relative = host;
    for (const std::string& part : parts) relative /= part;
    return relative;
}

fs::path prepare_destination(const fs::path& root, const fs::path& relative) {
    fs::path directory = root;
    for (const fs::path& part : relative.parent_path()) {
        directory /= part;
        if (::mkdir(directory.c_str(), 0777) != 0 && errno != EEXIST) {
            throw DestinationError("cannot create directory " + directory.string() + ": " +
                                   std::generic_category().message(errno));
        }
        std::error_code error;
        const fs::path resolved = fs::canonical(directory, error);
        if (error || !inside(root, resolved) || !fs::is_directory(resolved)) {
            throw DestinationError(directory.string() + " is not a directory inside " +
                                   root.string());
        }
        // From here on, the resolved directory: a link swapped in later changes nothing
        // already checked.
        directory = resolved;
    }
    return directory / relative.filename();
}

fs::path temporary_name_for(const fs::path& target) {
    thread_local std::mt19937_64 random{std::random_device{}()};
    char tag[32];
    std::snprintf(tag, sizeof tag, "%016llx", static_cast<unsigned long long>(random()));
    return target.parent_path() / (".asyncio-fetch-" + std::string(tag) + ".part");
}

namespace {
// rename() that fails with EEXIST rather than replace: renameat2's RENAME_NOREPLACE, or
// link() + unlink() on a file system without it.
int rename_no_replace(const fs::path& from, const fs::path& to) {
    if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return 0;
    if (errno != EINVAL && errno != ENOSYS) return -1;
    if (::link(from.c_str(), to.c_str()) != 0) return -1;
    ::unlink(from.c_str());
    return 0;
}
}  // namespace

fs::path commit_file(const fs::path& temporary, const fs::path& target, bool force) {
    if (force) {
        if (::rename(temporary.c_str(), target.c_str()) == 0) return target;
        throw DestinationError("cannot save " + target.string() + ": " +
                               std::generic_category().message(errno));
    }
    for (int suffix = 0; suffix < 1000; ++suffix) {
        fs::path name = target;
        if (suffix > 0) name += std::string(".").append(std::to_string(suffix));
        if (rename_no_replace(temporary, name) == 0) return name;
        if (errno != EEXIST) {
            throw DestinationError("cannot save " + name.string() + ": " +
                                   std::generic_category().message(errno));
        }
    }
    throw DestinationError("cannot save " + target.string() + ": 1000 files of that name exist");
}

}  // namespace fetch
