#!/usr/bin/env bash
# The whole test suite: installs what is missing, then
# - builds the library, the apps and the examples the ordinary way (no preset: a plain
#   CMAKE_BUILD_TYPE, as a user or a packager builds them), warnings as errors, with g++ at -O3
#   and the hardening flags distributions add, and with clang 16 with the call graph configured
#   out; runs the course at -O3;
# - builds and runs every test in the release preset (g++) and the asan preset (clang 14,
#   AddressSanitizer + UndefinedBehaviorSanitizer; the conformance suite runs in release only),
#   and the tests that cross threads in the tsan preset (clang 14, ThreadSanitizer).
# clang 14 (Debian's clang++) builds everything in the asan and tsan presets, so no ordinary
# build here repeats it; the release preset's install tests install the two ordinary builds
# (each used by a program that the other compiler builds) rather than build their own: the
# whole script stays well inside CI's time on two cores.
# Uses ccache when it is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

jobs=$(nproc)
if [ -z "${CMAKE_CXX_COMPILER_LAUNCHER:-}" ] && command -v ccache >/dev/null; then
    export CMAKE_CXX_COMPILER_LAUNCHER=ccache  # read by every cmake configure below
fi

# compiler_build <name> <compiler> <cmake arguments...>: the library and the examples only.
compiler_build() {
    local name=$1 compiler=$2
    shift 2
    echo "== compiler: $name"
    cmake -S . -B "build/$name" -G Ninja -DCMAKE_CXX_COMPILER="$compiler" \
        -DASYNCIO_WARNINGS_AS_ERRORS=ON -DASYNCIO_BUILD_TESTS=OFF \
        -DASYNCIO_BUILD_BENCHMARKS=OFF "$@" >/dev/null
    cmake --build "build/$name" -j "$jobs"
}
compiler_build gcc-O3 g++ -DCMAKE_BUILD_TYPE=Release \
    "-DCMAKE_CXX_FLAGS=-D_FORTIFY_SOURCE=2 -fstack-protector-strong"  # as distributions add
cmake -DPROGRAM=build/gcc-O3/examples/asyncio-course \
    -DEXPECTED=examples/golden/asyncio-course.txt -P examples/check_golden.cmake
# ... and the call graph's frames configured out (ASYNCIO_CALL_GRAPH=OFF), which must build too.
compiler_build clang-16 clang++-16 -DCMAKE_BUILD_TYPE=Release -DASYNCIO_CALL_GRAPH=OFF

for preset in release asan tsan; do
    echo "== preset: $preset"
    plain_builds=()  # the install tests install the ordinary builds above, not builds of their own
    if [ "$preset" = release ]; then
        plain_builds=(-DASYNCIO_PLAIN_GXX_BUILD="$PWD/build/gcc-O3"
            -DASYNCIO_PLAIN_CLANG_BUILD="$PWD/build/clang-16")
    fi
    cmake --preset "$preset" "${plain_builds[@]}" >/dev/null
    cmake --build --preset "$preset" -j "$jobs"
    ctest --preset "$preset" -j "$jobs"
done
