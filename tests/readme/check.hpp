// What the README programs share: `expect(condition, what)` ends the program with a message
// and a non-zero status when a spelling gives the wrong result.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

inline void expect(bool condition, const std::string& what) {
    if (condition) return;
    std::fprintf(stderr, "readme check failed: %s\n", what.c_str());
    std::exit(1);
}
