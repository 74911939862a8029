#!/usr/bin/env bash
# The whole test suite: installs what is missing, then builds and runs every test in the
# release preset (g++) and the asan preset (clang, AddressSanitizer + UndefinedBehaviorSanitizer),
# and the tests that cross threads in the tsan preset (clang, ThreadSanitizer).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

jobs=$(nproc)
for preset in release asan tsan; do
    echo "== preset: $preset"
    cmake --preset "$preset" >/dev/null
    cmake --build --preset "$preset" -j "$jobs"
    ctest --preset "$preset" -j "$jobs"
done
