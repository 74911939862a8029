#!/usr/bin/env bash
# The chat benchmark: runs asyncio-chat-bench (apps/chat-bench) against asyncio-chat and its
# peers, all speaking the same protocol subset, and prints the median figures. See
# bench/README.md.
#
#   bench/chat_compare.sh [--mode broadcast|idle|slow] [--build-dir DIR] [--repeat N]
#                         [--no-build] [--servers "asyncio-chat fanout uvloop asyncio epoll"] ...
#
# Modes (issue 10's bar):
#   broadcast  100 clients in one room, one sender, 10,000 lines of 64 bytes: delivered lines/s
#              per server, and the ratios asyncio-chat/epoll (target >= 0.9) and fanout/uvloop
#              (the textbook fan-out on our streams against the same code on uvloop: >= 2).
#   idle       10,000 clients join and get one broadcast line: the server's RSS per client.
#   slow       10 clients that never read during a 1,000,000-line broadcast to 100 others: the
#              server's peak RSS (VmHWM), and whether every other client got every line in order.
#
# The server runs pinned to CPU 0 (taskset -c 0), the generator to CPU 1. Every run starts a fresh
# server on a fresh port of 127.0.0.1; the runs are interleaved (round 1 of every server, then
# round 2, ...) and each figure is the median of the rounds. Servers are killed on any exit.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/compare_support.sh"

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
default_build_dir=build/release
build_dir=${ASYNCIO_BUILD_DIR:-$default_build_dir}
repeat=${REPEAT:-3}
python=${PYTHON:-/usr/bin/python3}
chat_args=${CHAT_ARGS:-}
do_build=1
mode=broadcast
servers=""
clients=100
senders=1
lines=""
size=64
idle_clients=10000
slow_clients=10
window=""
run_timeout=""
server_cpu=0
bench_cpu=1

usage() {
    cat <<EOF
usage: bench/chat_compare.sh [options]

Runs asyncio-chat-bench against each chat server in turn (server on CPU $server_cpu, generator
on CPU $bench_cpu) and prints the median figures per server.

options:
  --mode M              broadcast (default): delivered lines/s; idle: server RSS per idle
                        client; slow: peak server RSS with --slow-clients that never read
  --build-dir DIR       the CMake build to take the programs from (env ASYNCIO_BUILD_DIR;
                        default $default_build_dir, relative to the repository)
  --repeat N            rounds; the median is reported (env REPEAT; default 3)
  --no-build            use the programs as they are (default: cmake --build the targets first)
  --servers "S..."      of: asyncio-chat fanout uvloop asyncio epoll (default: all available;
                        idle and slow: asyncio-chat epoll, the servers that bound a client's
                        cost; the textbook ones have no limits, by design)
  --clients N           broadcast and slow modes: clients in the room (default $clients)
  --senders S           broadcast mode: how many of them send (default $senders)
  --lines M             lines per sender (default 10000; slow mode 1000000)
  --size B              payload bytes per line (default $size)
  --idle-clients N      idle mode: clients (default $idle_clients)
  --slow-clients K      slow mode: clients that never read (default $slow_clients)
  --window W            senders at most W lines ahead of the slowest reader (default: 0 in
                        broadcast mode, unpaced; 1000 in slow mode)
  --timeout S           per run, passed to the generator (default 120; idle 600; slow 600)
  --chat-args "A..."    extra options for asyncio-chat (env CHAT_ARGS), e.g. to lift its flood
                        control for a benchmark sender
  -h, --help            this text

environment: PYTHON (default /usr/bin/python3, Debian's, which has python3-uvloop)
EOF
}

while (($#)); do
    case $1 in
    --mode) mode=${2:?}; shift 2 ;;
    --build-dir) build_dir=${2:?--build-dir needs a directory}; shift 2 ;;
    --repeat) repeat=${2:?}; shift 2 ;;
    --no-build) do_build=0; shift ;;
    --servers) servers=${2:?}; shift 2 ;;
    --clients) clients=${2:?}; shift 2 ;;
    --senders) senders=${2:?}; shift 2 ;;
    --lines) lines=${2:?}; shift 2 ;;
    --size) size=${2:?}; shift 2 ;;
    --idle-clients) idle_clients=${2:?}; shift 2 ;;
    --slow-clients) slow_clients=${2:?}; shift 2 ;;
    --window) window=${2:?}; shift 2 ;;
    --timeout) run_timeout=${2:?}; shift 2 ;;
    --chat-args) chat_args=${2?}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$1'" ;;
    esac
done
case $mode in
broadcast) : "${lines:=10000}" "${window:=0}" "${run_timeout:=120}" ;;
idle) : "${lines:=1}" "${window:=0}" "${run_timeout:=600}" ;;
slow) : "${lines:=1000000}" "${window:=1000}" "${run_timeout:=600}" ;;
*) die "--mode must be broadcast, idle or slow, not '$mode'" ;;
esac
for option in repeat clients senders lines size idle_clients slow_clients run_timeout; do
    positive "--${option//_/-}" "${!option}"
done
[[ $window =~ ^[0-9]+$ ]] || die "--window must be a number of lines"
(($(nproc) >= 2)) || die "needs 2 CPUs: the server and the generator each get one"

cd "$repo"
[[ $build_dir = /* ]] || build_dir=$repo/$build_dir

# -- the programs, up to date --
if ((do_build)); then
    ensure_build_dir
    targets=(asyncio-chat-bench fanout_server chat_epoll)
    grep -q '^asyncio-chat:' <(cmake --build "$build_dir" --target help 2>/dev/null) &&
        targets+=(asyncio-chat)
    build_targets "${targets[@]}"
fi
bench=$build_dir/apps/chat-bench/asyncio-chat-bench
chat=$build_dir/apps/chat/asyncio-chat
[[ -x $bench ]] || die "$bench is missing: build it first"

# -- the servers --
[[ -x $python ]] || die "$python not found: the Python peers need it"
available=()
notes=()
if [[ -x $chat ]]; then
    available+=(asyncio-chat)
else
    notes+=("the asyncio-chat row is left out: $chat does not exist (not built, or not written yet)")
fi
for program in fanout_server chat_epoll; do
    [[ -x $build_dir/bench/$program ]] || die "$build_dir/bench/$program is missing: build it first"
done
available+=(fanout)
if uvloop_version=$("$python" -c 'import uvloop; print(uvloop.__version__)' 2>/dev/null); then
    available+=(uvloop)
else
    uvloop_version=MISSING
    notes+=("the uvloop row is left out: $python cannot import uvloop (Debian: apt-get install python3-uvloop)")
fi
available+=(asyncio epoll)
if [[ -z $servers ]]; then
    if [[ $mode = broadcast ]]; then
        servers="${available[*]}"
    else
        for server in asyncio-chat epoll; do
            [[ " ${available[*]} " = *" $server "* ]] && servers+=" $server"
        done
    fi
else
    for server in $servers; do
        [[ " ${available[*]} " = *" $server "* ]] ||
            die "server '$server' is not available (available: ${available[*]})"
    done
fi
read -ra servers <<<"$servers"
for note in "${notes[@]}"; do echo "chat_compare.sh: $note" >&2; done

# Every client is a descriptor on both sides: take all the hard limit allows, for the servers and
# the generator alike (they inherit it).
ulimit -n "$(ulimit -Hn)"
needed=$([[ $mode = idle ]] && echo "$idle_clients" || echo $((clients + slow_clients)))
(($(ulimit -n) > needed + 100)) ||
    echo "chat_compare.sh: WARNING: ulimit -n is $(ulimit -n), too low for $needed clients" >&2

# set_command <server> <port>: sets `cmd` to the command that runs a server.
set_command() {
    local where=(--host 127.0.0.1 --port "$2")
    case $1 in
    asyncio-chat) read -ra cmd <<<"$chat_args"; cmd=("$chat" "${where[@]}" "${cmd[@]}") ;;
    fanout) cmd=("$build_dir/bench/fanout_server" "${where[@]}") ;;
    epoll) cmd=("$build_dir/bench/chat_epoll" "${where[@]}") ;;
    uvloop) cmd=("$python" "$repo/bench/peers/chat_server.py" --uvloop "${where[@]}") ;;
    asyncio) cmd=("$python" "$repo/bench/peers/chat_server.py" "${where[@]}") ;;
    esac
}

# The generator's options for this mode.
case $mode in
broadcast) load=(--clients "$clients" --senders "$senders" --lines "$lines" --size "$size" --window "$window") ;;
idle) load=(--idle "$idle_clients") ;;
slow) load=(--clients "$clients" --lines "$lines" --size "$size" --slow "$slow_clients" --window "$window") ;;
esac

# The running server and generator, killed on any exit (see echo_compare.sh for why the
# generator runs in the background).
server_pid=
bench_pid=
result=$(mktemp)
server_log=$(mktemp)
cleanup() {
    stop bench_pid
    stop server_pid
    rm -f "$result" "$server_log"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Waits until the server accepts connections (a connection that sends nothing: every server
# drops it), for 10 s at most.
wait_listening() {  # port
    for ((i = 0; i < 100; ++i)); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        kill -0 "$server_pid" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}

# -- the runs, interleaved --
case $mode in
broadcast) metrics=(lines_per_s p50_us p99_us server_hwm_kib) ;;
idle) metrics=(server_bytes_per_client server_rss_kib seconds) ;;
slow) metrics=(server_hwm_kib lines_per_s lines_delivered) ;;
esac
declare -A samples  # "<server>/<metric>" -> values, one a line
declare -A failures # "<server>" -> failed runs
failed_runs=0
echo "# mode $mode: $repeat round(s); servers on CPU $server_cpu, asyncio-chat-bench on CPU" \
    "$bench_cpu (${load[*]}); Python $("$python" -c 'import platform; print(platform.python_version())')" \
    "($python), uvloop $uvloop_version; ulimit -n $(ulimit -n)"
for ((round = 1; round <= repeat; ++round)); do
    for server in "${servers[@]}"; do
        port=$(free_port)
        set_command "$server" "$port"
        taskset -c "$server_cpu" "${cmd[@]}" 2>"$server_log" &  # taskset execs: $! is the server
        server_pid=$!
        wait_listening "$port" || die "round $round: $server did not start ('${cmd[*]}'): $(tail -3 "$server_log")"
        taskset -c "$bench_cpu" "$bench" --port "$port" --server-pid "$server_pid" \
            --timeout "$run_timeout" "${load[@]}" >"$result" &
        bench_pid=$!
        status=0
        wait "$bench_pid" || status=$?
        bench_pid=
        line=$(grep '^chat-bench ' "$result" || true)
        kill -0 "$server_pid" 2>/dev/null || line+=" (the server died: $(tail -1 "$server_log"))"
        stop server_pid
        printf '# round %d  %-12s %s\n' "$round" "$server" "${line:-no summary (exit status $status)}"
        if ((status != 0)) || [[ -z $line ]]; then
            failures[$server]=$((${failures[$server]:-0} + 1))
            ((++failed_runs))
            continue
        fi
        for metric in "${metrics[@]}"; do
            value=$(field "$line" "$metric") || die "no $metric in: $line"
            samples[$server/$metric]+="$value"$'\n'
        done
    done
done

med() {  # server metric: the median, or nothing if no run succeeded
    [[ -n ${samples[$1/$2]:-} ]] && printf '%s' "${samples[$1/$2]}" | median
}

# ratio <label> <ours> <theirs> <target>: prints "label: 0.93x (target >= 0.9x: met)"
ratio() {
    local a b
    a=$(med "$2" lines_per_s) && b=$(med "$3" lines_per_s) || {
        echo "$1: -"
        return
    }
    awk -v label="$1" -v a="$a" -v b="$b" -v t="$4" 'BEGIN {
        r = a / b; verdict = (r >= t) ? "met" : "MISSED"
        printf "%s: %.2fx (target >= %sx: %s)\n", label, r, t, verdict }'
}

# -- the table --
echo
case $mode in
broadcast)
    echo "$clients clients in one room, $senders sender(s), $lines lines of $size bytes each" \
        "(window $window): median of $repeat round(s)"
    printf '%-13s %12s %12s %12s %12s %7s\n' server lines/s p50_us p99_us peak_rss_kib failed
    for server in "${servers[@]}"; do
        printf '%-13s %12.0f %12.0f %12.0f %12.0f %7d\n' "$server" "$(med "$server" lines_per_s || echo 0)" \
            "$(med "$server" p50_us || echo 0)" "$(med "$server" p99_us || echo 0)" \
            "$(med "$server" server_hwm_kib || echo 0)" "${failures[$server]:-0}"
    done
    echo
    [[ " ${servers[*]} " = *" asyncio-chat "* && " ${servers[*]} " = *" epoll "* ]] &&
        ratio "asyncio-chat / epoll, delivered lines/s" asyncio-chat epoll 0.9
    [[ " ${servers[*]} " = *" fanout "* && " ${servers[*]} " = *" uvloop "* ]] &&
        ratio "fanout (textbook, our streams) / uvloop (the same in Python), delivered lines/s" fanout uvloop 2
    ;;
idle)
    echo "$idle_clients clients joined, one line broadcast to them all: median of $repeat round(s)"
    printf '%-13s %16s %14s %12s %7s\n' server bytes/client server_rss_kib broadcast_s failed
    for server in "${servers[@]}"; do
        printf '%-13s %16.0f %14.0f %12.2f %7d\n' "$server" \
            "$(med "$server" server_bytes_per_client || echo 0)" \
            "$(med "$server" server_rss_kib || echo 0)" "$(med "$server" seconds || echo 0)" \
            "${failures[$server]:-0}"
    done
    echo "(target for asyncio-chat: under 8 KiB, 8192 bytes, per idle client)"
    ;;
slow)
    echo "$clients clients reading, $slow_clients never reading, $lines lines of $size bytes" \
        "(window $window): median of $repeat round(s)"
    printf '%-13s %14s %12s %18s %7s\n' server peak_rss_kib lines/s all_lines_in_order failed
    for server in "${servers[@]}"; do
        ok=$( ((${failures[$server]:-0} == 0)) && echo yes || echo "NO (${failures[$server]} run(s))")
        printf '%-13s %14.0f %12.0f %18s %7d\n' "$server" "$(med "$server" server_hwm_kib || echo 0)" \
            "$(med "$server" lines_per_s || echo 0)" "$ok" "${failures[$server]:-0}"
    done
    ;;
esac
for note in "${notes[@]}"; do echo "NOTE: $note"; done
if ((failed_runs)); then
    echo "NOTE: a failed run is one where the generator reported an error, a missing line or a" \
        "timeout (see its line above); its figures are left out of the medians"
fi
