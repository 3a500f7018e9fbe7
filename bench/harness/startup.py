"""Process start to the first 200 on /health, with 0, 1 and 20 source plugins; idle memory after start."""
import os
import shutil
import statistics
import time

from servers import Server, rss_mb

PLUGIN_COUNTS = (0, 1, 20)


def plugin_folder(root: str, template: str, count: int) -> str:
    """A plugins directory with count copies of the template plugin, each under its own id and route prefix."""
    plugins = os.path.join(root, "plugins")
    os.makedirs(plugins)
    name = os.path.basename(template)
    for i in range(1, count + 1):
        target = os.path.join(plugins, name if count == 1 else f"{name}_{i:02d}")
        shutil.copytree(template, target)
        if count > 1:
            for file in os.listdir(target):
                path = os.path.join(target, file)
                with open(path) as f:
                    text = f.read()
                with open(path, "w") as f:
                    f.write(text.replace('"bench-route"', f'"bench-route-{i:02d}"').replace('"/bench-route"', f'"/bench-route-{i:02d}"'))
    return plugins


def measure(label: str, command: list[str], env: dict[str, str], work: str, template: str, warm_runs: int, settle: float, log) -> list[dict]:
    rows = []
    for count in PLUGIN_COUNTS:
        root = os.path.join(work, f"startup-{label}-{count}")
        os.makedirs(root)
        plugins = plugin_folder(root, template, count)
        server_env = {**env, "FastCms__PluginsDir": plugins}

        def start(run: str, keep_running: bool = False) -> tuple[float, float | None]:
            server = Server(f"startup {label} {count} {run}", command + ["--contentRoot", root], server_env, os.path.join(root, f"{run}.log"))
            server.start(timeout=120)
            rss = None
            if keep_running:
                time.sleep(settle)
                rss = rss_mb(server.pid)
            server.stop()
            return server.startup_seconds, rss

        # Cold: a new installation, so no database and an empty compile cache (the OS file cache is warm).
        cold, cold_rss = start("cold", keep_running=True)
        warm = []
        warm_rss = None
        for i in range(warm_runs):
            seconds, rss = start(f"warm{i + 1}", keep_running=i == warm_runs - 1)
            warm.append(seconds)
            warm_rss = rss if rss is not None else warm_rss
        row = {"build": label, "plugins": count, "cold_s": cold, "warm_s": statistics.median(warm), "warm_runs_s": warm,
               "cold_rss_mb": cold_rss, "warm_rss_mb": warm_rss}
        rows.append(row)
        log(f"  {label:<10} {count:>2} plugins: cold {cold:5.2f} s, warm median {row['warm_s']:5.2f} s "
            f"({', '.join(f'{s:.2f}' for s in warm)}); idle RSS {cold_rss:.0f} MiB after cold, {warm_rss:.0f} MiB after warm start")
    return rows
