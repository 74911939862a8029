// `Headers`: the header fields of a request or a response, in the order they came, with
// case-insensitive names and several values per name allowed (aiohttp's CIMultiDict).
//
//   http::Headers headers{{"Accept", "text/html"}, {"X-Trace", "1"}};
//   headers.add("Accept", "application/json");        // a second value
//   headers.get("accept");                            // "text/html": the first
//   headers.get_all("ACCEPT");                        // both, in order
//
// Names and values are checked as they go in: a name that is not an HTTP token, or a value
// holding CR, LF or NUL, raises ValueError, so no header can smuggle another one (or a body)
// into a request. Values keep their bytes; surrounding spaces are trimmed.
#pragma once
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace asyncio::http {
namespace detail {
struct HeadersAccess;
}

class Headers {
  public:
    struct Field {
        std::string name;  // as given
        std::string value;
    };
    using const_iterator = std::vector<Field>::const_iterator;

    Headers() = default;
    Headers(std::initializer_list<std::pair<std::string_view, std::string_view>> fields);

    // Appends a field (another value if the name is there already).
    void add(std::string_view name, std::string_view value);
    // Replaces every field of that name by one, where the first one was (or at the end).
    void set(std::string_view name, std::string_view value);
    // Sets the field only if the name is not there yet; true if it was added.
    bool setdefault(std::string_view name, std::string_view value);
    // Removes every field of that name; how many there were.
    std::size_t remove(std::string_view name);

    bool contains(std::string_view name) const noexcept;
    // The first value of that name.
    std::optional<std::string_view> get(std::string_view name) const noexcept;
    std::string_view get(std::string_view name, std::string_view otherwise) const noexcept;
    std::vector<std::string_view> get_all(std::string_view name) const;

    std::size_t size() const noexcept { return fields_.size(); }
    bool empty() const noexcept { return fields_.empty(); }
    const_iterator begin() const noexcept { return fields_.begin(); }
    const_iterator end() const noexcept { return fields_.end(); }
    void clear() noexcept { fields_.clear(); }

    friend bool operator==(const Headers&, const Headers&) = default;

  private:
    friend struct detail::HeadersAccess;
    std::vector<Field> fields_;
};

// ASCII case-insensitive equality, as header names and tokens compare.
bool iequals(std::string_view a, std::string_view b) noexcept;
// An RFC 9110 token: what a header name or a method must be.
bool is_token(std::string_view text) noexcept;

}  // namespace asyncio::http
