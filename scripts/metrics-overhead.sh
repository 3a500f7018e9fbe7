#!/usr/bin/env bash
# Measures what metrics cost: starts two Release builds of FastCMS on 127.0.0.1, one with metrics on and one with
# FastCms:Metrics:Enabled=false, and loads GET <path> on each with wrk, alternating, several runs each. Prints
# every run and the median requests/s per mode. Stops the servers it started and removes their data.
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
start() { # start <mode> <enabled> -> prints the base address
  local port; port=$(free_port)
  mkdir -p "$work/$1"
  FastCms__Metrics__Enabled=$2 Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
    dotnet "$dll" --contentRoot "$work/$1" --urls "http://127.0.0.1:$port" > "$work/$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 60); do curl -fs -o /dev/null "http://127.0.0.1:$port$path" && break; sleep 0.5; done
  curl -fs -o /dev/null "http://127.0.0.1:$port$path" || { cat "$work/$1.log" >&2; exit 1; }
  wrk -t"$threads" -c"$connections" -d3s "http://127.0.0.1:$port$path" >/dev/null # warm-up (JIT, pools)
  echo "http://127.0.0.1:$port"
}

on=$(start on true)
off=$(start off false)
echo "wrk -t$threads -c$connections -d${seconds}s <server>$path, $runs runs per mode, alternating"
for i in $(seq "$runs"); do
  for mode in on off; do
    url=$([ "$mode" = on ] && echo "$on" || echo "$off")
    rps=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency "$url$path" | awk '/^Requests\/sec/ {print $2}')
    echo "run $i metrics $mode: $rps req/s"
    echo "$mode $rps" >> "$work/results"
  done
done

python3 - "$work/results" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    mode, rps = line.split()
    runs.setdefault(mode, []).append(float(rps))
on, off = statistics.median(runs["on"]), statistics.median(runs["off"])
print(f"median metrics on:  {on:.0f} req/s")
print(f"median metrics off: {off:.0f} req/s")
print(f"overhead: {(off - on) / off * 100:.1f}% of throughput")
PY
