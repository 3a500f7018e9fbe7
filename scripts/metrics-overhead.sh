#!/usr/bin/env bash
# Measures what metrics cost: starts two Release builds of FastCMS on 127.0.0.1, one with metrics on and one with
# FastCms:Metrics:Enabled=false, and loads GET <path> on each with wrk, alternating, several runs each. Prints
# every run and, per mode, the median requests/s and the median server CPU time per request (read from /proc,
# less sensitive than throughput to other load on the machine). Stops the servers it started, removes their data.
#
#   scripts/metrics-overhead.sh [runs] [seconds-per-run] [path]     (defaults: 5 10 /api/v1/health)
#
# Needs wrk (Debian package wrk), curl, python3 and the .NET SDK.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-5}
seconds=${2:-10}
path=${3:-/api/v1/health}
threads=${WRK_THREADS:-1}
connections=${WRK_CONNECTIONS:-16}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }

dotnet build -c Release src/FastCms -v quiet -nologo >/dev/null
dll=src/FastCms/bin/Release/net10.0/FastCms.dll
work=$(mktemp -d "${TMPDIR:-/tmp}/fastcms-overhead.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
declare -A address server_pid
start() { # start <mode> <enabled>
  local port; port=$(free_port)
  mkdir -p "$work/$1"
  FastCms__Metrics__Enabled=$2 Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
    dotnet "$dll" --contentRoot "$work/$1" --urls "http://127.0.0.1:$port" > "$work/$1.log" 2>&1 &
  pids+=($!)
  server_pid[$1]=$!
  address[$1]="http://127.0.0.1:$port"
  for _ in $(seq 60); do curl -fs -o /dev/null "${address[$1]}$path" && break; sleep 0.5; done
  curl -fs -o /dev/null "${address[$1]}$path" || { cat "$work/$1.log" >&2; exit 1; }
  wrk -t"$threads" -c"$connections" -d3s "${address[$1]}$path" >/dev/null # warm-up (JIT, pools)
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

start on true
start off false
echo "wrk -t$threads -c$connections -d${seconds}s <server>$path, $runs runs per mode, alternating"
ticks_per_second=$(getconf CLK_TCK)
for i in $(seq "$runs"); do
  for mode in on off; do
    before=$(cpu_ticks "${server_pid[$mode]}")
    out=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" "${address[$mode]}$path")
    after=$(cpu_ticks "${server_pid[$mode]}")
    rps=$(awk '/^Requests\/sec/ {print $2}' <<< "$out")
    requests=$(awk '/requests in/ {print $1}' <<< "$out")
    cpu_us=$(python3 -c "print(f'{($after - $before) / $ticks_per_second / $requests * 1e6:.1f}')")
    echo "run $i metrics $mode: $rps req/s, $cpu_us µs server CPU per request"
    echo "$mode $rps $cpu_us" >> "$work/results"
  done
done

python3 - "$work/results" <<'PY'
import statistics, sys
rps, cpu = {}, {}
for line in open(sys.argv[1]):
    mode, r, c = line.split()
    rps.setdefault(mode, []).append(float(r))
    cpu.setdefault(mode, []).append(float(c))
for mode in ("on", "off"):
    print(f"median metrics {mode + ':':4} {statistics.median(rps[mode]):8.0f} req/s  {statistics.median(cpu[mode]):6.1f} µs CPU/request")
on, off = statistics.median(rps["on"]), statistics.median(rps["off"])
cpu_on, cpu_off = statistics.median(cpu["on"]), statistics.median(cpu["off"])
print(f"throughput with metrics: {(on - off) / off * 100:+.1f}%; CPU per request: {(cpu_on - cpu_off) / cpu_off * 100:+.1f}%")
PY
