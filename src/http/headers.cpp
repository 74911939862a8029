#include "asyncio/http/headers.hpp"

#include <algorithm>
#include <array>

#include "asyncio/core/errors.hpp"

namespace asyncio::http {
namespace {

constexpr char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? char(c + 32) : c; }

// RFC 9110's token characters, as a table: a response's field names are checked on every
// request.
constexpr auto kTokenChars = [] {
    std::array<bool, 256> table{};
    for (int c = '0'; c <= '9'; ++c) table[c] = true;
    for (int c = 'a'; c <= 'z'; ++c) table[c] = table[c - 32] = true;
    for (char c : std::string_view("!#$%&'*+-.^_`|~")) table[static_cast<unsigned char>(c)] = true;
    return table;
}();

}  // namespace

bool is_token(std::string_view name) noexcept {
    if (name.empty()) return false;
    return std::all_of(name.begin(), name.end(),
                       [](char c) { return kTokenChars[static_cast<unsigned char>(c)]; });
}

namespace {

std::string_view checked_value(std::string_view name, std::string_view value) {
    if (!is_token(name)) throw ValueError("invalid header name '" + std::string(name) + "'");
    if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos)
        throw ValueError("invalid value for header '" + std::string(name) +
                         "': CR, LF and NUL are not allowed");
    const auto first = value.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    return value.substr(first, value.find_last_not_of(" \t") - first + 1);
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                              [](char x, char y) { return lower(x) == lower(y); });
}

Headers::Headers(std::initializer_list<std::pair<std::string_view, std::string_view>> fields) {
    fields_.reserve(fields.size());
    for (const auto& [name, value] : fields) add(name, value);
}

void Headers::add(std::string_view name, std::string_view value) {
    const std::string_view trimmed = checked_value(name, value);
    fields_.push_back(Field{std::string(name), std::string(trimmed)});
}

void Headers::set(std::string_view name, std::string_view value) {
    const std::string_view trimmed = checked_value(name, value);
    auto first = std::find_if(fields_.begin(), fields_.end(),
                              [&](const Field& f) { return iequals(f.name, name); });
    if (first == fields_.end()) {
        fields_.push_back(Field{std::string(name), std::string(trimmed)});
        return;
    }
    first->name = name;
    first->value = trimmed;
    fields_.erase(std::remove_if(first + 1, fields_.end(),
                                 [&](const Field& f) { return iequals(f.name, name); }),
                  fields_.end());
}

bool Headers::setdefault(std::string_view name, std::string_view value) {
    if (contains(name)) return false;
    add(name, value);
    return true;
}

std::size_t Headers::remove(std::string_view name) {
    const auto before = fields_.size();
    std::erase_if(fields_, [&](const Field& f) { return iequals(f.name, name); });
    return before - fields_.size();
}

bool Headers::contains(std::string_view name) const noexcept { return get(name).has_value(); }

std::optional<std::string_view> Headers::get(std::string_view name) const noexcept {
    for (const Field& f : fields_)
        if (iequals(f.name, name)) return f.value;
    return std::nullopt;
}

std::string_view Headers::get(std::string_view name, std::string_view otherwise) const noexcept {
    return get(name).value_or(otherwise);
}

std::vector<std::string_view> Headers::get_all(std::string_view name) const {
    std::vector<std::string_view> values;
    for (const Field& f : fields_)
        if (iequals(f.name, name)) values.push_back(f.value);
    return values;
}

}  // namespace asyncio::http
