#!/bin/sh
# asyncio-chat out of file descriptors: the real program under a tiny RLIMIT_NOFILE (16), and
# 20 clients (nc) at once. Accepting pauses (EMFILE) while the others wait in the backlog; the
# server never stops; once the first 12 clients leave, the last 8 are served, and a
# SIGTERM still ends it with exit 0. Every wait is bounded; everything started is stopped.
#   out_of_descriptors.sh PATH/TO/asyncio-chat
. "$(dirname "$0")/script_support.sh"
need nc
nofile=16
start_chat "$1" --max-clients 100

first=""
for i in $(seq 20); do
    timeout 30 nc -d 127.0.0.1 "$port" >"$dir/client.$i" 2>&1 &
    track $!
    [ "$i" -le 12 ] && first="$first $!"
done
wait_until has log "accept paused: out of file descriptors"
served=$(grep -lF "Welcome" "$dir"/client.* | wc -l)
[ "$served" -lt 20 ] || fail "all 20 clients served under a limit of 16 descriptors"
for pid in $first; do kill "$pid"; done
last_welcomed() {  # clients 13 to 20, some of which were waiting when the first 12 left
    for i in $(seq 13 20); do has "client.$i" "Welcome" || return 1; done
}
wait_until last_welcomed
kill -0 "$server" || fail "the server is gone"
kill -TERM "$server"
wait "$server"
status=$?
[ "$status" -eq 0 ] || fail "asyncio-chat exited with $status after SIGTERM"
echo "PASS ($served of 20 served at first, the others once 12 left)"
