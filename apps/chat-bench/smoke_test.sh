#!/usr/bin/env bash
# The chat bench's ctest: runs asyncio-chat-bench with small numbers against one server and
# checks that every line arrived, in order, with no error (exit status 0, errors=0, missing=0).
# No timing is checked.
#
#   smoke_test.sh BENCH SERVER-COMMAND...    (the server gets --host 127.0.0.1 --port P appended)
set -euo pipefail
bench=$1
shift
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$@" --host 127.0.0.1 --port "$port" &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
for ((i = 0; i < 100; ++i)); do  # up to 10 s for the server to listen
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    kill -0 "$server" || { echo "the server exited" >&2; exit 1; }
    sleep 0.1
done
check() {  # bench options...
    line=$("$bench" --port "$port" --timeout 20 "$@")
    echo "$line"
    [[ $line = "chat-bench "*" errors=0 missing=0"* ]] || { echo "FAILED: $*" >&2; exit 1; }
}
check --clients 5 --lines 200
check --clients 6 --senders 3 --lines 100 --size 200
check --clients 5 --lines 300 --window 20
