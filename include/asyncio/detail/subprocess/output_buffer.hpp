// What `communicate` collects from a child's stdout or stderr: bytes appended up to the end
// of the stream, then handed out as one std::string, with little memory beyond the bytes.
//
// The bytes live in anonymous pages that grow in place (mremap moves page tables, not
// bytes), so growing never holds two copies; the string is then filled a slice at a time,
// each slice's pages given back as soon as they are copied. Collecting n bytes thus peaks at
// n plus a slice (1 MiB), where a growing std::string peaks near 1.5 n (the old and the new
// buffer while it copies) and Python's list of chunks joined at the end at 2 n.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace asyncio::detail {

class OutputBuffer {
  public:
    static constexpr std::size_t kSlice = 1 << 20;

    OutputBuffer() noexcept = default;
    ~OutputBuffer();
    OutputBuffer(const OutputBuffer&) = delete;
    OutputBuffer& operator=(const OutputBuffer&) = delete;

    std::size_t size() const noexcept { return size_; }
    void append(std::string_view bytes);
    // Everything appended, the buffer left empty.
    std::string take();

  private:
    void grow(std::size_t needed);
    void release() noexcept;
    char* data_ = nullptr;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;  // mapped bytes
};

}  // namespace asyncio::detail
