"""Fixed-duration wrk runs: one scenario at a time, rounds interleaved so that drift in machine load hits all alike."""
import os
import re
import subprocess
from dataclasses import dataclass, field

from servers import Server, cpu_seconds, http

SUMMARY = re.compile(r"^BENCH (.*)$", re.MULTILINE)

# The first request of each scenario, checked for its exact status before the load starts (wrk itself only counts
# statuses of 400 and above as errors).
SAMPLE_POST = {"data": {"title": "Status check", "body": "<p>x</p>", "views": 1, "published": True}}


@dataclass
class Scenario:
    key: str
    label: str
    server: Server
    script: str
    path: str
    args: list[str]
    check_method: str
    check_path: str
    check_status: int
    check_body: dict | None = None
    rounds: list[dict] = field(default_factory=list)


@dataclass
class Wrk:
    wrk_dir: str
    threads: int
    connections: int
    duration: int
    warmup: int
    # A command prefix for wrk, such as ["taskset", "-c", "0"] to keep the load generator off the server's core.
    prefix: list[str] = field(default_factory=list)

    def run(self, scenario: Scenario, seconds: int) -> dict:
        command = [
            *self.prefix, "wrk", f"-t{self.threads}", f"-c{self.connections}", f"-d{seconds}s", "--timeout", "5s",
            "-s", os.path.join(self.wrk_dir, scenario.script), scenario.server.url + scenario.path, "--", *scenario.args,
        ]
        cpu_before = cpu_seconds(scenario.server.pid)
        result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60,
                                env={**os.environ, "BENCH_WRK_DIR": self.wrk_dir})
        cpu_after = cpu_seconds(scenario.server.pid)
        match = SUMMARY.search(result.stdout)
        if result.returncode != 0 or match is None:
            raise RuntimeError(f"wrk failed for {scenario.label}: {result.stdout}{result.stderr}")
        values = {k: int(v) for k, v in (pair.split("=") for pair in match.group(1).split())}
        requests = values["requests"]
        return {
            "rps": requests / (values["duration_us"] / 1e6),
            "p50_ms": values["p50_us"] / 1000,
            "p99_ms": values["p99_us"] / 1000,
            "errors": values["status_errors"] + values["socket_errors"],
            "requests": requests,
            "cpu_us_per_request": (cpu_after - cpu_before) / requests * 1e6 if requests else 0,
        }

    def check(self, scenario: Scenario) -> None:
        status, body = http(scenario.check_method, scenario.server.url + scenario.check_path, scenario.check_body)
        if status != scenario.check_status:
            raise RuntimeError(f"{scenario.label}: {scenario.check_method} {scenario.check_path} answered {status}, "
                               f"expected {scenario.check_status}: {body}")

    def measure(self, scenarios: list[Scenario], rounds: int, log) -> None:
        """Checks and warms up every scenario, then runs them round after round in the same order."""
        for scenario in scenarios:
            self.check(scenario)
            if self.warmup > 0:
                self.run(scenario, self.warmup)
        for number in range(1, rounds + 1):
            for scenario in scenarios:
                result = self.run(scenario, self.duration)
                scenario.rounds.append(result)
                log(f"  round {number}/{rounds} {scenario.label:<30} {result['rps']:>9,.0f} req/s  p50 {result['p50_ms']:6.2f} ms  "
                    f"p99 {result['p99_ms']:6.2f} ms  errors {result['errors']}  server CPU {result['cpu_us_per_request']:.0f} µs/req")
