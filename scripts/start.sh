#!/usr/bin/env bash
# The main job: installs what is missing, builds, and runs the course demo (every example
# chapter in order).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target asyncio-course
exec build/release/examples/asyncio-course "$@"
