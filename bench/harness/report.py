"""The tables the benchmark prints: load (medians of the rounds, ratios per round), startup, memory, targets."""
import statistics

# A scenario and the one it is compared with; the ratio is taken per round (same machine state), and the table shows
# the median of those ratios with their range. The hooks are compared within one process (the hooks server, creating
# in a collection without hooks), so that the difference between two server processes does not count as hook cost.
BASELINES = {"get": "raw_select", "create": "raw_insert", "hooks": "hooks_base"}


def median(rounds: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in rounds)


def ratios(results: dict, key: str) -> list[float]:
    baseline = results.get(BASELINES.get(key, ""))
    if baseline is None:
        return []
    return [r["rps"] / b["rps"] for r, b in zip(results[key]["rounds"], baseline["rounds"]) if b["rps"] > 0]


def load_table(title: str, results: dict) -> list[str]:
    lines = [title, "",
             "| scenario | req/s | p50 ms | p99 ms | errors | server CPU µs/req | ratio (median of rounds, range) |",
             "|---|---:|---:|---:|---:|---:|---|"]
    for key, result in results.items():
        rounds = result["rounds"]
        ratio = ratios(results, key)
        text = ""
        if ratio:
            base = results[BASELINES[key]]["label"]
            text = f"{statistics.median(ratio):.2f} of {base} ({min(ratio):.2f}–{max(ratio):.2f})"
        lines.append(f"| {result['label']} | {median(rounds, 'rps'):,.0f} | {median(rounds, 'p50_ms'):.2f} | {median(rounds, 'p99_ms'):.2f} | "
                     f"{sum(r['errors'] for r in rounds)} | {median(rounds, 'cpu_us_per_request'):.0f} | {text} |")
    return lines


def startup_table(rows: list[dict]) -> list[str]:
    lines = ["Startup: process start to the first 200 on /health (cold: new data directory, empty compile cache; "
             "warm: median of the warm starts) and idle RSS 2 s later", "",
             "| build | source plugins | cold s | warm s (median) | warm starts s | idle RSS after cold start | idle RSS after warm start |",
             "|---|---:|---:|---:|---|---:|---:|"]
    for row in rows:
        lines.append(f"| {row['build']} | {row['plugins']} | {row['cold_s']:.2f} | {row['warm_s']:.2f} | "
                     f"{', '.join(f'{s:.2f}' for s in row['warm_runs_s'])} | {row['cold_rss_mb']:.0f} MiB | {row['warm_rss_mb']:.0f} MiB |")
    return lines


def targets(sqlite: dict, startup: list[dict], memory: dict, startup_build: str) -> list[tuple[str, str, bool]]:
    """(target, measured, met) for each target the load and startup runs can check."""
    out = []

    def ratio_target(name: str, key: str, minimum: float) -> None:
        if key in sqlite and BASELINES[key] in sqlite:
            value = statistics.median(ratios(sqlite, key))
            out.append((name, f"{value:.2f}", value >= minimum))

    ratio_target("create ≥ 0.60 × raw insert req/s", "create", 0.60)
    ratio_target("get-by-id ≥ 0.60 × raw select req/s", "get", 0.60)
    if "hooks" in sqlite and BASELINES["hooks"] in sqlite:
        cost = 1 - statistics.median(ratios(sqlite, "hooks"))
        out.append(("10+10 no-op hooks cost ≤ 10 % of create req/s", f"{cost * 100:.1f} %", cost <= 0.10))
    if "list" in sqlite:
        rps = median(sqlite["list"]["rounds"], "rps")
        out.append(("list 20 with filter + sort ≥ 3,000 req/s", f"{rps:,.0f} req/s", rps >= 3000))
    errors = sum(r["errors"] for result in sqlite.values() for r in result["rounds"])
    out.append(("no errors (non-2xx or socket) in any run", str(errors), errors == 0))
    for row in startup:
        if row["build"] == startup_build and row["plugins"] == 20:
            out.append((f"warm startup, 20 plugins ≤ 1.5 s ({startup_build})", f"{row['warm_s']:.2f} s", row["warm_s"] <= 1.5))
            out.append((f"cold startup, 20 plugins ≤ 4 s ({startup_build})", f"{row['cold_s']:.2f} s", row["cold_s"] <= 4.0))
    if "idle_mb" in memory:
        out.append(("idle RSS ≤ 150 MB (load server after a warm start)", f"{memory['idle_mb']:.0f} MiB", memory["idle_mb"] * 1.048576 <= 150))
    return out


def targets_table(rows: list[tuple[str, str, bool]]) -> list[str]:
    lines = ["Targets", "", "| target | measured | met |", "|---|---:|---|"]
    lines += [f"| {name} | {value} | {'yes' if met else 'NO'} |" for name, value, met in rows]
    return lines
