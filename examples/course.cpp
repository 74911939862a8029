// asyncio-course: the course demo, every chapter's example in order.
//
//   asyncio-course          runs every chapter
//   asyncio-course 3 4      runs chapters 3 and 4
//
// Each chapter is its own program too (examples/chNN_*.cpp, built as chNN_*). Built into this
// program with ASYNCIO_COURSE defined, a chapter file leaves out its main() and exposes its
// body as the function declared below; each chapter runs its own asyncio::run(), so every
// chapter starts on a fresh event loop, as a separate Python program would.

#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>
#include <string_view>

int ch01_reactor();
int ch02_generators();
int ch03_tasks();
int ch04_running();
int ch05_task_groups();
int ch06_results();
int ch07_task_pools();
#ifdef ASYNCIO_COURSE_HTTP
int ch08_urls();
#endif
int ch09_chat();

namespace {

struct Chapter {
    int number;
    std::string_view title;  // as in the course's table of contents
    int (*run)();
};

constexpr Chapter chapters[] = {
    {1, "What is (and isn't?) asyncio: the reactor pattern", &ch01_reactor},
    {2, "How it works, using non-asyncio stuff: generator functions", &ch02_generators},
    {3, "Coroutines and tasks and async def", &ch03_tasks},
    {4, "Running coroutines and await", &ch04_running},
    {5, "Task groups", &ch05_task_groups},
    {6, "Getting results (and exceptions)", &ch06_results},
    {7, "Task pools", &ch07_task_pools},
#ifdef ASYNCIO_COURSE_HTTP  // the HTTP component is built (ASYNCIO_BUILD_HTTP, the default)
    {8, "Retrieving URLs", &ch08_urls},
#endif
    {9, "Chat server", &ch09_chat},
};

const Chapter* find_chapter(std::string_view arg) {
    for (const Chapter& chapter : chapters) {
        if (arg == std::to_string(chapter.number)) return &chapter;
    }
    return nullptr;
}

int run_chapter(const Chapter& chapter, bool first) {
    if (!first) std::cout << '\n';
    std::cout << "# Chapter " << chapter.number << ". " << chapter.title << "\n\n";
    try {
        return chapter.run();
    } catch (const std::exception& e) {
        std::cout.flush();
        std::cerr << "asyncio-course: chapter " << chapter.number << " failed: " << e.what()
                  << '\n';
        return EXIT_FAILURE;
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 1) {
        bool first = true;
        for (const Chapter& chapter : chapters) {
            if (int rc = run_chapter(chapter, first); rc != 0) return rc;
            first = false;
        }
        return 0;
    }
    for (int i = 1; i < argc; ++i) {
        if (!find_chapter(argv[i])) {
            std::cerr << "usage: asyncio-course [chapter number...]\nchapters:\n";
            for (const Chapter& chapter : chapters) {
                std::cerr << "  " << chapter.number << "  " << chapter.title << '\n';
            }
            return 2;
        }
    }
    for (int i = 1; i < argc; ++i) {
        if (int rc = run_chapter(*find_chapter(argv[i]), i == 1); rc != 0) return rc;
    }
    return 0;
}
