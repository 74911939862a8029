# Sourced by asyncio-chat's shell tests: a private directory, processes stopped on exit,
# bounded waits, and the server started on 127.0.0.1 at a port the kernel picks.
#   need TOOL...                 exit 77 (skipped) when one is missing
#   track PID                    stopped (SIGTERM) when the script exits
#   fail MESSAGE                 says so, shows the files in $dir, exits 1
#   wait_until COMMAND...        until it succeeds, 20 s at most (else fail)
#   has FILE TEXT                whether $dir/FILE holds TEXT
#   start_chat PROGRAM ARGS...   the server (stderr in $dir/log, stopped after 40 s whatever
#                                happens), with RLIMIT_NOFILE $nofile if set; sets $server
#                                (its pid) and $port
set -u
need() {
    for tool in "$@"; do
        if ! command -v "$tool" >/dev/null; then
            echo "SKIP: $tool is missing (scripts/install-deps.sh installs it)"
            exit 77
        fi
    done
}
dir=$(mktemp -d)
pids=""
track() { pids="$pids $1"; }
cleanup() {
    for pid in $pids; do kill "$pid" 2>/dev/null; done
    rm -rf "$dir"
}
trap cleanup EXIT
fail() {
    echo "FAIL: $*"
    for file in "$dir"/*; do
        [ -f "$file" ] && { echo "--- ${file##*/}:"; od -c "$file" | tail -20; }
    done
    exit 1
}
wait_until() {
    for _ in $(seq 200); do
        "$@" && return 0
        sleep 0.1
    done
    fail "never: $*"
}
has() { grep -qF -- "$2" "$dir/$1" 2>/dev/null; }
start_chat() {
    program=$1
    shift
    timeout 40 sh -c 'ulimit -n "$0" && exec "$@"' "${nofile:-$(ulimit -n)}" \
        "$program" --host 127.0.0.1 --port 0 "$@" 2>"$dir/log" &
    server=$!
    track "$server"
    wait_until has log "listening on 127.0.0.1:"
    port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$dir/log")
}
