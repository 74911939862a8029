// Chapter 2 of the course, "Generator functions", in C++.
//
// Python turns a function into a generator by writing `yield` instead of `return`; here the
// return type asyncio::Generator<T> and `co_yield` do the same. Python's next(g) becomes g.next(),
// and where Python raises StopIteration, next() returns std::nullopt.

#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "asyncio/core/generator.hpp"

using asyncio::Generator;

namespace {

// "let's change one word in our function, from return to yield": three yields, three values.
Generator<int> myfunc() {
    co_yield 1;
    co_yield 2;
    co_yield 3;
}

// "we'll take 2 arguments, the ID number and the number we'll go up to"
Generator<std::string> mygen(int id_number, int maxnum) {
    for (int i = 0; i < maxnum; ++i) co_yield std::to_string(id_number) + ": " + std::to_string(i);
}

}  // namespace

// The chapter as a function, so that the course program (course.cpp) can run it too.
int ch02_generators() {
    std::cout << "== Generator functions\n";
    // "calling the function doesn't execute it!" -- it only creates the generator object.
    Generator<int> g = myfunc();
    // "this runs the function through the next yield, and then the function goes to sleep"
    std::cout << *g.next() << '\n';
    std::cout << *g.next() << '\n';
    std::cout << *g.next() << '\n';

    std::cout << "== A baby event loop: round-robin over generators\n";
    // "we'll put those generators on the list"
    std::vector<Generator<std::string>> generators;
    generators.push_back(mygen(1, 5));  // id 1, up to 5
    generators.push_back(mygen(2, 7));  // id 2, up to 7
    generators.push_back(mygen(3, 3));  // id 3, up to 3

    // "so long as this list is non-empty", give each generator a chance to run.
    while (!generators.empty()) {
        for (auto it = generators.begin(); it != generators.end();) {
            if (std::optional<std::string> line = it->next()) {
                std::cout << *line << '\n';
                ++it;
            } else {
                // "if we got to the end of a generator, remove it from our list"
                it = generators.erase(it);
            }
        }
    }
    std::cout << "Done!\n";
    return 0;
}

#ifndef ASYNCIO_COURSE
int main() { return ch02_generators(); }
#endif
