#include "asyncio/detail/subprocess/output_buffer.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "asyncio/net/errors.hpp"

namespace asyncio::detail {

namespace {

constexpr std::size_t kFirstCapacity = 64 * 1024;
constexpr std::size_t kPage = 4096;  // the kernel rounds up to its own page size anyway

}  // namespace

OutputBuffer::~OutputBuffer() { release(); }

void OutputBuffer::release() noexcept {
    if (data_) ::munmap(data_, capacity_);
    data_ = nullptr;
    size_ = 0;
    capacity_ = 0;
}

void OutputBuffer::grow(std::size_t needed) {
    const std::size_t capacity = std::max({needed, 2 * capacity_, kFirstCapacity});
    const std::size_t size = (capacity + kPage - 1) / kPage * kPage;  // whole pages
    void* mapped =
        data_ ? ::mremap(data_, capacity_, size, MREMAP_MAYMOVE)
              : ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mapped == MAP_FAILED) raise_os_error(errno, "collecting a child's output");
    data_ = static_cast<char*>(mapped);
    capacity_ = size;
}

void OutputBuffer::append(std::string_view bytes) {
    if (bytes.empty()) return;
    if (size_ + bytes.size() > capacity_) grow(size_ + bytes.size());
    std::memcpy(data_ + size_, bytes.data(), bytes.size());
    size_ += bytes.size();
}

std::string OutputBuffer::take() {
    std::string result;
    result.reserve(size_);  // not touched yet: its pages come as the slices are copied
    for (std::size_t offset = 0; offset < size_; offset += kSlice) {
        const std::size_t n = std::min(kSlice, size_ - offset);
        result.append(data_ + offset, n);
        if (n == kSlice) ::madvise(data_ + offset, kSlice, MADV_DONTNEED);
    }
    release();
    return result;
}

}  // namespace asyncio::detail
