#!/usr/bin/env bash
# Before/after comparison of two revisions on the record workloads (bench/harness/compare.py):
#
#   bench/compare.sh BEFORE_REV AFTER_REV
#
# Exports each revision with `git archive`, publishes it like bench/run.sh (Release, ReadyToRun) and runs both side by
# side, alternating every scenario between them. Settings (environment): BENCH_ROUNDS (5), BENCH_DURATION (4),
# BENCH_WARMUP (3), BENCH_RECORDS (10000), WRK_CONNECTIONS (16); BENCH_POSTGRES (a connection string: both builds run
# on databases of their own on that server instead of SQLite), BENCH_READS_ONLY (1: skip the create scenarios),
# BENCH_ONLY (scenario keys to run, such as `get,list,list_skip`).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 2 ] || { echo "usage: bench/compare.sh BEFORE_REV AFTER_REV" >&2; exit 2; }
command -v wrk >/dev/null || { echo "compare: wrk is required (bench/run.sh installs it)" >&2; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
work=$(mktemp -d "${TMPDIR:-/tmp}/fastcms-compare.XXXXXX")
trap 'rm -rf "$work"' EXIT
specs=()
for rev in "$1" "$2"; do
  label=$(git rev-parse --short "$rev")
  mkdir -p "$work/$label-src"
  git archive "$rev" | tar -x -C "$work/$label-src"
  echo "compare: publishing $label"
  dotnet publish "$work/$label-src/src/FastCms" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
    -o "$work/$label-bin" -v quiet -nologo
  specs+=("$label=$work/$label-src=$work/$label-bin/FastCms.dll")
done
echo "load average before the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 bench/harness/compare.py --work "$work/run" --before "${specs[0]}" --after "${specs[1]}" \
  --records "${BENCH_RECORDS:-10000}" --rounds "${BENCH_ROUNDS:-5}" --duration "${BENCH_DURATION:-4}" \
  --warmup "${BENCH_WARMUP:-3}" --connections "${WRK_CONNECTIONS:-16}" \
  ${BENCH_POSTGRES:+--postgres "$BENCH_POSTGRES"} ${BENCH_READS_ONLY:+--reads-only} ${BENCH_ONLY:+--only "$BENCH_ONLY"}
