# Shell functions shared by the comparison scripts (compare.sh, echo_compare.sh,
# chat_compare.sh), sourced after `set -euo pipefail`:
#   die MESSAGE           prints "SCRIPT: MESSAGE" on stderr and exits 1;
#   positive NAME VALUE   dies unless VALUE is a positive integer;
#   field LINE KEY        the value of KEY=value in a result line (status 1 if absent);
#   median                the median of the numbers on stdin, one a line;
#   free_port             a port of 127.0.0.1 that is free now (needs $python);
#   stop VARIABLE         kills and reaps the process whose pid VARIABLE holds, and empties it;
#   ensure_build_dir      dies unless $build_dir is a CMake build, configuring the release preset
#                         first when it is the default one ($repo/$default_build_dir) and new;
#   build_targets T...    builds those targets in $build_dir (dies, saying so, if it fails).

die() {
    echo "${0##*/}: $*" >&2
    exit 1
}

positive() {  # name value
    [[ $2 =~ ^[1-9][0-9]*$ ]] || die "$1 must be a positive integer, not '$2'"
}

field() {  # line key
    local word
    for word in $1; do
        [[ $word = "$2="* ]] && { echo "${word#*=}"; return 0; }
    done
    return 1
}

median() {
    sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) exit 1
        if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# The kernel picks the port; the server binds it a moment later.
free_port() {
    "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

stop() {  # the variable holding a pid
    if [[ -n ${!1} ]]; then
        kill "${!1}" 2>/dev/null || true
        wait "${!1}" 2>/dev/null || true
        printf -v "$1" ''
    fi
}

ensure_build_dir() {
    if [[ ! -f $build_dir/CMakeCache.txt && $build_dir = "$repo/$default_build_dir" ]]; then
        echo "${0##*/}: no release build yet: configuring one (cmake --preset release)" >&2
        cmake --preset release >&2 || die "configuring the release preset failed"
    fi
    [[ -f $build_dir/CMakeCache.txt ]] || die "$build_dir is not a CMake build directory"
}

build_targets() {  # targets...
    cmake --build "$build_dir" --target "$@" >&2 ||
        die "building $build_dir failed (use --no-build to run the programs as they are)"
}
