"""Load, startup and memory benchmark of FastCMS against a raw ASP.NET Core + SQLite ceiling (run by bench/run.sh)."""
import argparse
import json
import os
import random
import shutil
import signal
import sys
import time

import postgres
import report
import startup
from load import SAMPLE_POST, Scenario, Wrk
from seed import create_posts, login, seed_posts
from servers import Server, rss_mb, stop_all

ADMIN_EMAIL = "bench@example.com"
ADMIN_PASSWORD = "Bench-pass-1234"
RECORDS = "/api/v1/collections/posts/records"
# The same shape as posts without hooks: on the hooks server, creates here are the baseline of creates in posts.
PLAIN_RECORDS = "/api/v1/collections/articles/records"
PLUGIN_ROUTE = "/api/v1/plugins/bench-route/ping"
LIST_CHECK = f"{RECORDS}?per_page=20&filter=published%20%3D%20true%20%26%26%20views%20%3E%20100&sort=-views&page=3"


def log(message: str = "") -> None:
    print(message, flush=True)


def fastcms_env(plugins: str, connection_string: str | None = None) -> dict[str, str]:
    env = {**os.environ, "ASPNETCORE_ENVIRONMENT": "Production", "DOTNET_CLI_TELEMETRY_OPTOUT": "1",
           "FastCms__PluginsDir": plugins, "FastCms__Auth__AdminEmail": ADMIN_EMAIL, "FastCms__Auth__AdminPassword": ADMIN_PASSWORD}
    if connection_string:
        env["FastCms__Database__ConnectionString"] = connection_string
    return env


def plugins_dir(path: str, repo: str, *names: str) -> str:
    os.makedirs(path)
    for name in names:
        shutil.copytree(os.path.join(repo, "bench", "plugins", name), os.path.join(path, name))
    return path


class Target:
    """One FastCMS database under test: a load server (bench-route plugin) and a hooks server (bench-hooks too)."""

    def __init__(self, name: str, args, work: str, connection_string: str | None = None):
        self.name = name
        self.args = args
        self.work = work
        self.root = os.path.join(work, name)
        self.connection_string = connection_string
        self.plugins = plugins_dir(os.path.join(work, f"{name}-plugins"), args.repo, "bench_route")
        self.hooks_plugins = plugins_dir(os.path.join(work, f"{name}-hooks-plugins"), args.repo, "bench_route", "bench_hooks")
        self.server: Server | None = None
        self.hooks: Server | None = None
        self.ids_file = os.path.join(work, f"{name}-ids.txt")
        self.author = ""
        self.sample_id = ""

    def _server(self, label: str, plugins: str) -> Server:
        os.makedirs(self.root, exist_ok=True)
        return Server(label, ["dotnet", self.args.fastcms_dll, "--contentRoot", self.root], fastcms_env(plugins, self.connection_string),
                      os.path.join(self.work, f"{label}.log"))

    def prepare(self) -> None:
        """Creates and seeds posts on a new database, then restarts warm (compile cache hit), as a production server runs."""
        first = self._server(f"{self.name}-first", self.plugins).start()
        token, self.author = login(first.url, ADMIN_EMAIL, ADMIN_PASSWORD)
        create_posts(first.url, token)
        create_posts(first.url, token, "articles")
        started = time.perf_counter()
        ids = seed_posts(first.url, self.author, self.args.records, random.Random(8))
        log(f"  {self.name}: seeded {len(ids):,} posts in {time.perf_counter() - started:.1f} s through the batch endpoint")
        first.stop()
        # The hooks server compiles its plugin once here, so that it too starts warm for the load runs.
        self._server(f"{self.name}-hooks-first", self.hooks_plugins).start().stop()
        with open(self.ids_file, "w") as f:
            f.write("\n".join(ids) + "\n")
        self.sample_id = ids[0]
        self.server = self._server(self.name, self.plugins).start()

    def start_hooks(self) -> Server:
        # A second server over the same database whose plugins folder also has the hooks plugin; the other runs
        # stay hook-free.
        self.hooks = self._server(f"{self.name}-hooks", self.hooks_plugins).start()
        return self.hooks

    def reads(self) -> list[Scenario]:
        s, ids = self.server, self.ids_file
        return [
            Scenario("get", "get-by-id", s, "get.lua", RECORDS, [ids, RECORDS], "GET", f"{RECORDS}/{self.sample_id}", 200),
            Scenario("list", "list 20, filter + sort", s, "list.lua", RECORDS, [RECORDS], "GET", LIST_CHECK, 200),
            Scenario("list_skip", "list 20, filter + sort, skipTotal", s, "list.lua", RECORDS, [RECORDS, "skipTotal=true"], "GET",
                     LIST_CHECK + "&skipTotal=true", 200),
            Scenario("plugin", "plugin GET route", s, "plain.lua", PLUGIN_ROUTE, [], "GET", PLUGIN_ROUTE, 200),
            Scenario("update", "update", s, "update.lua", RECORDS, [ids, RECORDS], "PATCH", f"{RECORDS}/{self.sample_id}", 200,
                     {"data": {"title": "Status check", "views": 2}}),
        ]

    def creates(self) -> list[Scenario]:
        return [
            Scenario("create", "create", self.server, "create.lua", RECORDS, [RECORDS, self.author], "POST", RECORDS, 201, SAMPLE_POST),
            Scenario("hooks_base", "create, hooks server, collection without hooks", self.hooks, "create.lua", PLAIN_RECORDS,
                     [PLAIN_RECORDS, self.author], "POST", PLAIN_RECORDS, 201, SAMPLE_POST),
            Scenario("hooks", "create + 10+10 no-op hooks", self.hooks, "create.lua", RECORDS, [RECORDS, self.author], "POST", RECORDS, 201,
                     SAMPLE_POST),
        ]

    def stop(self) -> None:
        for server in (self.hooks, self.server):
            if server is not None:
                server.stop()


def run_load(target: Target, wrk: Wrk, args, raw: Server | None, raw_ids: str | None, memory: dict) -> dict:
    log(f"\nLoad, {target.name}: seeding")
    target.prepare()
    if raw is not None:
        time.sleep(2)
        memory["idle_mb"] = rss_mb(target.server.pid)
        log(f"  idle RSS of the load server after its warm start: {memory['idle_mb']:.0f} MiB")
    reads = target.reads()
    raw_select = raw_insert = None
    if raw is not None:
        with open(raw_ids) as f:
            first = f.readline().strip()
        raw_select = Scenario("raw_select", "raw select-by-id", raw, "get.lua", "/posts", [raw_ids, "/posts"], "GET", f"/posts/{first}", 200)
        raw_insert = Scenario("raw_insert", "raw insert", raw, "create.lua", "/posts", ["/posts", target.author], "POST", "/posts", 201, SAMPLE_POST)

    log(f"\nLoad, {target.name}: reads and updates on {args.records:,} rows, {args.rounds} rounds of {args.duration} s, interleaved")
    wrk.measure([s for s in (raw_select, *reads) if s is not None], args.rounds, log)
    target.start_hooks()
    creates = target.creates()
    log(f"\nLoad, {target.name}: creates, {args.rounds} rounds of {args.duration} s, interleaved")
    wrk.measure([s for s in (raw_insert, *creates) if s is not None], args.rounds, log)
    if raw is not None:
        memory["after_load_mb"] = rss_mb(target.server.pid)
        memory["raw_after_load_mb"] = rss_mb(raw.pid)
        log(f"  RSS at the end of the load runs: FastCMS {memory['after_load_mb']:.0f} MiB, raw {memory['raw_after_load_mb']:.0f} MiB")
    target.stop()
    ordered = [s for s in (raw_insert, raw_select) if s is not None] + creates[:1] + reads + creates[1:]
    return {s.key: {"label": s.label, "rounds": s.rounds} for s in ordered}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repo", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--fastcms-dll", required=True, help="the build the load runs use")
    parser.add_argument("--startup-build", action="append", default=[], metavar="LABEL=DLL", help="builds whose startup is measured")
    parser.add_argument("--raw-dll", required=True)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--warm-starts", type=int, default=5)
    parser.add_argument("--postgres", default="")
    parser.add_argument("--results", required=True)
    parser.add_argument("--skip-startup", action="store_true")
    args = parser.parse_args()

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    wrk = Wrk(os.path.join(args.repo, "bench", "wrk"), args.threads, args.connections, args.duration, args.warmup)
    out: dict = {"settings": {k: v for k, v in vars(args).items() if k not in ("postgres",)}, "memory": {}}
    pg_database = None
    try:
        log(f"wrk -t{args.threads} -c{args.connections}, {args.duration} s per run after {args.warmup} s of warm-up, {args.rounds} rounds")
        if not args.skip_startup:
            log("\nStartup")
            out["startup"] = []
            for spec in args.startup_build:
                label, dll = spec.split("=", 1)
                out["startup"] += startup.measure(label, ["dotnet", dll], fastcms_env(""), args.work,
                                                  os.path.join(args.repo, "bench", "plugins", "bench_route"), args.warm_starts, 2.0, log)

        raw_ids = os.path.join(args.work, "raw-ids.txt")
        os.makedirs(os.path.join(args.work, "raw"))
        raw = Server("raw", ["dotnet", args.raw_dll, "--contentRoot", os.path.dirname(args.raw_dll),
                             f"--Db={os.path.join(args.work, 'raw', 'raw.db')}", f"--Seed={args.records}",
                             f"--Ids={raw_ids}", "--Author=bench0000000000"],
                     {**os.environ, "ASPNETCORE_ENVIRONMENT": "Production"}, os.path.join(args.work, "raw.log")).start(timeout=180)
        out["sqlite"] = run_load(Target("sqlite", args, args.work), wrk, args, raw, raw_ids, out["memory"])
        raw.stop()

        if args.postgres:
            pg_database, connection_string = postgres.create_database(args.postgres)
            out["postgres"] = run_load(Target("postgres", args, args.work, connection_string), wrk, args, None, None, out["memory"])
    finally:
        stop_all()
        if pg_database:
            postgres.drop_database(args.postgres, pg_database)

    log()
    lines = report.load_table(f"Load, SQLite ({args.records:,} posts; wrk -t{args.threads} -c{args.connections}; medians of {args.rounds} rounds "
                              f"of {args.duration} s)", out["sqlite"])
    if "postgres" in out:
        lines += [""] + report.load_table("Load, PostgreSQL (same scenarios; no raw ceiling)", out["postgres"])
    if "startup" in out:
        lines += [""] + report.startup_table(out["startup"])
    memory = out["memory"]
    lines += ["", f"Memory (RSS from /proc): load server idle after a warm start {memory['idle_mb']:.0f} MiB, at the end of the load runs "
                  f"{memory['after_load_mb']:.0f} MiB; raw app at the end {memory['raw_after_load_mb']:.0f} MiB"]
    startup_build = next((b.split("=")[0] for b in args.startup_build if b.startswith("readytorun=")), None) or \
        (args.startup_build[0].split("=")[0] if args.startup_build else "")
    out["targets"] = report.targets(out["sqlite"], out.get("startup", []), memory, startup_build)
    lines += [""] + report.targets_table(out["targets"])
    log("\n".join(lines))
    with open(args.results, "w") as f:
        json.dump(out, f, indent=2)
    log(f"\nResults as JSON: {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
