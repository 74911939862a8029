#!/bin/sh
# asyncio-chat end to end: the real program on 127.0.0.1 (a port the kernel picks), one
# client through nc (LF) and one through socat (CRLF). Checks what each receives, byte for
# byte, then stops the server with SIGTERM: both get the final notice, the program exits 0.
# Every wait is bounded; whatever happens, everything started here is stopped on exit.
#   end_to_end.sh PATH/TO/asyncio-chat
set -u
program=$1
if ! command -v nc >/dev/null || ! command -v socat >/dev/null; then
    echo "SKIP: nc or socat is missing (scripts/install-deps.sh installs them)"
    exit 77
fi
dir=$(mktemp -d)
pids=""
cleanup() {
    for pid in $pids; do kill "$pid" 2>/dev/null; done
    rm -rf "$dir"
}
trap cleanup EXIT
fail() {
    echo "FAIL: $*"
    for file in log alice bob; do
        [ -f "$dir/$file" ] && { echo "--- $file:"; od -c "$dir/$file" | tail -20; }
    done
    exit 1
}
# wait_for FILE TEXT: until FILE holds TEXT (10 s at most).
wait_for() {
    for _ in $(seq 100); do
        grep -qF -- "$2" "$dir/$1" 2>/dev/null && return 0
        sleep 0.1
    done
    fail "'$2' never reached $1"
}

timeout 30 "$program" --host 127.0.0.1 --port 0 2>"$dir/log" &
server=$!
pids="$server"
wait_for log "listening on 127.0.0.1:"
port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$dir/log")

mkfifo "$dir/to_alice" "$dir/to_bob"
timeout 20 nc 127.0.0.1 "$port" <"$dir/to_alice" >"$dir/alice" &
pids="$pids $!"
exec 3>"$dir/to_alice"
timeout 20 socat - "TCP:127.0.0.1:$port" <"$dir/to_bob" >"$dir/bob" &
pids="$pids $!"
exec 4>"$dir/to_bob"

printf 'alice\n' >&3
wait_for alice "* alice has joined lobby"
printf 'bob\r\n' >&4
wait_for alice "* bob has joined lobby"
printf 'hello from bob\r\n' >&4
wait_for alice "<bob> hello from bob"
printf '/msg bob hi\n' >&3
wait_for bob "[alice] hi"

kill -TERM "$server"
wait "$server"
status=$?
[ "$status" -eq 0 ] || fail "asyncio-chat exited with $status after SIGTERM"
wait_for alice "* server shutting down"
wait_for bob "* server shutting down"
exec 3>&- 4>&-

printf '%s\r\n' "* Welcome to asyncio-chat. Choose a nickname:" "* alice has joined lobby" \
    "* bob has joined lobby" "<bob> hello from bob" "* server shutting down" >"$dir/alice.expected"
printf '%s\r\n' "* Welcome to asyncio-chat. Choose a nickname:" "* bob has joined lobby" \
    "[alice] hi" "* server shutting down" >"$dir/bob.expected"
cmp -s "$dir/alice" "$dir/alice.expected" || fail "alice received other bytes"
cmp -s "$dir/bob" "$dir/bob.expected" || fail "bob received other bytes"
grep -q "disconnect 127\.0\.0\.1:[0-9]* alice: server shutting down" "$dir/log" ||
    fail "no disconnect line for alice in the log"
echo "PASS"
