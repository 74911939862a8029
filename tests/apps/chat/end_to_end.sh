#!/bin/sh
# asyncio-chat end to end: the real program on 127.0.0.1 (a port the kernel picks), one
# client through nc (LF) and one through socat (CRLF). Checks what each receives, byte for
# byte, then stops the server with SIGTERM: both get the final notice, the program exits 0.
# Every wait is bounded; whatever happens, everything started here is stopped on exit.
#   end_to_end.sh PATH/TO/asyncio-chat
. "$(dirname "$0")/script_support.sh"
need nc socat
start_chat "$1"

mkfifo "$dir/to_alice" "$dir/to_bob"
timeout 20 nc 127.0.0.1 "$port" <"$dir/to_alice" >"$dir/alice" &
track $!
exec 3>"$dir/to_alice"
timeout 20 socat - "TCP:127.0.0.1:$port" <"$dir/to_bob" >"$dir/bob" &
track $!
exec 4>"$dir/to_bob"

printf 'alice\n' >&3
wait_until has alice "* alice has joined lobby"
printf 'bob\r\n' >&4
wait_until has alice "* bob has joined lobby"
printf 'hello from bob\r\n' >&4
wait_until has alice "<bob> hello from bob"
printf '/msg bob hi\n' >&3
wait_until has bob "[alice] hi"

# (Through `timeout`, which passes the signal on twice: the second must change nothing.)
kill -TERM "$server"
wait "$server"
status=$?
[ "$status" -eq 0 ] || fail "asyncio-chat exited with $status after SIGTERM"
wait_until has alice "* server shutting down"
wait_until has bob "* server shutting down"
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
