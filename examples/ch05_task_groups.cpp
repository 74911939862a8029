// Chapter 5 of the course, "Task groups": the exercise "Task groups".
//
// The words, Python -> C++:
//   async with asyncio.TaskGroup() as tg:   ->  co_await asyncio::task_group(
//       t = tg.create_task(coro)                    [&](asyncio::TaskGroup tg) -> Coro<> {
//                                                       auto t = tg.create_task(coro); ...
//                                                   });
//   t.result()                              ->  t.result()
//   except* FileNotFoundError as eg:        ->  catch (const asyncio::ExceptionGroup& eg) {
//                                                   eg.handle<FileNotFoundError>(...); }
//
// A task group is structured concurrency: the body starts tasks in the group, and the
// `co_await` returns only when every one of them has finished, so no task outlives the block.
// If one task fails, the group cancels the others, waits for them, and raises an
// ExceptionGroup holding the failures.
//
// The input files are in examples/data/; the build passes that directory as
// ASYNCIO_EXAMPLES_DATA, so the program finds them from any working directory. (The files
// are read with a plain std::ifstream: asynchronous file I/O comes later in the course.)

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "asyncio/asyncio.hpp"

#ifndef ASYNCIO_EXAMPLES_DATA
#error "ASYNCIO_EXAMPLES_DATA must name the examples/data directory (see examples/CMakeLists.txt)"
#endif

using namespace std::chrono_literals;
using asyncio::Coro;

namespace {

using Counts = std::map<char, int>;

// Python's FileNotFoundError.
class FileNotFoundError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

std::string data_file(const std::string& name) {
    return std::string(ASYNCIO_EXAMPLES_DATA) + "/" + name;
}

// The name without its directory: what we print, the same wherever the sources are.
std::string base_name(const std::string& path) {
    return std::filesystem::path(path).filename().string();
}

// "an async def that takes a filename as an argument, and returns a tuple whose first element
// is the filename, and whose second element is a dictionary whose keys are the characters in
// the file, and whose values are integers describing how many times each character appears.
// [It] should iterate over the lines of the file, pausing (with asyncio.sleep) between each
// line." The newlines that end the lines are not counted.
Coro<std::pair<std::string, Counts>> count_characters(std::string filename) {
    const std::string name = base_name(filename);
    std::ifstream file(filename);
    if (!file) throw FileNotFoundError("No such file or directory: '" + name + "'");
    Counts counts;
    int lines = 0;
    try {
        std::string line;
        while (std::getline(file, line)) {  // the line, without its '\n'
            for (char c : line) ++counts[c];
            ++lines;
            co_await asyncio::sleep(0s);  // let the other tasks read a line
        }
    } catch (const asyncio::CancelledError&) {
        std::cout << name << ": cancelled\n";  // clean up here, then let it propagate
        throw;
    }
    std::cout << name << ": counted " << lines << " lines\n";
    co_return std::pair{std::move(filename), std::move(counts)};
}

// The character as Python's repr() shows it: 'a', ' ', "'", '\\', '\t', '\x01'. (The data
// is ASCII; a byte of a UTF-8 sequence would show as '\xNN'.)
std::string quoted(char c) {
    switch (c) {
        case '\'':
            return "\"'\"";
        case '\\':
            return "'\\\\'";
        case '\t':
            return "'\\t'";
        case '\r':
            return "'\\r'";
        default:
            break;
    }
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f) return std::string("'") + c + "'";
    constexpr char hex[] = "0123456789abcdef";
    return std::string("'\\x") + hex[byte >> 4] + hex[byte & 0xf] + "'";
}

// The counts in character order, eight to a line.
void print_counts(const std::string& filename, const Counts& counts) {
    int total = 0;
    for (const auto& [c, n] : counts) total += n;
    std::cout << filename << ": " << total << " characters, " << counts.size() << " different\n";
    std::size_t i = 0;
    for (const auto& [c, n] : counts) {
        std::cout << "  " << quoted(c) << ": " << n;
        if (++i % 8 == 0 || i == counts.size()) std::cout << '\n';
    }
}

Coro<> main_() {
    std::cout << "== The exercise: one task per file, in a task group\n";
    const std::vector<std::string> filenames = {"reactor.txt", "generators.txt", "coroutines.txt"};
    std::vector<asyncio::Task<std::pair<std::string, Counts>>> tasks;
    // "iterate over the names of several files and run our function on each of those files,
    // each in a separate task." They read a line each in turn; the shortest file is done first.
    co_await asyncio::task_group([&](asyncio::TaskGroup tg) -> Coro<> {
        for (const std::string& name : filenames) {
            tasks.push_back(tg.create_task(count_characters(data_file(name)), name));
        }
        co_return;
    });
    std::cout << "every task is done\n";
    // "Iterate over each returned value -- filename and dict, and print them out": in the
    // order of the files, whatever the order the tasks finished in.
    for (const auto& task : tasks) {
        const auto& [filename, counts] = task.result();
        print_counts(base_name(filename), counts);
    }

    std::cout << "== A task fails: the group cancels the others\n";
    try {
        co_await asyncio::task_group([&](asyncio::TaskGroup tg) -> Coro<> {
            tg.create_task(count_characters(data_file("coroutines.txt")), "coroutines.txt");
            tg.create_task(count_characters(data_file("missing.txt")), "missing.txt");
            co_return;
        });
        std::cout << "not reached\n";
    } catch (const asyncio::ExceptionGroup& eg) {
        std::cout << "caught: " << eg.str() << '\n';
        // except* FileNotFoundError: called for each one; any other kind would be rethrown.
        eg.handle<FileNotFoundError>([](const FileNotFoundError& e) {
            std::cout << "except* FileNotFoundError: " << e.what() << '\n';
        });
    }
}

}  // namespace

// The chapter as a function, so that the course program (course.cpp) can run it too.
int ch05_task_groups() { return asyncio::run(main_()); }

#ifndef ASYNCIO_COURSE
int main() { return ch05_task_groups(); }
#endif
