// `FixedString<N>`: a string of at most N characters stored inline, trivially destructible.
//
// For the text fields of option structs (a TLS server_hostname): such a struct written
// inline in a `co_await` must be trivially destructible to be safe with g++ 12 (see
// net/streams.hpp), and an inline copy cannot dangle as a string_view could. Longer text is
// a ValueError.
#pragma once

#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

#include "asyncio/core/errors.hpp"

namespace asyncio {

template <std::size_t N>
class FixedString {
  public:
    FixedString() noexcept = default;
    FixedString(const char* text) : FixedString(std::string_view(text)) {}
    FixedString(const std::string& text) : FixedString(std::string_view(text)) {}
    FixedString(std::string_view text) {
        if (text.size() > N) {
            throw ValueError("text longer than " + std::to_string(N) +
                             " characters: " + std::string(text.substr(0, 40)) + "...");
        }
        std::memcpy(data_, text.data(), text.size());
        size_ = text.size();
    }

    std::string_view view() const noexcept { return {data_, size_}; }
    std::string str() const { return std::string(view()); }
    operator std::string_view() const noexcept { return view(); }
    bool empty() const noexcept { return size_ == 0; }
    std::size_t size() const noexcept { return size_; }
    friend bool operator==(const FixedString& a, std::string_view b) noexcept {
        return a.view() == b;
    }

  private:
    char data_[N] = {};
    std::size_t size_ = 0;
};

}  // namespace asyncio
