// README.md's "Async generators and `async for`": every spelling of the loop (a generator,
// anext and aclose, StreamReader and File lines, a Queue until shut down, as_completed), the
// program as the README shows it, with checks of what each loop gave (and the file it reads
// written first, in /tmp).
#include <asyncio/asyncio.hpp>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "check.hpp"
using namespace std::chrono_literals;

asyncio::AsyncGenerator<int> ticks(int n) {  // async def ticks(n): ... yield i
    for (int i = 0; i < n; ++i) {
        co_await asyncio::sleep(10ms);
        co_yield i;
    }
}

std::vector<std::string> cleanups;

asyncio::AsyncGenerator<int> numbers() {  // try: ... yield ... finally: await ...
    std::exception_ptr error;
    try {
        for (int i = 0;; ++i) co_yield i;
    } catch (...) {  // GeneratorExit from aclose(), or a failure
        error = std::current_exception();
    }
    co_await asyncio::sleep(0s);  // the clean-up may await
    cleanups.push_back("numbers cleaned up");
    if (error) std::rethrow_exception(error);
}

asyncio::Coro<int> square_later(int x) {
    co_await asyncio::sleep(std::chrono::milliseconds(10 * (4 - x)));
    co_return x* x;
}

asyncio::Coro<> main_() {
    std::vector<int> got;
    auto gen = ticks(3);  // async for i in ticks(3):
    for (auto it = co_await gen.begin(); it != gen.end(); co_await ++it) {
        std::cout << "tick " << *it << "\n";
        got.push_back(*it);
    }
    expect(got == std::vector<int>{0, 1, 2}, "a generator's items in order");

    auto counting = numbers();
    int first = co_await asyncio::anext(counting);  // anext(counting)
    int second = co_await asyncio::anext(counting);
    co_await counting.aclose();  // await counting.aclose(): its clean-up runs
    std::cout << "first " << first << "\n";
    expect(first == 0 && second == 1, "anext");
    expect(cleanups == std::vector<std::string>{"numbers cleaned up"}, "aclose ran the clean-up");

    asyncio::StreamReader reader;  // async for line in reader:
    reader.feed_data("one\ntwo\n");
    reader.feed_eof();
    std::vector<std::string> lines_read;
    auto lines = reader.lines();
    for (auto it = co_await lines.begin(); it != lines.end(); co_await ++it) {
        std::cout << "line " << *it;
        lines_read.push_back(*it);
    }
    expect(lines_read == std::vector<std::string>{"one\n", "two\n"}, "a reader's lines");

    asyncio::File out = co_await asyncio::File::open("/tmp/asyncio-readme-lines.txt", "w");
    co_await out.write("first\nsecond\n");
    co_await out.close();
    asyncio::File in = co_await asyncio::File::open("/tmp/asyncio-readme-lines.txt");
    auto file_lines = in.lines();  // async for line in f:
    int count = 0;
    for (auto it = co_await file_lines.begin(); it != file_lines.end(); co_await ++it) ++count;
    expect(count == 2, "a file's lines");

    asyncio::Queue<std::string> queue;
    queue.put_nowait("job 1");
    queue.put_nowait("job 2");
    queue.shutdown();           // the items already queued still come out
    auto jobs = queue.items();  // until get() raises QueueShutDown
    std::vector<std::string> done_jobs;
    for (auto it = co_await jobs.begin(); it != jobs.end(); co_await ++it) {
        done_jobs.push_back(*it);
        queue.task_done();
    }
    expect(done_jobs == std::vector<std::string>{"job 1", "job 2"}, "a queue until shut down");

    std::vector<asyncio::Coro<int>> squares;
    for (int x = 1; x <= 3; ++x) squares.push_back(square_later(x));
    auto finished = asyncio::as_completed(std::move(squares));  // async for t in as_completed(aws):
    std::vector<int> results;
    for (auto it = co_await finished.begin(); it != finished.end(); co_await ++it) {
        int value = co_await *it;  // the task, done: its result at once
        std::cout << "square " << value << "\n";
        results.push_back(value);
    }
    expect(results == std::vector<int>{9, 4, 1}, "as_completed: the first to finish first");
}

int main() { return asyncio::run(main_()); }
