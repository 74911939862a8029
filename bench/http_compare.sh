#!/usr/bin/env bash
# The HTTP client benchmark (issue 11's bar): runs our load client bench/http_get (on
# asyncio::http) beside wrk, curl, aiohttp and asyncio-fetch against one local nginx, and
# prints a table of the median figures per bar. See bench/README.md.
#
#   bench/http_compare.sh [--build-dir DIR] [--repeat N] [--no-build] [--bars "1 2 3"]
#                         [--passes P] [--large-passes P] [--wrk-seconds S] [--keep]
#
# It makes a temporary directory with 10,000 distinct 1 KiB files, 20 files of 1 MiB and a
# sparse 1 GiB file, and serves it with nginx (one worker, pinned to CPU 0, access log off,
# sendfile, gzip off, keep-alive for a million requests) on a free port of 127.0.0.1. Every
# client runs pinned to CPU 1, through bench/run_measured.py, which reads its CPU time
# (user + sys), peak RSS and wall time from the kernel (wait4) the same way for all. Rounds are
# interleaved (round 1 of every client of every bar, then round 2, ...); each figure is the
# median of the rounds.
#
#   bar 1: the 10,000 small files (--passes times), 64 in flight: requests/s and client CPU per
#          request; targets: CPU per request <= wrk's, requests/s >= 0.9x wrk's.
#   bar 2: the 20 x 1 MiB files (--large-passes times), 4 in flight: MB/s and peak RSS; target:
#          MB/s >= 2x curl's.
#   bar 3: the 1 GiB file streamed to a file: peak RSS; target: < 32 MiB.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/compare_support.sh"

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
default_build_dir=build/release
build_dir=${ASYNCIO_BUILD_DIR:-$default_build_dir}
repeat=${REPEAT:-3}
python=${PYTHON:-/usr/bin/python3}
nginx=${NGINX:-/usr/sbin/nginx}
do_build=1
bars="1 2 3"
passes=1
large_passes=10
wrk_seconds=1
keep=0
server_cpu=0
client_cpu=1

usage() {
    cat <<EOF
usage: bench/http_compare.sh [options]

Runs issue 11's HTTP client benchmark against a local nginx pinned to CPU $server_cpu, every
client pinned to CPU $client_cpu, and prints the median figures per bar with the targets'
verdicts.

options:
  --build-dir DIR     the CMake build to take http_get (and asyncio-fetch) from (env
                      ASYNCIO_BUILD_DIR; default $default_build_dir, relative to the repository)
  --repeat N          rounds; the median is reported (env REPEAT; default 3)
  --no-build          use the programs as they are (by default the script first brings
                      http_get up to date with cmake --build)
  --bars "B..."       which bars, of 1 2 3 (default "$bars")
  --passes P          bar 1: each client walks the 10,000 small files P times (default $passes)
  --large-passes P    bar 2: the 20 x 1 MiB files are fetched P times over (default $large_passes:
                      20 MiB alone is over in a few ms, less than a process's start-up)
  --wrk-seconds S     bar 1: wrk's duration (default $wrk_seconds; enough for 10,000+ requests)
  --keep              keep the temporary directory (files, nginx config, each run's output)
  -h, --help          this text

environment: PYTHON (default /usr/bin/python3, Debian's, which has python3-aiohttp),
NGINX (default /usr/sbin/nginx, Debian's nginx-light)
EOF
}

while (($#)); do
    case $1 in
    --build-dir) build_dir=${2:?--build-dir needs a directory}; shift 2 ;;
    --build-dir=*) build_dir=${1#*=}; shift ;;
    --repeat) repeat=${2:?--repeat needs a number}; shift 2 ;;
    --repeat=*) repeat=${1#*=}; shift ;;
    --no-build) do_build=0; shift ;;
    --bars) bars=${2:?}; shift 2 ;;
    --bars=*) bars=${1#*=}; shift ;;
    --passes) passes=${2:?}; shift 2 ;;
    --passes=*) passes=${1#*=}; shift ;;
    --large-passes) large_passes=${2:?}; shift 2 ;;
    --large-passes=*) large_passes=${1#*=}; shift ;;
    --wrk-seconds) wrk_seconds=${2:?}; shift 2 ;;
    --wrk-seconds=*) wrk_seconds=${1#*=}; shift ;;
    --keep) keep=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$1'" ;;
    esac
done
positive --repeat "$repeat"
positive --passes "$passes"
positive --large-passes "$large_passes"
positive --wrk-seconds "$wrk_seconds"
for bar in $bars; do [[ $bar = [123] ]] || die "--bars takes 1, 2 and 3, not '$bar'"; done
(($(nproc) >= 2)) || die "needs 2 CPUs: the server and the clients each get one"

cd "$repo"
[[ $build_dir = /* ]] || build_dir=$repo/$build_dir

# -- the programs --
if ((do_build)); then
    ensure_build_dir
    targets=(http_get)
    grep -q '^asyncio-fetch:' <(cmake --build "$build_dir" --target help 2>/dev/null) &&
        targets+=(asyncio-fetch)
    build_targets "${targets[@]}"
fi
http_get=$build_dir/bench/http_get
fetch=$build_dir/apps/fetch/asyncio-fetch
measure=$repo/bench/run_measured.py
[[ -x $http_get ]] || die "$http_get is missing: build it first (cmake --build $build_dir --target http_get)"
[[ -x $nginx ]] || die "$nginx not found (Debian: apt-get install nginx-light)"
[[ -x $python ]] || die "$python not found: the aiohttp peer and the measuring need it"
notes=()
peers1=(http_get wrk curl aiohttp)
command -v wrk >/dev/null || die "wrk not found (Debian: apt-get install wrk)"
command -v curl >/dev/null || die "curl not found (Debian: apt-get install curl)"
if ! aiohttp_version=$("$python" -c 'import aiohttp; print(aiohttp.__version__)' 2>/dev/null); then
    peers1=(http_get wrk curl)
    notes+=("the aiohttp peer is left out: $python cannot import aiohttp (Debian: apt-get install python3-aiohttp)")
fi
if [[ -x $fetch ]]; then
    peers1+=(asyncio-fetch)
else
    notes+=("asyncio-fetch is left out: $fetch is not built")
fi
for note in "${notes[@]}"; do echo "http_compare.sh: $note" >&2; done

# -- the files and the server, removed and stopped on any exit --
dir=$(mktemp -d /tmp/http_compare.XXXXXX)
chmod 755 "$dir"  # nginx's worker runs as nobody when started by root
server_pid=
client_pid=
cleanup() {
    stop client_pid
    stop server_pid
    if ((keep)); then echo "http_compare.sh: kept $dir" >&2; else rm -rf "$dir"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port=$(free_port)
base=http://127.0.0.1:$port
mkdir -p "$dir/www/small" "$dir/www/large" "$dir/nginx" "$dir/out"
"$python" - "$dir" "$base" "$passes" "$large_passes" <<'EOF'
import os, sys
d, base, passes, large_passes = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
small = [f"/small/{i:05d}.bin" for i in range(10000)]
large = [f"/large/{i:02d}.bin" for i in range(20)]
for path in small:
    with open(f"{d}/www{path}", "wb") as f: f.write(os.urandom(1024))
for path in large:
    with open(f"{d}/www{path}", "wb") as f: f.write(os.urandom(1 << 20))
def lists(name, paths, n):
    urls = [base + p for p in paths] * n
    with open(f"{d}/{name}.urls", "w") as f: f.write("".join(u + "\n" for u in urls))
    with open(f"{d}/{name}.paths", "w") as f: f.write("".join(p + "\n" for p in paths))
    with open(f"{d}/{name}.curl", "w") as f:  # a curl config: each URL into /dev/null
        f.write("".join(f'url = "{u}"\noutput = "/dev/null"\n' for u in urls))
lists("small", small, passes)
lists("large", large, large_passes)
EOF
truncate -s 1G "$dir/www/huge.bin"  # sparse: nginx sends zeros from the page cache
cat >"$dir/wrk_walk.lua" <<'EOF'
-- wrk hits one URL; this walks the paths of a file (its argument) in turn instead. The
-- requests are formatted once, in init, so that each costs wrk no more than its one URL would.
local requests, n, i = {}, 0, 0
function init(args)
    for path in io.lines(args[1]) do
        n = n + 1
        requests[n] = wrk.format("GET", path)
    end
end
function request()
    i = i % n + 1
    return requests[i]
end
EOF
cat >"$dir/nginx/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes 1;
worker_cpu_affinity 01;
pid $dir/nginx/nginx.pid;
error_log $dir/nginx/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    gzip off;
    keepalive_timeout 60s;
    keepalive_requests 1000000;
    default_type application/octet-stream;
    client_body_temp_path $dir/nginx/body;
    proxy_temp_path $dir/nginx/proxy;
    fastcgi_temp_path $dir/nginx/fastcgi;
    uwsgi_temp_path $dir/nginx/uwsgi;
    scgi_temp_path $dir/nginx/scgi;
    server {
        listen 127.0.0.1:$port;
        root $dir/www;
    }
}
EOF
taskset -c "$server_cpu" "$nginx" -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -e "$dir/nginx/error.log" &
server_pid=$!
for ((i = 0; i < 50; ++i)); do
    curl -sf -o /dev/null "$base/small/00000.bin" && break
    kill -0 "$server_pid" 2>/dev/null || die "nginx exited: $(cat "$dir/nginx/error.log")"
    sleep 0.1
done
curl -sf -o /dev/null "$base/small/00000.bin" || die "nginx does not answer on $base"
nginx_worker=$(pgrep -P "$server_pid" | head -1)
[[ -n $nginx_worker ]] || die "nginx has no worker process"
nginx_version=$("$nginx" -v 2>&1 | sed 's/.*nginx\///')

# -- one run --
# run LABEL COMMAND...: runs the client pinned to CPU $client_cpu under run_measured.py, its
# output into $dir/out/LABEL.out and .err; sets `line` to the `measured ...` line followed by
# the client's own result line, if it printed one. Dies if the client failed.
run() {
    local label=$1 busy0 busy1 nginx0 nginx1 start client other
    shift
    start=$EPOCHREALTIME busy0=$(busy_ms) nginx0=$(nginx_ms)
    taskset -c "$client_cpu" "$python" "$measure" "$dir/out/$label.measured" "$@" \
        >"$dir/out/$label.out" 2>"$dir/out/$label.err" &
    client_pid=$!
    wait "$client_pid" || die "round $round: $label failed (${*}): $(tail -3 "$dir/out/$label.err")"
    client_pid=
    busy1=$(busy_ms) nginx1=$(nginx_ms)
    line=$(cat "$dir/out/$label.measured")
    client=$(cpu_ms "$line")
    # Over the whole interval between the two readings (the wrapper's start-up included).
    other=$(awk -v b=$((busy1 - busy0)) -v n=$((nginx1 - nginx0)) -v c="$client" \
        -v w="$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { print b - a }')" \
        'BEGIN { o = (b - n - c) / (w * 10); printf "%.0f\n", o < 0 ? 0 : o }')
    line+=" nginx_cpu_ms=$((nginx1 - nginx0)) other_cpu_pct=$other"
    line+=" $(grep -h '^http_get' "$dir/out/$label.out" || true)"
    if ((other > disturbed_pct)); then ((++disturbed)); fi
}

# CPU time in ms from /proc, in clock ticks (10 ms): the whole machine's busy time (all CPUs),
# and nginx's worker's. The difference, less the client's, is what other processes took.
tick_ms=$((1000 / $(getconf CLK_TCK)))
busy_ms() {
    awk -v k="$tick_ms" '/^cpu / { print ($2 + $3 + $4 + $7 + $8 + $9) * k; exit }' /proc/stat
}
nginx_ms() {
    awk -v k="$tick_ms" '{ sub(/.*\) /, ""); print ($12 + $13) * k }' "/proc/$nginx_worker/stat"
}
disturbed=0       # runs during which other processes took more than disturbed_pct% of a CPU
disturbed_pct=10

declare -A samples  # "<bar>/<peer>/<metric>" -> values, one a line
add() {  # bar peer metric value
    samples[$1/$2/$3]+="$4"$'\n'
}
cpu_ms() {  # the measured line: user + sys, ms
    awk -v u="$(field "$1" cpu_user_ms)" -v s="$(field "$1" cpu_sys_ms)" 'BEGIN { print u + s }'
}
per() {  # a b [scale]: a * scale / b
    awk -v a="$1" -v b="$2" -v k="${3:-1}" 'BEGIN { printf "%.4f\n", a * k / b }'
}

small_count=$((10000 * passes))
large_bytes=$((20 * 1048576 * large_passes))

# bar 1: requests/s from each client's own window where it reports one (http_get, aiohttp and
# wrk time their requests, leaving out their start-up), the wall time otherwise (curl,
# asyncio-fetch); CPU per request always from run_measured.py's user + sys.
bar1() {  # peer
    local requests seconds
    case $1 in
    http_get) run "$1" "$http_get" --urls "$dir/small.urls" --concurrency 64 ;;
    aiohttp) run "$1" "$python" "$repo/bench/peers/http_get_aiohttp.py" --urls "$dir/small.urls" --concurrency 64 ;;
    curl) run "$1" curl --no-progress-meter --fail --parallel --parallel-max 64 -K "$dir/small.curl" ;;
    asyncio-fetch) run "$1" "$fetch" -j 64 -i "$dir/small.urls" --quiet ;;
    wrk)
        run "$1" wrk -c 64 -t 1 -d "${wrk_seconds}s" -s "$dir/wrk_walk.lua" "$base/" -- "$dir/small.paths"
        ! grep -q 'Non-2xx' "$dir/out/wrk.out" || die "round $round: wrk got errors: $(cat "$dir/out/wrk.out")"
        requests=$(sed -n 's/^ *\([0-9]*\) requests in \([0-9.]*\)\(m\?s\).*/\1/p' "$dir/out/wrk.out")
        seconds=$(sed -n 's/^ *\([0-9]*\) requests in \([0-9.]*\)\(m\?s\).*/\2 \3/p' "$dir/out/wrk.out" |
            awk '{ print $2 == "ms" ? $1 / 1000 : $1 }')
        [[ -n $requests && -n $seconds ]] || die "round $round: no request count in wrk's output"
        line+=" wrk_requests=$requests wrk_seconds=$seconds"
        ;;
    esac
    if [[ $1 = http_get || $1 = aiohttp ]]; then
        requests=$(field "$line" requests) seconds=$(field "$line" seconds)
        [[ $(field "$line" errors) = 0 ]] || die "round $round: $1 had errors: $line"
    elif [[ $1 != wrk ]]; then
        requests=$small_count seconds=$(field "$line" wall_s)
    fi
    add 1 "$1" rps "$(per "$requests" "$seconds")"
    add 1 "$1" cpu_us "$(per "$(cpu_ms "$line")" "$requests" 1000)"
    add 1 "$1" rss "$(field "$line" max_rss_kib)"
    add 1 "$1" nginx_us "$(per "$(field "$line" nginx_cpu_ms)" "$requests" 1000)"
    add 1 "$1" requests "$requests"
    printf '# round %d bar 1 %-14s %s\n' "$round" "$1" "$line"
}

# bars 2 and 3: MB/s over the wall time (start-up included alike: curl has no other clock).
download() {  # bar peer bytes
    add "$1" "$2" mbps "$(per "$3" "$(field "$line" wall_s)" 1e-6)"
    add "$1" "$2" rss "$(field "$line" max_rss_kib)"
    add "$1" "$2" cpu_ms "$(cpu_ms "$line")"
    printf '# round %d bar %s %-14s %s\n' "$round" "$1" "$2" "$line"
}
bar2() {  # peer
    case $1 in
    http_get) run "$1" "$http_get" --urls "$dir/large.urls" --concurrency 4 ;;
    http_get/chunks) run http_get_chunks "$http_get" --urls "$dir/large.urls" --concurrency 4 --read chunks ;;
    curl) run "$1" curl --no-progress-meter --fail --parallel --parallel-max 4 -K "$dir/large.curl" ;;
    esac
    download 2 "$1" "$large_bytes"
}
bar3() {  # peer
    case $1 in
    http_get) run "$1" "$http_get" --pattern "$base/huge.bin{}" --count 1 --output "$dir/out/huge.bin" ;;
    curl) run "$1" curl --no-progress-meter --fail -o "$dir/out/huge.bin" "$base/huge.bin" ;;
    esac
    [[ $(stat -c %s "$dir/out/huge.bin") = 1073741824 ]] || die "round $round: $1 wrote a wrong size"
    rm -f "$dir/out/huge.bin"
    download 3 "$1" 1073741824
}
# --pattern needs a "{}": with --count 1 it is replaced by "0", so give nginx that name too.
ln -s huge.bin "$dir/www/huge.bin0"

# -- the runs, interleaved --
echo "# $repeat round(s); nginx $nginx_version (1 worker) on CPU $server_cpu, clients on CPU $client_cpu;" \
    "http_get from $build_dir; $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2); $(curl --version | head -1 | cut -d' ' -f1-2);" \
    "aiohttp ${aiohttp_version:-MISSING} on Python $("$python" -c 'import platform; print(platform.python_version())')"
for ((round = 1; round <= repeat; ++round)); do
    [[ " $bars " = *" 1 "* ]] && for peer in "${peers1[@]}"; do bar1 "$peer"; done
    [[ " $bars " = *" 2 "* ]] && for peer in http_get http_get/chunks curl; do bar2 "$peer"; done
    [[ " $bars " = *" 3 "* ]] && for peer in http_get curl; do bar3 "$peer"; done
done

# -- the tables --
med() {  # bar peer metric
    printf '%s' "${samples[$1/$2/$3]}" | median
}
ratio() {  # ours theirs
    awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.2fx", a / b; else print "-" }'
}
verdict() {  # what value comparison limit ("<=" or ">=")
    awk -v what="$1" -v v="$2" -v op="$3" -v limit="$4" 'BEGIN {
        ok = op == "<=" ? v <= limit : v >= limit
        printf "%s: %.2f (target %s %.2f): %s\n", what, v, op, limit, ok ? "met" : "MISSED" }'
}

if [[ " $bars " = *" 1 "* ]]; then
    echo
    echo "bar 1: 10,000 distinct 1 KiB files x $passes, 64 in flight: median of $repeat round(s)"
    printf '%-14s %9s %9s %12s %10s %11s %11s %11s\n' client requests req/s cpu_us/req peak_KiB \
        cpu_vs_wrk rps_vs_wrk nginx_us/req
    wrk_cpu=$(med 1 wrk cpu_us) wrk_rps=$(med 1 wrk rps)
    for peer in "${peers1[@]}"; do
        printf '%-14s %9.0f %9.0f %12.2f %10.0f %11s %11s %11.2f\n' "$peer" "$(med 1 "$peer" requests)" \
            "$(med 1 "$peer" rps)" "$(med 1 "$peer" cpu_us)" "$(med 1 "$peer" rss)" \
            "$(ratio "$(med 1 "$peer" cpu_us)" "$wrk_cpu")" "$(ratio "$(med 1 "$peer" rps)" "$wrk_rps")" \
            "$(med 1 "$peer" nginx_us)"
    done
    verdict "http_get CPU per request / wrk's" "$(per "$(med 1 http_get cpu_us)" "$wrk_cpu")" "<=" 1
    verdict "http_get requests/s / wrk's" "$(per "$(med 1 http_get rps)" "$wrk_rps")" ">=" 0.9
fi
if [[ " $bars " = *" 2 "* ]]; then
    echo
    echo "bar 2: 20 x 1 MiB files x $large_passes, 4 in flight: median of $repeat round(s)"
    printf '%-16s %9s %9s %10s %10s\n' client MB/s cpu_ms peak_KiB vs_curl
    for peer in http_get http_get/chunks curl; do
        printf '%-16s %9.0f %9.0f %10.0f %10s\n' "$peer" "$(med 2 "$peer" mbps)" \
            "$(med 2 "$peer" cpu_ms)" "$(med 2 "$peer" rss)" \
            "$(ratio "$(med 2 "$peer" mbps)" "$(med 2 curl mbps)")"
    done
    for peer in http_get http_get/chunks; do
        verdict "$peer MB/s / curl's" "$(per "$(med 2 "$peer" mbps)" "$(med 2 curl mbps)")" ">=" 2
    done
fi
if [[ " $bars " = *" 3 "* ]]; then
    echo
    echo "bar 3: a 1 GiB file streamed to a file: median of $repeat round(s)"
    printf '%-16s %9s %9s %10s\n' client MB/s cpu_ms peak_KiB
    for peer in http_get curl; do
        printf '%-16s %9.0f %9.0f %10.0f\n' "$peer" "$(med 3 "$peer" mbps)" "$(med 3 "$peer" cpu_ms)" \
            "$(med 3 "$peer" rss)"
    done
    verdict "http_get peak RSS (MiB)" "$(per "$(med 3 http_get rss)" 1024)" "<=" 32
fi
for note in "${notes[@]}"; do echo "NOTE: $note"; done
if ((disturbed)); then
    echo "NOTE: during $disturbed run(s) other processes took more than ${disturbed_pct}% of a CPU" \
        "(other_cpu_pct in the run lines): their times are disturbed; CPU per request much less so"
fi
