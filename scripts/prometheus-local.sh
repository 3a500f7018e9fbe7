#!/usr/bin/env bash
# Starts a throwaway Prometheus server on 127.0.0.1 that scrapes a running FastCMS with the scrape config from
# docs/metrics.md, waits until the target is up, queries fastcms_http_requests_total through Prometheus' HTTP API,
# then stops the Prometheus server it started and removes its data.
#
#   FASTCMS_SCRAPE_TOKEN=<token> scripts/prometheus-local.sh [fastcms-address]
#
# fastcms-address defaults to 127.0.0.1:8000; the server must run with FastCms:Metrics:ScrapeToken set to the
# same token. Needs `prometheus` (Debian package prometheus), curl and python3. Exits non-zero on any failure.
set -euo pipefail

target=${1:-127.0.0.1:8000}
token=${FASTCMS_SCRAPE_TOKEN:?set FASTCMS_SCRAPE_TOKEN to the FastCms:Metrics:ScrapeToken of the server}
timeout=${PROMETHEUS_WAIT_SECONDS:-60}
command -v prometheus >/dev/null || { echo "prometheus is not installed (apt-get install prometheus)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/fastcms-prometheus.XXXXXX")
prometheus_pid=
cleanup() {
  if [ -n "$prometheus_pid" ]; then
    kill "$prometheus_pid" 2>/dev/null || true
    wait "$prometheus_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf '%s' "$token" > "$work/fastcms-scrape-token"
chmod 600 "$work/fastcms-scrape-token"
cat > "$work/prometheus.yml" <<YAML
global:
  scrape_interval: 5s
scrape_configs:
  - job_name: fastcms
    metrics_path: /api/v1/admin/metrics/prometheus
    authorization:
      type: Bearer
      credentials_file: $work/fastcms-scrape-token
    static_configs:
      - targets: ["$target"]
YAML

prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address="127.0.0.1:$port" > "$work/prometheus.log" 2>&1 &
prometheus_pid=$!
api="http://127.0.0.1:$port"
echo "prometheus $(prometheus --version 2>&1 | head -n 1 | awk '{print $3}') (pid $prometheus_pid) on $api scraping http://$target/api/v1/admin/metrics/prometheus"

wait_for() { # wait_for <description> <command...>
  local what=$1; shift
  for _ in $(seq "$timeout"); do
    if "$@"; then return 0; fi
    kill -0 "$prometheus_pid" 2>/dev/null || { cat "$work/prometheus.log" >&2; echo "prometheus exited" >&2; exit 1; }
    sleep 1
  done
  echo "timed out after ${timeout}s waiting for $what" >&2
  return 1
}

json() { curl -fsS "$api$1"; }
target_health() { json /api/v1/targets | python3 -c 'import json,sys; t=[t for t in json.load(sys.stdin)["data"]["activeTargets"] if t["labels"]["job"]=="fastcms"]; print(t[0]["health"] if t else "none", (t[0].get("lastError") or "") if t else "")'; }
target_up() { [ "$(target_health | awk '{print $1}')" = up ]; }
has_samples() { [ "$(json '/api/v1/query?query=count(fastcms_http_requests_total)' | python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else 0)')" != 0 ]; }

wait_for "Prometheus to be ready" curl -fs -o /dev/null "$api/-/ready" || exit 1
wait_for "the fastcms target to be up" target_up || { echo "target fastcms: $(target_health)" >&2; exit 1; }
echo "target fastcms: $(target_health)"
wait_for "fastcms_http_requests_total samples" has_samples || exit 1

echo "query: sum by (route, status) (fastcms_http_requests_total)"
json '/api/v1/query?query=sum%20by%20(route%2C%20status)%20(fastcms_http_requests_total)' | python3 -c '
import json, sys
for r in sorted(json.load(sys.stdin)["data"]["result"], key=lambda r: (r["metric"].get("route", ""), r["metric"].get("status", ""))):
    print("  {:<48} {:>4} {:>8}".format(r["metric"].get("route", ""), r["metric"].get("status", ""), r["value"][1]))'
echo "ok: Prometheus scraped FastCMS and answered the query"
