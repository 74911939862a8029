// OutputBuffer, communicate's collector: bytes appended in pieces of every size, across its
// growth in place, come back whole and in order; it is empty afterwards and can be used again.
#include "asyncio/detail/subprocess/output_buffer.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using asyncio::detail::OutputBuffer;

std::string pattern(std::size_t n, int seed) {
    std::string bytes(n, '\0');
    for (std::size_t i = 0; i < n; ++i) bytes[i] = static_cast<char>((i * 13 + seed) % 251);
    return bytes;
}

TEST(OutputBuffer, EmptyGivesAnEmptyString) {
    OutputBuffer buffer;
    buffer.append("");
    EXPECT_EQ(buffer.size(), 0u);
    EXPECT_EQ(buffer.take(), "");
}

TEST(OutputBuffer, PiecesOfEverySizeComeBackInOrder) {
    OutputBuffer buffer;
    std::string expected;
    // From one byte to several slices at once, so that growth, whole slices and a partial
    // last slice are all crossed.
    for (std::size_t size : {1u, 7u, 4096u, 65535u, 65537u, 1u << 20, 3u << 20, 12345u}) {
        const std::string piece = pattern(size, static_cast<int>(size % 97));
        buffer.append(piece);
        expected += piece;
        EXPECT_EQ(buffer.size(), expected.size());
    }
    const std::string taken = buffer.take();
    EXPECT_EQ(taken.size(), expected.size());
    EXPECT_TRUE(taken == expected);
    EXPECT_EQ(buffer.size(), 0u);
    // Usable again after take().
    buffer.append("again");
    EXPECT_EQ(buffer.take(), "again");
}

TEST(OutputBuffer, ExactlyOneSlice) {
    OutputBuffer buffer;
    const std::string slice = pattern(OutputBuffer::kSlice, 3);
    buffer.append(slice);
    EXPECT_TRUE(buffer.take() == slice);
}

}  // namespace
