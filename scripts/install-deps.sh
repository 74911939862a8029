#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need, if any is missing.
# As root it runs apt-get; otherwise it prints the exact command to run and fails.
set -euo pipefail

packages=(
    cmake ninja-build g++ pkg-config     # the build (release preset: g++)
    clang libclang-rt-14-dev             # debug and sanitizer presets
    clang-16                             # the newest clang we build with (scripts/test.sh)
    libgtest-dev libbenchmark-dev        # tests and benchmarks
    python3                              # the conformance suite compares with its CPython
    libssl-dev openssl                   # TLS (the library), and the TLS tests' peers and CA
    python3-uvloop                       # the benchmarks' uvloop peers (bench/*compare.sh)
    netcat-openbsd socat                 # asyncio-chat's end-to-end test talks through them
    node-llhttp libboost-url1.81-dev     # the HTTP component: llhttp's C sources, Boost.URL
    libidn2-dev zlib1g-dev libbrotli-dev #   IDNA host names, gzip/deflate and br bodies
    libcli11-dev nlohmann-json3-dev      # asyncio-fetch's command line and JSON output
    nginx-light python3-aiohttp wrk curl # the HTTP tests' servers and the benchmarks' peers
    chromium                             # the trace's test opens the file in headless Chromium
)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
        missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

command=(apt-get install -y --no-install-recommends "${missing[@]}")
if [ "$(id -u)" -ne 0 ]; then
    echo "Missing packages. Run as root:" >&2
    echo "  apt-get update && ${command[*]}" >&2
    exit 1
fi
echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
"${command[@]}"
