#!/usr/bin/env bash
# Runs the whole-process benchmarks of asyncio-cpp side by side with their Python peers
# (CPython asyncio, and asyncio on uvloop) and prints a table of the median figures with the
# ratio asyncio-cpp vs each peer. See bench/README.md.
#
#   bench/compare.sh [--build-dir DIR] [--repeat N] [--no-build]
#                    [--spawn-tasks N] [--spawn-batch B] [--sleepers-tasks N]
#                    [--queue-items N] [--to-thread-calls N]
#
# The runs are interleaved (round 1 of every program, then round 2, ...), so that the drift
# of a noisy machine spreads over all of them alike, and each figure is the median of the
# rounds.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/compare_support.sh"

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
default_build_dir=build/release
build_dir=${ASYNCIO_BUILD_DIR:-$default_build_dir}
repeat=${REPEAT:-3}
python=${PYTHON:-/usr/bin/python3}
do_build=1
spawn_tasks=1000000
spawn_batch=10000
sleepers_tasks=100000
queue_items=1000000
to_thread_calls=20000
programs=(spawn_await sleepers queue_throughput to_thread_roundtrip)

usage() {
    cat <<EOF
usage: bench/compare.sh [options]

Runs bench/spawn_await, sleepers, queue_throughput and to_thread_roundtrip from an
asyncio-cpp build, and their Python peers bench/peers/*.py with $python (plain
asyncio, then uvloop), and prints the median figures side by side with the ratio asyncio-cpp
vs each peer.

options:
  --build-dir DIR      the CMake build to take the programs from (env ASYNCIO_BUILD_DIR;
                       default $default_build_dir, relative to the repository)
  --repeat N           rounds of every measurement; the median is reported (env REPEAT;
                       default 3)
  --no-build           use the programs as they are (by default the script first brings
                       them up to date with cmake --build; a missing default release build
                       is configured with 'cmake --preset release')
  --spawn-tasks N      spawn_await: tasks in all (default $spawn_tasks)
  --spawn-batch B      spawn_await: tasks gathered at once (default $spawn_batch)
  --sleepers-tasks N   sleepers: tasks asleep at once (default $sleepers_tasks)
  --queue-items N      queue_throughput: items through the queue (default $queue_items)
  --to-thread-calls N  to_thread_roundtrip: sequential to_thread calls (default $to_thread_calls)
  -h, --help           this text

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
    --spawn-tasks) spawn_tasks=${2:?}; shift 2 ;;
    --spawn-tasks=*) spawn_tasks=${1#*=}; shift ;;
    --spawn-batch) spawn_batch=${2:?}; shift 2 ;;
    --spawn-batch=*) spawn_batch=${1#*=}; shift ;;
    --sleepers-tasks) sleepers_tasks=${2:?}; shift 2 ;;
    --sleepers-tasks=*) sleepers_tasks=${1#*=}; shift ;;
    --queue-items) queue_items=${2:?}; shift 2 ;;
    --queue-items=*) queue_items=${1#*=}; shift ;;
    --to-thread-calls) to_thread_calls=${2:?}; shift 2 ;;
    --to-thread-calls=*) to_thread_calls=${1#*=}; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$1'" ;;
    esac
done
positive --repeat "$repeat"
positive --spawn-tasks "$spawn_tasks"
positive --spawn-batch "$spawn_batch"
positive --sleepers-tasks "$sleepers_tasks"
positive --queue-items "$queue_items"
positive --to-thread-calls "$to_thread_calls"

cd "$repo"
[[ $build_dir = /* ]] || build_dir=$repo/$build_dir

# -- the C++ programs, up to date --
if ((do_build)); then
    ensure_build_dir
    build_targets "${programs[@]}"
fi
for program in "${programs[@]}"; do
    [[ -x $build_dir/bench/$program ]] || die "$build_dir/bench/$program is missing: build it first"
done

# -- the peers --
[[ -x $python ]] || die "$python not found: the Python peers need it"
python_version=$("$python" -c 'import platform; print(platform.python_version())')
peers=(asyncio)
if uvloop_version=$("$python" -c 'import uvloop; print(uvloop.__version__)' 2>/dev/null); then
    peers+=(uvloop)
    uvloop_note="uvloop $uvloop_version"
else
    uvloop_note="uvloop MISSING"
    uvloop_missing="uvloop is MISSING: $python cannot import it (Debian: apt-get install python3-uvloop); the uvloop peer is left out"
    echo "compare.sh: $uvloop_missing" >&2
fi
impls=(asyncio-cpp "${peers[@]}")

# set_command <impl> <workload>: sets `cmd` to the command that runs a workload on an
# implementation.
set_command() {
    local impl=$1 workload=$2 args
    case $workload in
    spawn_await) args=(--tasks "$spawn_tasks" --batch "$spawn_batch") ;;
    sleepers) args=(--tasks "$sleepers_tasks") ;;
    queue_throughput) args=(--items "$queue_items") ;;
    to_thread_roundtrip) args=(--calls "$to_thread_calls") ;;
    esac
    case $impl in
    asyncio-cpp) cmd=("$build_dir/bench/$workload" "${args[@]}") ;;
    asyncio) cmd=("$python" "$repo/bench/peers/$workload.py" "${args[@]}") ;;
    uvloop) cmd=("$python" "$repo/bench/peers/$workload.py" --uvloop "${args[@]}") ;;
    esac
}

# -- the runs, interleaved --
declare -A samples  # "<impl>/<metric>" -> values, one a line
workloads=("${programs[@]}")
echo "# $repeat round(s); asyncio-cpp from $build_dir; Python $python_version ($python), $uvloop_note"
for ((round = 1; round <= repeat; ++round)); do
    for workload in "${workloads[@]}"; do
        for impl in "${impls[@]}"; do
            set_command "$impl" "$workload"
            if ! line=$("${cmd[@]}" | grep "^$workload "); then
                die "round $round: '${cmd[*]}' failed or printed no '$workload' line"
            fi
            printf '# round %d  %-12s %s\n' "$round" "$impl" "$line"
            case $workload in
            spawn_await) metrics=(ns_per_task) ;;
            sleepers) metrics=(wall_ms bytes_per_task longest_sleep_ms) ;;
            queue_throughput) metrics=(ns_per_item) ;;
            to_thread_roundtrip) metrics=(us_per_call) ;;
            esac
            for metric in "${metrics[@]}"; do
                value=$(field "$line" "$metric") || die "no $metric in: $line"
                samples[$impl/$metric]+="$value"$'\n'
            done
        done
    done
done

med() {  # impl metric
    printf '%s' "${samples[$1/$2]}" | median
}

# -- the table --
declare -A figure
for impl in "${impls[@]}"; do
    figure[$impl/ns_per_task]=$(med "$impl" ns_per_task)
    figure[$impl/bytes_per_task]=$(med "$impl" bytes_per_task)
    figure[$impl/ns_per_item]=$(med "$impl" ns_per_item)
    figure[$impl/us_per_call]=$(med "$impl" us_per_call)
    figure[$impl/wall_ms]=$(med "$impl" wall_ms)
    longest=$(med "$impl" longest_sleep_ms)
    figure[$impl/overhead_ms]=$(awk -v w="${figure[$impl/wall_ms]}" -v l="$longest" 'BEGIN { print w - l }')
done

# metric | short name | title | printf format | the words when ours is lower | ... higher
rows=(
    "ns_per_task|spawn_await time per task|spawn_await: ns per task spawned+awaited (lower: better)|%.1f|faster|slower"
    "bytes_per_task|sleepers memory per task|sleepers: bytes per sleeping task (lower: better)|%.0f|lighter|heavier"
    "wall_ms||sleepers: wall ms, all asleep at once (longest sleep ${longest} ms)|%.0f||"
    "overhead_ms|sleepers time beyond the longest sleep|sleepers: wall ms beyond the longest sleep (lower: better)|%.0f|faster|slower"
    "ns_per_item|queue_throughput time per item|queue_throughput: ns per item put+got (lower: better)|%.1f|faster|slower"
    "us_per_call|to_thread_roundtrip time per call|to_thread_roundtrip: us per to_thread call (lower: better)|%.2f|faster|slower"
)

echo
echo "asyncio-cpp vs Python peers: median of $repeat round(s)" \
    "(spawn_await --tasks $spawn_tasks --batch $spawn_batch; sleepers --tasks $sleepers_tasks;" \
    "queue_throughput --items $queue_items; to_thread_roundtrip --calls $to_thread_calls)"
printf '%-68s' "workload"
for impl in "${impls[@]}"; do printf '%13s' "$impl"; done
printf '\n'
for row in "${rows[@]}"; do
    IFS='|' read -r metric _ title format _ _ <<<"$row"
    printf '%-68s' "$title"
    for impl in "${impls[@]}"; do printf "%13${format#%}" "${figure[$impl/$metric]}"; done
    printf '\n'
done

echo
for row in "${rows[@]}"; do
    IFS='|' read -r metric name _ _ better worse <<<"$row"
    [[ -n $better ]] || continue
    verdicts=()
    for peer in "${peers[@]}"; do
        verdicts+=("$(awk -v ours="${figure[asyncio-cpp/$metric]}" -v theirs="${figure[$peer/$metric]}" \
            -v peer="$peer" -v better="$better" -v worse="$worse" 'BEGIN {
                if (ours <= 0 || theirs <= 0) {
                    printf "not comparable with %s (figures %g and %g)", peer, ours, theirs; exit }
                r = theirs / ours; word = better
                if (r < 1) { r = 1 / r; word = worse }
                printf (r < 10 ? "%.2fx" : "%.1fx") " %s than %s", r, word, peer }')")
    done
    joined=$(printf '%s, ' "${verdicts[@]}")
    echo "${name}: asyncio-cpp is ${joined%, }"
done
if [[ -n ${uvloop_missing:-} ]]; then echo "NOTE: $uvloop_missing"; fi
