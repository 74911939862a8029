#!/bin/sh
# Instructions per spawn+await of bench/spawn_await, counted by callgrind: repeatable where
# timings on a shared machine are not. Two runs (100,000 and 300,000 tasks, batches of 10,000);
# their difference over 200,000 leaves out start-up and shutdown.
#   bench/instructions_per_task.sh build/release/bench/spawn_await
set -eu
program=${1:?usage: instructions_per_task.sh SPAWN_AWAIT_BINARY}
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$program" --tasks "$1" --batch 10000 2>&1 |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
small=$(count 100000)
large=$(count 300000)
echo "$program: $(( (large - small) / 200000 )) instructions per task"
