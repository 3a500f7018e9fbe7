"""Before/after comparison of two FastCMS builds on the record workloads of bench.py. Both builds run side by side,
each on its own seeded SQLite database (or, with --postgres, a database of its own on that PostgreSQL server), and every scenario alternates between them round after round, so that drift
in machine load hits both alike; the table gives each build's median with the range over the rounds and the ratio
after/before. Every server listens on 127.0.0.1 and only the processes started here are stopped (by PID)."""
import argparse
import os
import signal
import statistics
import sys

import postgres
from bench import Target
from load import Wrk
from servers import stop_all


def log(message: str = "") -> None:
    print(message, flush=True)


def named(target: Target, scenarios: list, only: str) -> list:
    """The scenarios (those named in only, when given) with the build's label in front, so that the round lines say which build ran."""
    keys = {key.strip() for key in only.split(",") if key.strip()}
    scenarios = [s for s in scenarios if not keys or s.key in keys]
    for scenario in scenarios:
        scenario.label = f"{target.name} {scenario.label}"
    return scenarios


def interleave(before: list, after: list) -> list:
    return [s for pair in zip(before, after) for s in pair]


def row(label: str, before, after) -> str:
    def stats(scenario, key):
        values = [r[key] for r in scenario.rounds]
        return statistics.median(values), min(values), max(values)

    b, a = stats(before, "rps"), stats(after, "rps")
    b_cpu, a_cpu = stats(before, "cpu_us_per_request")[0], stats(after, "cpu_us_per_request")[0]
    return (f"| {label} | {b[0]:,.0f} ({b[1]:,.0f}–{b[2]:,.0f}) | {a[0]:,.0f} ({a[1]:,.0f}–{a[2]:,.0f}) | "
            f"{a[0] / b[0]:.2f} | {b_cpu:.0f} / {a_cpu:.0f} |")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", required=True)
    parser.add_argument("--before", required=True, metavar="LABEL=REPO=DLL", help="label, source tree (for bench/plugins) and FastCms.dll")
    parser.add_argument("--after", required=True, metavar="LABEL=REPO=DLL")
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=int, default=4)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--postgres", default="", help="connection string of a PostgreSQL server to run both builds on")
    parser.add_argument("--reads-only", action="store_true", help="skip the create scenarios")
    parser.add_argument("--only", default="", help="comma-separated scenario keys to run (get, list, list_skip, plugin, update, ...)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    targets = []
    databases = []
    try:
        for i, spec in enumerate((args.before, args.after)):
            label, repo, dll = spec.split("=", 2)
            settings = argparse.Namespace(**{**vars(args), "repo": repo, "fastcms_dll": dll})
            connection_string = None
            if args.postgres:
                name, connection_string = postgres.create_database(args.postgres, f"_{i}")
                databases.append(name)
            targets.append(Target(label, settings, args.work, connection_string))
        return compare(args, *targets)
    finally:
        for name in databases:
            postgres.drop_database(args.postgres, name)


def compare(args, before: Target, after: Target) -> int:
    wrk = Wrk(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "wrk"), args.threads, args.connections, args.duration, args.warmup)
    creates = [], []
    try:
        for target in (before, after):
            log(f"{target.name}: seeding {args.records:,} posts")
            target.prepare()
        log(f"\nReads and updates, {args.rounds} rounds of {args.duration} s, alternating between the builds")
        reads = named(before, before.reads(), args.only), named(after, after.reads(), args.only)
        wrk.measure(interleave(*reads), args.rounds, log)
        if not args.reads_only:
            for target in (before, after):
                target.start_hooks()
            log(f"\nCreates, {args.rounds} rounds of {args.duration} s, alternating between the builds")
            creates = named(before, before.creates(), args.only), named(after, after.creates(), args.only)
            wrk.measure(interleave(*creates), args.rounds, log)
    finally:
        stop_all()

    log(f"\n| scenario | {before.name} req/s (range) | {after.name} req/s (range) | {after.name} / {before.name} | server CPU µs/req |")
    log("|---|---:|---:|---:|---:|")
    for b, a in zip(reads[0] + creates[0], reads[1] + creates[1]):
        log(row(b.label.removeprefix(f"{before.name} "), b, a))
    log(f"\nload average at the end: {open('/proc/loadavg').read().split()[:3]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
