#!/usr/bin/env bash
# Load, startup and memory benchmark of FastCMS, measured against a raw ASP.NET Core + SQLite app in the same run.
#
#   bench/run.sh                                   SQLite (and the raw ceiling), startup and memory
#   FASTCMS_BENCH_POSTGRES='Host=127.0.0.1;Port=5432;Username=postgres' bench/run.sh     also PostgreSQL
#
# Installs wrk (and psql for PostgreSQL) from apt when missing, publishes FastCMS in Release with ReadyToRun (the
# recommended deployment; the plain Release build made on the way is measured for startup too), builds the raw app,
# then runs bench/harness/bench.py: every server listens on 127.0.0.1 only, every run has a fixed duration, and
# only the processes it started are stopped (by PID). Prints the tables and writes them as JSON under
# artifacts/bench/. See docs/performance.md.
#
# Settings (environment): BENCH_ROUNDS (3), BENCH_DURATION seconds per run (5), BENCH_WARMUP seconds (5),
# BENCH_RECORDS (10000), WRK_THREADS (1), WRK_CONNECTIONS (16), BENCH_WARM_STARTS (5), BENCH_SKIP_STARTUP=1,
# BENCH_SKIP_FILES=1 (the files scenario, bench/harness/files.py: uploads, downloads against static files, RSS),
# BENCH_BASE_DLL (another build's FastCms.dll, measured by the plugin scenarios of bench/harness/plugins.py as "before").
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DEBIAN_FRONTEND=noninteractive
started=$(date +%s)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi; }
packages=()
command -v wrk >/dev/null || packages+=(wrk)
command -v python3 >/dev/null || packages+=(python3)
command -v curl >/dev/null || packages+=(curl)
if [ -n "${FASTCMS_BENCH_POSTGRES:-}" ] && ! command -v psql >/dev/null; then packages+=(postgresql-client); fi
if [ ${#packages[@]} -gt 0 ]; then
  echo "bench: installing ${packages[*]}"
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi
command -v dotnet >/dev/null || { echo "bench: the .NET SDK (dotnet) is required" >&2; exit 1; }

out="$repo/artifacts/bench"
mkdir -p "$out"
echo "bench: publishing FastCMS (Release, ReadyToRun) and building the raw app"
rid=linux-x64
dotnet publish src/FastCms -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true -o "$out/fastcms" -v quiet -nologo
dotnet build bench/raw -c Release -o "$out/raw" -v quiet -nologo
echo "bench: built in $(( $(date +%s) - started )) s"

work=$(mktemp -d "${TMPDIR:-/tmp}/fastcms-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM"
echo "software: .NET $(dotnet --list-runtimes | awk '/Microsoft.NETCore.App/ {v=$2} END {print v}'), $(wrk -v 2>&1 | head -n 1 | awk '{print $1, $2}'), $(uname -sr)"
echo "load average before the runs: $(cut -d' ' -f1-3 /proc/loadavg)"

skip=()
[ "${BENCH_SKIP_STARTUP:-}" = 1 ] && skip=(--skip-startup)
status=0
python3 bench/harness/bench.py \
  --repo "$repo" --work "$work" \
  --fastcms-dll "$out/fastcms/FastCms.dll" \
  --startup-build "release=$repo/src/FastCms/bin/Release/net10.0/$rid/FastCms.dll" \
  --startup-build "readytorun=$out/fastcms/FastCms.dll" \
  --raw-dll "$out/raw/FastCms.Bench.Raw.dll" \
  --records "${BENCH_RECORDS:-10000}" --rounds "${BENCH_ROUNDS:-3}" --duration "${BENCH_DURATION:-5}" --warmup "${BENCH_WARMUP:-5}" \
  --threads "${WRK_THREADS:-1}" --connections "${WRK_CONNECTIONS:-16}" --warm-starts "${BENCH_WARM_STARTS:-5}" \
  --postgres "${FASTCMS_BENCH_POSTGRES:-}" --results "$out/results-$(date +%Y%m%d-%H%M%S).json" "${skip[@]}" || status=$?
[ "${BENCH_SKIP_FILES:-}" = 1 ] || { dotnet build bench/static -c Release -o "$out/static" -v quiet -nologo && python3 bench/harness/files.py --repo "$repo" --work "$work" --fastcms-dll "$out/fastcms/FastCms.dll" --static-dll "$out/static/FastCms.Bench.Static.dll" --rounds "${BENCH_ROUNDS:-3}" --duration "${BENCH_DURATION:-5}" --warmup "${BENCH_WARMUP:-5}" --threads "${WRK_THREADS:-1}" --connections "${WRK_CONNECTIONS:-16}"; } || status=$?
python3 bench/harness/outbox.py --repo "$repo" --work "$work" --fastcms-dll "$out/fastcms/FastCms.dll" --rounds "${BENCH_ROUNDS:-3}" --duration "${BENCH_DURATION:-5}" --threads "${WRK_THREADS:-1}" --connections "${WRK_CONNECTIONS:-16}" || status=$?
if [ -n "${FASTCMS_BENCH_POSTGRES:-}" ]; then
  python3 bench/harness/outbox.py --repo "$repo" --work "$work/outbox-postgres" --fastcms-dll "$out/fastcms/FastCms.dll" --postgres "$FASTCMS_BENCH_POSTGRES" --rounds "${BENCH_ROUNDS:-3}" --duration "${BENCH_DURATION:-5}" --threads "${WRK_THREADS:-1}" --connections "${WRK_CONNECTIONS:-16}" || status=$?
fi
python3 bench/harness/plugins.py --repo "$repo" --work "$work" --fastcms-dll "$out/fastcms/FastCms.dll" ${BENCH_BASE_DLL:+--base-dll "$BENCH_BASE_DLL"} --postgres "${FASTCMS_BENCH_POSTGRES:-}" --rounds "${BENCH_ROUNDS:-3}" --duration "${BENCH_DURATION:-5}" --warmup "${BENCH_WARMUP:-5}" --threads "${WRK_THREADS:-1}" --connections "${WRK_CONNECTIONS:-16}" --results "$out/plugins-$(date +%Y%m%d-%H%M%S).json" || status=$?
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true; python3 bench/harness/realtime.py --repo "$repo" --work "$work" --fastcms-dll "$out/fastcms/FastCms.dll" --results "$out/realtime-$(date +%Y%m%d-%H%M%S).json" || status=$?
echo "load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg); total $(( $(date +%s) - started )) s"
exit "$status"
