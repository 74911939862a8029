#!/usr/bin/env bash
# The TCP echo benchmark: runs asyncio-cpp's echo server (bench/echo_server.cpp) and its peers
# (a hand-written epoll server, Boost.Asio coroutines if built, CPython asyncio streams and
# uvloop) under the same load generator (bench/echo_load.cpp), and prints a table of the median
# figures. See bench/README.md.
#
#   bench/echo_compare.sh [--build-dir DIR] [--repeat N] [--no-build] [--connections "1 10 100"]
#                         [--seconds S] [--warmup S] [--servers "asyncio-cpp epoll ..."]
#
# Each server runs pinned to one core (taskset -c 0) and the generator to the other (-c 1), so
# they never compete for a core. Every run starts a fresh server on a fresh port. The runs are
# interleaved (round 1 of every server at every connection count, then round 2, ...), so that
# the drift of a noisy machine spreads over all of them alike; each figure is the median of the
# rounds.
#
# The server's CPU time is read by the generator itself (--server-pid): utime+stime from
# /proc/PID/stat at the exact start and end of its measured window, so the server's start-up,
# the warm-up and the final drain are left out, with no guessing of when the window begins.
# It also reports how much CPU other processes took meanwhile; a run where they took more than
# 10% of a CPU is flagged as disturbed.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/compare_support.sh"

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
default_build_dir=build/release
build_dir=${ASYNCIO_BUILD_DIR:-$default_build_dir}
repeat=${REPEAT:-3}
python=${PYTHON:-/usr/bin/python3}
do_build=1
connections="1 10 100"
seconds=5
warmup=1
servers=""
server_cpu=0
load_cpu=1

usage() {
    cat <<EOF
usage: bench/echo_compare.sh [options]

Runs the TCP echo benchmark: each echo server in turn, pinned to CPU $server_cpu, under
bench/echo_load pinned to CPU $load_cpu, and prints the median figures per server and
connection count, with the server's CPU time per message relative to the epoll server's and
uvloop's.

options:
  --build-dir DIR       the CMake build to take the programs from (env ASYNCIO_BUILD_DIR;
                        default $default_build_dir, relative to the repository)
  --repeat N            rounds of every measurement; the median is reported (env REPEAT;
                        default 3)
  --no-build            use the programs as they are (by default the script first brings them
                        up to date with cmake --build; a missing default release build is
                        configured with 'cmake --preset release')
  --connections "C..."  connection counts (default "$connections")
  --seconds S           measured seconds per run (default $seconds)
  --warmup S            seconds of load before the measurement (default $warmup)
  --servers "S..."      which servers, of: asyncio-cpp epoll asio uvloop asyncio (default: all
                        that are available)
  -h, --help            this text

environment: PYTHON (default /usr/bin/python3, Debian's, which has python3-uvloop)
EOF
}

while (($#)); do
    case $1 in
    --build-dir) build_dir=${2:?--build-dir needs a directory}; shift 2 ;;
    --build-dir=*) build_dir=${1#*=}; shift ;;
    --repeat) repeat=${2:?--repeat needs a number}; shift 2 ;;
    --repeat=*) repeat=${1#*=}; shift ;;
    --no-build) do_build=0; shift ;;
    --connections) connections=${2:?}; shift 2 ;;
    --connections=*) connections=${1#*=}; shift ;;
    --seconds) seconds=${2:?}; shift 2 ;;
    --seconds=*) seconds=${1#*=}; shift ;;
    --warmup) warmup=${2:?}; shift 2 ;;
    --warmup=*) warmup=${1#*=}; shift ;;
    --servers) servers=${2:?}; shift 2 ;;
    --servers=*) servers=${1#*=}; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$1'" ;;
    esac
done
positive --repeat "$repeat"
for c in $connections; do positive --connections "$c"; done
[[ $seconds =~ ^[0-9]+([.][0-9]+)?$ && $warmup =~ ^[0-9]+([.][0-9]+)?$ ]] ||
    die "--seconds and --warmup must be numbers of seconds"
(($(nproc) >= 2)) || die "needs 2 CPUs: the server and the generator each get one"

cd "$repo"
[[ $build_dir = /* ]] || build_dir=$repo/$build_dir

# The Asio peer exists only if CMake found Boost.Asio's headers when it configured the build.
have_asio() {
    grep -q '^ASYNCIO_BOOST_ASIO_INCLUDE:PATH=/' "$build_dir/CMakeCache.txt" 2>/dev/null
}

# -- the C++ programs, up to date --
programs=(echo_load echo_epoll echo_server)
if ((do_build)); then
    ensure_build_dir
    have_asio && programs+=(echo_asio)
    build_targets "${programs[@]}"
fi

# -- the servers --
[[ -x $python ]] || die "$python not found: the Python peers need it"
python_version=$("$python" -c 'import platform; print(platform.python_version())')
available=(asyncio-cpp epoll)
notes=()
if have_asio && [[ -x $build_dir/bench/echo_asio ]]; then
    available+=(asio)
    asio_version=$(sed -n 's/^#define BOOST_LIB_VERSION "\(.*\)"/\1/p' \
        "$(sed -n 's/^ASYNCIO_BOOST_ASIO_INCLUDE:PATH=//p' "$build_dir/CMakeCache.txt")/boost/version.hpp")
    asio_note="Boost.Asio ${asio_version//_/.}"
else
    asio_note="Boost.Asio MISSING"
    notes+=("the Asio peer is left out: Boost.Asio's headers were not found when $build_dir was configured (Debian: apt-get install libboost1.81-dev, then re-run cmake)")
fi
if uvloop_version=$("$python" -c 'import uvloop; print(uvloop.__version__)' 2>/dev/null); then
    available+=(uvloop)
    uvloop_note="uvloop $uvloop_version"
else
    uvloop_note="uvloop MISSING"
    notes+=("the uvloop peer is left out: $python cannot import uvloop (Debian: apt-get install python3-uvloop)")
fi
available+=(asyncio)
for note in "${notes[@]}"; do echo "echo_compare.sh: $note" >&2; done
if [[ -z $servers ]]; then
    servers="${available[*]}"
else
    for server in $servers; do
        [[ " ${available[*]} " = *" $server "* ]] || die "server '$server' is not available (available: ${available[*]})"
    done
fi
read -ra servers <<<"$servers"
for program in echo_load echo_epoll; do
    [[ -x $build_dir/bench/$program ]] || die "$build_dir/bench/$program is missing: build it first"
done
if [[ " ${servers[*]} " = *" asyncio-cpp "* && ! -x $build_dir/bench/echo_server ]]; then
    die "$build_dir/bench/echo_server is missing: build it first"
fi

# set_command <server> <port>: sets `cmd` to the command that runs a server.
set_command() {
    case $1 in
    asyncio-cpp) cmd=("$build_dir/bench/echo_server" "$2") ;;
    epoll) cmd=("$build_dir/bench/echo_epoll" "$2") ;;
    asio) cmd=("$build_dir/bench/echo_asio" "$2") ;;
    uvloop) cmd=("$python" "$repo/bench/peers/echo_server.py" --uvloop "$2") ;;
    asyncio) cmd=("$python" "$repo/bench/peers/echo_server.py" "$2") ;;
    esac
}

# The running server and generator, killed on any exit, a failure included. The generator runs
# in the background and the script waits for it with `wait`, which a signal interrupts (bash runs
# a trap only once the foreground command has ended: the run would go on for its full length).
server_pid=
load_pid=
result=$(mktemp)
cleanup() {
    stop load_pid
    stop server_pid
    rm -f "$result"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# -- the runs, interleaved --
metrics=(msgs_per_s p50_us p99_us server_cpu_pct server_cpu_ns_per_msg load_cpu_pct)
declare -A samples  # "<server>/<connections>/<metric>" -> values, one a line
disturbed=0        # runs during which other processes took more than disturbed_pct% of a CPU
disturbed_pct=10
echo "# $repeat round(s) of ${seconds}s (after ${warmup}s of warm-up); servers on CPU $server_cpu," \
    "generator on CPU $load_cpu; asyncio-cpp from $build_dir; $asio_note;" \
    "Python $python_version ($python), $uvloop_note"
for ((round = 1; round <= repeat; ++round)); do
    for c in $connections; do
        for server in "${servers[@]}"; do
            port=$(free_port)
            set_command "$server" "$port"
            taskset -c "$server_cpu" "${cmd[@]}" &  # taskset execs: $! is the server itself
            server_pid=$!
            taskset -c "$load_cpu" "$build_dir/bench/echo_load" --port "$port" --connections "$c" \
                --seconds "$seconds" --warmup "$warmup" --server-pid "$server_pid" >"$result" &
            load_pid=$!
            wait "$load_pid" && line=$(grep '^echo_load ' "$result") ||
                die "round $round: $server at $c connection(s): echo_load failed ('${cmd[*]}')"
            load_pid=
            kill -0 "$server_pid" 2>/dev/null || die "round $round: $server exited during the run"
            stop server_pid
            printf '# round %d  %-12s %s\n' "$round" "$server" "$line"
            other=$(field "$line" other_cpu_pct) || die "no other_cpu_pct in: $line"
            if ((other > disturbed_pct)); then
                echo "# WARNING: other processes took ${other}% of a CPU during that run: its figures are disturbed"
                ((++disturbed))
            fi
            for metric in "${metrics[@]}"; do
                value=$(field "$line" "$metric") || die "no $metric in: $line"
                samples[$server/$c/$metric]+="$value"$'\n'
            done
        done
    done
done

med() {  # server connections metric
    printf '%s' "${samples[$1/$2/$3]}" | median
}

ratio() {  # ours theirs: ours / theirs, or "-"
    awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.2fx", a / b; else print "-" }'
}

# -- the table --
echo
echo "TCP echo, 64-byte messages, one in flight per connection: median of $repeat round(s) of ${seconds}s"
printf '%-12s %5s %10s %9s %9s %8s %12s %9s %9s %8s\n' server conns msgs/s p50_us p99_us \
    srv_cpu% cpu_ns/msg vs_epoll vs_uvloop gen_cpu%
for c in $connections; do
    epoll_cpu=$( [[ -n ${samples[epoll/$c/server_cpu_ns_per_msg]:-} ]] && med epoll "$c" server_cpu_ns_per_msg || echo 0)
    uvloop_cpu=$( [[ -n ${samples[uvloop/$c/server_cpu_ns_per_msg]:-} ]] && med uvloop "$c" server_cpu_ns_per_msg || echo 0)
    for server in "${servers[@]}"; do
        cpu=$(med "$server" "$c" server_cpu_ns_per_msg)
        printf '%-12s %5d %10.0f %9.1f %9.1f %8.0f %12.0f %9s %9s %8.0f\n' "$server" "$c" \
            "$(med "$server" "$c" msgs_per_s)" "$(med "$server" "$c" p50_us)" \
            "$(med "$server" "$c" p99_us)" "$(med "$server" "$c" server_cpu_pct)" "$cpu" \
            "$(ratio "$cpu" "$epoll_cpu")" "$(ratio "$cpu" "$uvloop_cpu")" \
            "$(med "$server" "$c" load_cpu_pct)"
    done
done

# -- the targets: asyncio-cpp's CPU per message <= 1.15x the epoll server's, <= 0.5x uvloop's --
if [[ " ${servers[*]} " = *" asyncio-cpp "* ]]; then
    echo
    for c in $connections; do
        cpu=$(med asyncio-cpp "$c" server_cpu_ns_per_msg)
        verdicts=()
        for peer_limit in epoll/1.15 uvloop/0.5; do
            peer=${peer_limit%/*} limit=${peer_limit#*/}
            [[ -n ${samples[$peer/$c/server_cpu_ns_per_msg]:-} ]] || continue
            verdicts+=("$(awk -v a="$cpu" -v b="$(med "$peer" "$c" server_cpu_ns_per_msg)" \
                -v peer="$peer" -v limit="$limit" 'BEGIN {
                    r = a / b
                    printf "%.2fx %s'"'"'s (target <= %sx: %s)", r, peer, limit, r <= limit ? "met" : "MISSED" }')")
        done
        ((${#verdicts[@]})) || continue
        joined=$(printf '%s, ' "${verdicts[@]}")
        echo "asyncio-cpp server CPU per message at $c connection(s): ${joined%, }"
    done
fi
for note in "${notes[@]}"; do echo "NOTE: $note"; done
if ((disturbed)); then
    echo "NOTE: $disturbed run(s) were disturbed by other processes (see the WARNING lines);" \
        "the medians absorb one bad round in three; re-run on a quiet machine if more"
fi
