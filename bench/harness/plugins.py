"""Plugins doing real work, and lists with and without their total (run by bench/run.sh after the main benchmark).

One FastCMS server per build and database, with the example plugin and bench/plugins/bench_data, over collections of the
posts shape: articles (no hooks: the baseline), posts (the example plugin's hooks), audited (a before-hook inserting
one row through the plugin's DbContext) and checked (a before-hook reading one record through IRecords). Every
scenario is compared with its nearest baseline in the same process, round by round:
  creates with hooks         against creates in articles;
  a plugin route, one EF query (a row by id)           against get-by-id on the records API;
  a plugin route listing 20 posts through IRecords      against the same list on the records API;
  a list without its total (skipTotal)                  against the list with it.
Then, on SQLite, the 10+10 no-op hooks (bench/plugins/bench_hooks) against creates without hooks in the same process,
once with wrk and the server sharing the cores and once with each pinned to a core of its own (taskset).
With --base-dll the same runs are made on a second build (the figures "before"), in the same harness run.
"""
import argparse
import json
import os
import random
import shutil
import signal
import statistics
import sys
import time

import postgres
from load import SAMPLE_POST, Scenario, Wrk
from seed import create_posts, login, seed_posts
from servers import Server, http, rss_mb, stop_all

ADMIN_EMAIL = "bench@example.com"
ADMIN_PASSWORD = "Bench-pass-1234"
LIST_QUERY = "?per_page=20&filter=published%20%3D%20true%20%26%26%20views%20%3E%20100&sort=-views&page=3"
ROWS = "/api/v1/plugins/bench-data/rows"
PLUGIN_LIST = "/api/v1/plugins/bench-data/posts"
# scenario → the scenario it is compared with, within one server process.
BASELINES = {"example": "create", "insert": "create", "read": "create", "ef_route": "get", "records_route": "list",
             "list_skip": "list", "hooks": "hooks_base"}


def log(message: str = "") -> None:
    print(message, flush=True)


def records(collection: str) -> str:
    return f"/api/v1/collections/{collection}/records"


def plugins_dir(path: str, repo: str, sources: list[str]) -> str:
    os.makedirs(path, exist_ok=True)
    for source in sources:
        shutil.copytree(os.path.join(repo, source), os.path.join(path, os.path.basename(source)), dirs_exist_ok=True)
    return path


def start(args, name: str, dll: str, plugins: list[str], connection_string: str | None, pin: bool = False) -> Server:
    root = os.path.join(args.work, "plugins-bench", name)
    os.makedirs(root, exist_ok=True)
    env = {**os.environ, "ASPNETCORE_ENVIRONMENT": "Production", "DOTNET_CLI_TELEMETRY_OPTOUT": "1",
           "FastCms__PluginsDir": plugins_dir(os.path.join(root, "plugins"), args.repo, plugins),
           "FastCms__Auth__AdminEmail": ADMIN_EMAIL, "FastCms__Auth__AdminPassword": ADMIN_PASSWORD}
    if connection_string:
        env["FastCms__Database__ConnectionString"] = connection_string
    command = (["taskset", "-c", "1"] if pin else []) + ["dotnet", dll, "--contentRoot", root]
    return Server(name, command, env, os.path.join(args.work, f"plugins-{name}.log")).start()


def plugin_scenarios(args, wrk: Wrk, label: str, dll: str, database: str, connection_string: str | None) -> dict:
    name = f"{label}-{database}"
    sources = ["plugins/example_plugin", "bench/plugins/bench_data"]
    server = start(args, name, dll, sources, connection_string)
    try:
        token, author = login(server.url, ADMIN_EMAIL, ADMIN_PASSWORD)
        for collection in ("posts", "articles", "audited", "checked"):
            create_posts(server.url, token, collection)
        post_ids = seed_posts(server.url, author, args.records, random.Random(8))
        status, row_ids = http("POST", f"{server.url}{ROWS}?count=1000", {}, timeout=300)
        if status != 200:
            raise RuntimeError(f"seeding the plugin's rows failed with {status}: {row_ids}")
        status, body = http("PATCH", f"{server.url}/api/v1/admin/plugins/bench-data/settings", {"reference_post": post_ids[0]}, token)
        if status != 200:
            raise RuntimeError(f"setting the reference post failed with {status}: {body}")
        # Restart warm (compile cache hit), as a production server runs.
        server.stop()
        server = start(args, name, dll, sources, connection_string)
        time.sleep(2)
        idle = rss_mb(server.pid)
        post_file = os.path.join(args.work, f"{name}-posts.txt")
        row_file = os.path.join(args.work, f"{name}-rows.txt")
        for path, ids in ((post_file, post_ids), (row_file, row_ids)):
            with open(path, "w") as f:
                f.write("\n".join(ids) + "\n")

        def create(key: str, text: str, collection: str) -> Scenario:
            path = records(collection)
            sample = {"data": {**SAMPLE_POST["data"], "author": author}}
            return Scenario(key, text, server, "create.lua", path, [path, author], "POST", path, 201, sample)

        posts = records("posts")
        scenarios = [
            Scenario("get", "get-by-id (records API)", server, "get.lua", posts, [post_file, posts], "GET", f"{posts}/{post_ids[0]}", 200),
            Scenario("ef_route", "plugin route, one EF query", server, "get.lua", ROWS, [row_file, ROWS], "GET", f"{ROWS}/{row_ids[0]}", 200),
            Scenario("list", "list 20, filter + sort", server, "list.lua", posts, [posts], "GET", posts + LIST_QUERY, 200),
            Scenario("list_skip", "list 20, skipTotal", server, "list.lua", posts, [posts, "skipTotal=true"], "GET",
                     posts + LIST_QUERY + "&skipTotal=true", 200),
            Scenario("records_route", "plugin route, IRecords list 20", server, "list.lua", PLUGIN_LIST, [PLUGIN_LIST], "GET",
                     PLUGIN_LIST + LIST_QUERY, 200),
            create("create", "create, no hooks (articles)", "articles"),
            create("example", "create + example plugin (posts)", "posts"),
            create("insert", "create + hook inserting a row (EF)", "audited"),
            create("read", "create + hook reading a record", "checked"),
        ]
        log(f"\nPlugins, {label} build, {database}: {args.records:,} posts, {args.rounds} rounds of {args.duration} s, interleaved; "
            f"idle RSS after the warm start {idle:.0f} MiB")
        wrk.measure(scenarios, args.rounds, log)
        return {"idle_mb": idle, **{s.key: {"label": s.label, "rounds": s.rounds} for s in scenarios}}
    finally:
        server.stop()


def hook_scenarios(args, label: str, dll: str, pin: bool) -> dict:
    name = f"{label}-hooks-{'pinned' if pin else 'shared'}"
    server = start(args, name, dll, ["bench/plugins/bench_hooks"], None, pin)
    wrk = Wrk(os.path.join(args.repo, "bench", "wrk"), args.threads, args.connections, args.duration, args.warmup,
              ["taskset", "-c", "0"] if pin else [])
    try:
        token, author = login(server.url, ADMIN_EMAIL, ADMIN_PASSWORD)
        for collection in ("posts", "articles"):
            create_posts(server.url, token, collection)
        scenarios = [Scenario(key, text, server, "create.lua", records(c), [records(c), author], "POST", records(c), 201, SAMPLE_POST)
                     for key, text, c in (("hooks_base", "create, no hooks", "articles"), ("hooks", "create + 10+10 no-op hooks", "posts"))]
        where = "wrk on core 0, server on core 1" if pin else "wrk and server sharing both cores"
        log(f"\nNo-op hooks, {label} build, SQLite, {where}")
        wrk.measure(scenarios, args.rounds, log)
        return {s.key: {"label": s.label, "rounds": s.rounds} for s in scenarios}
    finally:
        server.stop()


def ratios(results: dict, key: str) -> list[float]:
    base = results[BASELINES[key]]["rounds"]
    return [r["rps"] / b["rps"] for r, b in zip(results[key]["rounds"], base) if b["rps"] > 0]


def table(title: str, results: dict) -> list[str]:
    lines = [title, "", "| scenario | req/s | p50 ms | p99 ms | errors | server CPU µs/req | ratio (median of rounds, range) |",
             "|---|---:|---:|---:|---:|---:|---|"]
    for key, result in results.items():
        if not isinstance(result, dict) or "rounds" not in result:
            continue
        rounds = result["rounds"]
        text = ""
        if key in BASELINES and BASELINES[key] in results:
            r = ratios(results, key)
            text = f"{statistics.median(r):.2f} of {results[BASELINES[key]]['label']} ({min(r):.2f}–{max(r):.2f})"
        med = lambda k: statistics.median(x[k] for x in rounds)  # noqa: E731
        lines.append(f"| {result['label']} | {med('rps'):,.0f} | {med('p50_ms'):.2f} | {med('p99_ms'):.2f} | "
                     f"{sum(x['errors'] for x in rounds)} | {med('cpu_us_per_request'):.0f} | {text} |")
    return lines


def targets(out: dict, label: str) -> list[str]:
    rows = []
    sqlite = out.get(f"{label}-sqlite")
    if sqlite:
        m = lambda key: statistics.median(ratios(sqlite, key))  # noqa: E731
        rows += [("create + hook inserting a row ≥ 0.60 × create without hooks", m("insert"), 0.60),
                 ("create + example plugin ≥ 0.50 × create without hooks", m("example"), 0.50),
                 ("plugin route, one EF query ≥ 0.70 × get-by-id", m("ef_route"), 0.70)]
    for pin in ("shared", "pinned"):
        hooks = out.get(f"{label}-hooks-{pin}")
        if hooks:
            cost = 1 - statistics.median(ratios(hooks, "hooks"))
            rows.append((f"10+10 no-op hooks cost ≤ 10 % ({pin})", cost, None))
    lines = [f"Targets, {label} build", "", "| target | measured | met |", "|---|---:|---|"]
    for text, value, bound in rows:
        if bound is None:
            lines.append(f"| {text} | {value:.1%} | {'yes' if value <= 0.10 else '**no**'} |")
        else:
            lines.append(f"| {text} | {value:.2f} | {'yes' if value >= bound else '**no**'} |")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repo", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--fastcms-dll", required=True)
    parser.add_argument("--base-dll", default="", help="a second build measured the same way, reported as 'before'")
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--postgres", default="")
    parser.add_argument("--skip-hooks", action="store_true")
    parser.add_argument("--results", default="")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    builds = [("after", args.fastcms_dll)] + ([("before", args.base_dll)] if args.base_dll else [])
    wrk = Wrk(os.path.join(args.repo, "bench", "wrk"), args.threads, args.connections, args.duration, args.warmup)
    out: dict = {}
    log(f"\nPlugins benchmark: wrk -t{args.threads} -c{args.connections}; load average {open('/proc/loadavg').read().split()[:3]}")
    try:
        for label, dll in builds:
            out[f"{label}-sqlite"] = plugin_scenarios(args, wrk, label, dll, "sqlite", None)
            log("\n".join(["", *table(f"{label}-sqlite, so far", out[f"{label}-sqlite"])]))
            if args.postgres:
                database, connection_string = postgres.create_database(args.postgres)
                try:
                    out[f"{label}-postgres"] = plugin_scenarios(args, wrk, label, dll, "postgres", connection_string)
                finally:
                    stop_all()
                    postgres.drop_database(args.postgres, database)
            if not args.skip_hooks:
                for pin in (False, True):
                    out[f"{label}-hooks-{'pinned' if pin else 'shared'}"] = hook_scenarios(args, label, dll, pin)
    finally:
        stop_all()

    lines = []
    for key, results in out.items():
        idle = f"; idle RSS {results['idle_mb']:.0f} MiB" if "idle_mb" in results else ""
        lines += ["", *table(f"{key} (medians of {args.rounds} rounds of {args.duration} s{idle})", results)]
    for label, _ in builds:
        lines += ["", *targets(out, label)]
    log("\n".join(lines))
    log(f"\nload average after the plugin runs: {open('/proc/loadavg').read().split()[:3]}")
    if args.results:
        with open(args.results, "w") as f:
            json.dump(out, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
