// What the fuzz targets share: FUZZ_CHECK(condition), which stops the run with a trap (a
// crash libFuzzer records, with the input) and says which check in which file failed; and
// fuzz_tracing(VARIABLE), whether the environment variable asks for a trace of each input.
#pragma once

#include <cstdio>
#include <cstdlib>

[[noreturn]] inline void fuzz_check_failed(const char* what, const char* file, int line) {
    std::fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
    std::fflush(stderr);
    __builtin_trap();
}

#define FUZZ_CHECK(cond)                                           \
    do {                                                           \
        if (!(cond)) fuzz_check_failed(#cond, __FILE__, __LINE__); \
    } while (0)

inline bool fuzz_tracing(const char* variable) { return std::getenv(variable) != nullptr; }
