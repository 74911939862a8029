// WriteQueue: bytes come out in the order they went in, however they were chunked, and an
// emptied queue starts small again.
#include "asyncio/detail/net/write_queue.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using asyncio::detail::WriteQueue;

// Everything queued, as one string, read through gather().
std::string contents(const WriteQueue& queue) {
    iovec parts[64];
    const int count = queue.gather(parts, 64);
    std::string out;
    for (int i = 0; i < count; ++i)
        out.append(static_cast<char*>(parts[i].iov_base), parts[i].iov_len);
    return out;
}

TEST(WriteQueue, SmallAndLargeWritesComeOutInOrder) {
    WriteQueue queue;
    std::string expected;
    for (int i = 0; i < 500; ++i) {  // fills and outgrows several chunks
        const std::string line = "line " + std::to_string(i) + "\n";
        queue.append(line);
        expected += line;
    }
    std::string large(WriteQueue::kCoalesceLimit + 1, 'L');
    expected += large;
    queue.append(std::move(large));  // kept whole
    queue.append(std::string_view("tail"));
    expected += "tail";
    EXPECT_EQ(queue.size(), expected.size());
    EXPECT_EQ(contents(queue), expected);
}

TEST(WriteQueue, ConsumeDropsWhatWasSentEvenMidChunk) {
    WriteQueue queue;
    queue.append(std::string_view("hello "));
    queue.append(std::string_view("world"));
    queue.consume(3);
    EXPECT_EQ(contents(queue), "lo world");
    queue.append(std::string_view("!"));  // joins the partly sent chunk
    EXPECT_EQ(contents(queue), "lo world!");
    queue.consume(9);
    EXPECT_TRUE(queue.empty());
    queue.append(std::string_view("again"));  // an emptied queue takes writes as a new one
    EXPECT_EQ(contents(queue), "again");
    queue.clear();
    EXPECT_EQ(queue.size(), 0u);
    EXPECT_EQ(contents(queue), "");
}

}  // namespace
