#!/usr/bin/env bash
# The main job: installs what is missing, builds, and starts the chat server, asyncio-chat,
# on 127.0.0.1:8888 (join with `nc 127.0.0.1 8888`; Ctrl-C stops it).
#
#   scripts/start.sh [asyncio-chat options...]   the chat server (e.g. --port 9000)
#   scripts/start.sh course [chapter...]         the course demo instead (every chapter in order)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

cmake --preset release >/dev/null
if [ "${1:-}" = course ]; then
    shift
    cmake --build --preset release -j "$(nproc)" --target asyncio-course
    exec build/release/examples/asyncio-course "$@"
fi
cmake --build --preset release -j "$(nproc)" --target asyncio-chat
exec build/release/apps/chat/asyncio-chat "$@"  # 127.0.0.1:8888 unless told otherwise
