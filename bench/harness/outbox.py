"""Create throughput with the transactional outbox (run by bench/run.sh after the main benchmark).

Four states of one server (SQLite, or with --postgres a database of its own on that PostgreSQL server), measured in
interleaved rounds:
  none      no webhook or durable handler: the outbox table is not written at all;
  filtered  one enabled webhook on the measured collection whose record filter no record matches: the filter is decided
            from the written record, so nothing is written either (the cost of asking it);
  durable   the bench-durable plugin's no-op durable handler on the measured collection: every create also writes its
            outbox row, which the dispatcher fans out and delivers in-process (the outbox's own cost, no network);
  webhook   one enabled webhook on the measured collection: every create is delivered, signed, to a receiver on 127.0.0.1.
Target: create throughput with the outbox at least 90 % of state "none" (printed for "filtered" and "durable").
"""
import argparse
import os
import shutil
import signal
import statistics
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import postgres
from load import SAMPLE_POST, Scenario, Wrk
from seed import create_posts, login
from servers import Server, http, stop_all

ADMIN_EMAIL = "bench@example.com"
ADMIN_PASSWORD = "Bench-pass-1234"
RECORDS = "/api/v1/collections/posts/records"


class Receiver(BaseHTTPRequestHandler):
    count = 0
    lock = threading.Lock()

    def do_POST(self):  # noqa: N802 (the name http.server calls)
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with Receiver.lock:
            Receiver.count += 1
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *_):
        pass


def log(message: str = "") -> None:
    print(message, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repo", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--fastcms-dll", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--postgres", default="", help="connection string of a PostgreSQL server to run on instead of SQLite")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    receiver = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    receiver_url = f"http://127.0.0.1:{receiver.server_address[1]}/hook"
    root = os.path.join(args.work, "outbox")
    os.makedirs(os.path.join(root, "plugins"), exist_ok=True)
    shutil.copytree(os.path.join(args.repo, "bench", "plugins", "bench_durable"), os.path.join(root, "plugins", "bench_durable"), dirs_exist_ok=True)
    env = {**os.environ, "ASPNETCORE_ENVIRONMENT": "Production", "DOTNET_CLI_TELEMETRY_OPTOUT": "1",
           "FastCms__PluginsDir": os.path.join(root, "plugins"), "FastCms__Auth__AdminEmail": ADMIN_EMAIL,
           "FastCms__Auth__AdminPassword": ADMIN_PASSWORD, "FastCms__Webhooks__AllowedAddresses__0": "127.0.0.1"}
    wrk = Wrk(os.path.join(args.repo, "bench", "wrk"), args.threads, args.connections, args.duration, args.warmup)
    database = ""
    if args.postgres:
        database, env["FastCms__Database__ConnectionString"] = postgres.create_database(args.postgres, "_outbox")
    try:
        server = Server("outbox", ["dotnet", args.fastcms_dll, "--contentRoot", root], env, os.path.join(args.work, "outbox.log")).start()
        token, author = login(server.url, ADMIN_EMAIL, ADMIN_PASSWORD)
        create_posts(server.url, token)
        create_posts(server.url, token, "articles")
        hooks = {}
        for key, record_filter in (("filtered", 'title = "no post has this title"'), ("webhook", None)):
            status, body = http("POST", server.url + "/api/v1/admin/webhooks",
                                {"url": receiver_url, "collections": ["posts"], "events": ["create"], "filter": record_filter,
                                 "enabled": False}, token)
            if status != 201:
                raise RuntimeError(f"creating the {key} webhook failed with {status}: {body}")
            hooks[key] = body["id"]

        def enter(state: str) -> None:
            for key, hook in hooks.items():
                status, body = http("PATCH", f"{server.url}/api/v1/admin/webhooks/{hook}", {"enabled": key == state}, token)
                if status != 200:
                    raise RuntimeError(f"switching to {state} failed with {status}: {body}")
            action = "enable" if state == "durable" else "disable"
            status, body = http("POST", f"{server.url}/api/v1/admin/plugins/bench-durable/{action}", {}, token)
            if status != 200:
                raise RuntimeError(f"switching to {state} ({action} bench-durable) failed with {status}: {body}")
            time.sleep(1)

        scenario = Scenario("create", "create", server, "create.lua", RECORDS, [RECORDS, author], "POST", RECORDS, 201, SAMPLE_POST)
        wrk.check(scenario)
        states = ["none", "filtered", "durable", "webhook"]
        results: dict[str, list[dict]] = {s: [] for s in states}
        log(f"\nOutbox: create throughput, {'PostgreSQL' if args.postgres else 'SQLite'}, wrk -t{args.threads} -c{args.connections}, {args.rounds} rounds of {args.duration} s, interleaved")
        for state in states:
            enter(state)
            wrk.run(scenario, args.warmup)
        for number in range(1, args.rounds + 1):
            for state in states:
                enter(state)
                result = wrk.run(scenario, args.duration)
                results[state].append(result)
                log(f"  round {number}/{args.rounds} {state:<8} {result['rps']:>9,.0f} req/s  p50 {result['p50_ms']:6.2f} ms  "
                    f"p99 {result['p99_ms']:6.2f} ms  errors {result['errors']}  server CPU {result['cpu_us_per_request']:.0f} µs/req")
        enter("none")
        medians = {s: statistics.median(r["rps"] for r in results[s]) for s in states}
        ratios = {s: medians[s] / medians["none"] for s in states}
        log(f"\nOutbox (medians): none {medians['none']:,.0f} req/s; webhook with a filter refusing every record {medians['filtered']:,.0f} "
            f"({ratios['filtered']:.0%} of none); no-op durable handler, every event written and delivered in-process "
            f"{medians['durable']:,.0f} ({ratios['durable']:.0%}); one webhook delivering {medians['webhook']:,.0f} ({ratios['webhook']:.0%}); "
            f"the receiver got {Receiver.count:,} deliveries")
        for state in ("filtered", "durable"):
            log(f"Target create with the outbox >= 90 % of without, {state}: {'met' if ratios[state] >= 0.9 else 'NOT met'}")
        return 0
    finally:
        stop_all()
        receiver.shutdown()
        if database:
            postgres.drop_database(args.postgres, database)


if __name__ == "__main__":
    sys.exit(main())
