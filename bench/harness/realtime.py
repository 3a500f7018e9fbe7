"""Realtime benchmark: idle streams held and memory per stream, fan-out latency of one event to many subscribers, and
create throughput with subscribers connected against none. One FastCMS server on SQLite, 127.0.0.1 only.

    python3 bench/harness/realtime.py --fastcms-dll artifacts/bench/fastcms/FastCms.dll --work /tmp/x --repo .

Streams are read by one asyncio process speaking HTTP/1.0 (so the body is the plain event stream). Latency is measured
from the record's `created` timestamp (taken by the server just before the insert) to the moment the subscriber
process has read and parsed the message: it includes the insert and commit, the fan-out and this Python reader.
"""
import argparse
import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from datetime import datetime

sys.path.insert(0, os.path.dirname(__file__))
from servers import Server, cpu_seconds, http, rss_mb, stop_all  # noqa: E402
from seed import create_posts, login  # noqa: E402

ADMIN_EMAIL = "admin@bench.local"
ADMIN_PASSWORD = "Bench-admin-pass-1"


def log(message: str = "") -> None:
    print(message, flush=True)


class Stream:
    """One SSE stream over a raw connection; records each record message's receive time against its created time."""

    measuring = True

    def __init__(self, port: int):
        self.port = port
        self.client_id = ""
        self.latencies_ms: list[float] = []
        self.messages = 0
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        self.writer.write(b"GET /api/v1/realtime HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
        await self.writer.drain()
        while True:
            line = await self.reader.readline()
            if not line:
                raise RuntimeError("stream closed before connect")
            if line.startswith(b"data: ") and b"client_id" in line:
                self.client_id = json.loads(line[6:])["client_id"]
                return

    async def read(self) -> None:
        """Times each record message while measuring; otherwise only drains the stream (and counts messages), so that
        this Python reader spends as little CPU as possible beside the server it measures."""
        assert self.reader is not None
        while True:
            if not Stream.measuring:
                chunk = await self.reader.read(65536)
                if not chunk:
                    return
                self.messages += chunk.count(b"\nevent: posts/*")
                continue
            line = await self.reader.readline()
            if not line:
                return
            start = line.find(b'"created":"')
            if line.startswith(b"data: {\"action\"") and start > 0:
                received = time.time()
                stamp = line[start + 11:start + 35].decode()
                created = datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()
                self.latencies_ms.append((received - created) * 1000)
                self.messages += 1

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def open_streams(port: int, count: int, batch: int = 200) -> list[Stream]:
    streams: list[Stream] = []
    for start in range(0, count, batch):
        group = [Stream(port) for _ in range(min(batch, count - start))]
        results = await asyncio.gather(*(s.open() for s in group), return_exceptions=True)
        failed = [r for r in results if isinstance(r, Exception)]
        streams += [s for s, r in zip(group, results) if not isinstance(r, Exception)]
        if failed:
            log(f"  stopped at {len(streams)} streams: {failed[0]!r}")
            for s in group:
                s.close()
            break
    return streams


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def wrk_creates(repo: str, server: Server, author: str, seconds: int, connections: int) -> dict:
    """Creates posts with wrk for a fixed time; requests per second and the server's CPU time per create."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "-s", os.path.join(repo, "bench", "wrk", "create.lua"),
               server.url + "/api/v1/collections/posts/records", "--", "/api/v1/collections/posts/records", author]
    cpu_before = cpu_seconds(server.pid)
    result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60,
                            env={**os.environ, "BENCH_WRK_DIR": os.path.join(repo, "bench", "wrk")})
    cpu = cpu_seconds(server.pid) - cpu_before
    for line in result.stdout.splitlines():
        if line.startswith("BENCH "):
            values = {k: int(v) for k, v in (p.split("=") for p in line[6:].split())}
            requests = values["requests"]
            return {"rps": round(requests / (values["duration_us"] / 1e6)), "cpu_us": cpu / requests * 1e6 if requests else 0}
    raise RuntimeError(f"wrk failed: {result.stdout}{result.stderr}")


def subscribe_all(url: str, streams: list["Stream"], topics: list[str]) -> None:
    for s in streams:
        status, body = http("POST", url + "/api/v1/realtime", {"client_id": s.client_id, "subscriptions": topics})
        if status != 204:
            raise RuntimeError(f"subscribe answered {status}: {body}")


async def run(args) -> dict:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    log(f"open-file limit: {hard} (client and server each need one per stream)")
    root = os.path.join(args.work, "realtime")
    os.makedirs(root, exist_ok=True)
    env = {**os.environ, "ASPNETCORE_ENVIRONMENT": "Production", "DOTNET_CLI_TELEMETRY_OPTOUT": "1",
           "FastCms__PluginsDir": os.path.join(root, "plugins"), "FastCms__Auth__AdminEmail": ADMIN_EMAIL,
           "FastCms__Auth__AdminPassword": ADMIN_PASSWORD, "FastCms__Realtime__MaxConnectionsPerAddress": str(args.idle * 2 + 10),
           "FastCms__Realtime__ClientBufferMessages": "4096"}
    server = Server("realtime", ["dotnet", args.fastcms_dll, "--contentRoot", root], env, os.path.join(args.work, "realtime.log")).start()
    port = server.port
    results: dict = {}
    try:
        token, author = login(server.url, ADMIN_EMAIL, ADMIN_PASSWORD)
        create_posts(server.url, token)
        warm = [{"title": f"warm {i}", "author": author} for i in range(50)]
        http("POST", server.url + "/api/v1/collections/posts/records/batch", {"records": warm})

        # 1. Idle streams and memory per stream.
        await asyncio.sleep(1)
        before = rss_mb(server.pid)
        started = time.perf_counter()
        idle = await open_streams(port, args.idle)
        opened = time.perf_counter() - started
        await asyncio.sleep(2)
        after = rss_mb(server.pid)
        held = len(idle)
        per_kib = (after - before) * 1024 / held if held else float("nan")
        results["idle"] = {"target": args.idle, "held": held, "seconds_to_open": round(opened, 1), "rss_before_mb": round(before, 1),
                           "rss_after_mb": round(after, 1), "kib_per_stream": round(per_kib, 1)}
        log(f"idle streams: {held:,} of {args.idle:,} held (opened in {opened:.1f} s); server RSS {before:.0f} → {after:.0f} MiB, "
            f"{per_kib:.1f} KiB per stream")
        for s in idle:
            s.close()
        await asyncio.sleep(2)

        # A warm-up run of creates (the create path's code is then compiled and tiered up).
        await asyncio.to_thread(wrk_creates, args.repo, server, author, args.duration, args.connections)

        # 2. Fan-out of single events to many subscribers.
        subscribers = await open_streams(port, args.subscribers)
        subscribe_all(server.url, subscribers, ["posts/*"])
        readers = [asyncio.create_task(s.read()) for s in subscribers]
        for i in range(args.events):
            await asyncio.to_thread(http, "POST", server.url + "/api/v1/collections/posts/records", {"data": {"title": f"fan-out {i}", "author": author}})
            await asyncio.sleep(args.gap)
        await asyncio.sleep(2)
        latencies = [v for s in subscribers for v in s.latencies_ms]
        expected = len(subscribers) * args.events
        results["fanout"] = {"subscribers": len(subscribers), "events": args.events, "messages": len(latencies), "expected": expected,
                             "p50_ms": round(percentile(latencies, 0.5), 1), "p99_ms": round(percentile(latencies, 0.99), 1),
                             "max_ms": round(max(latencies, default=float("nan")), 1)}
        status, metrics = http("GET", server.url + "/api/v1/admin/metrics", token=token)
        histogram = next((v for k, v in (metrics or {}).get("histograms", {}).items() if k.startswith("fastcms_realtime_fanout_seconds")), None)
        if histogram:
            results["fanout"]["server_p50_ms"] = histogram["p50"]
            results["fanout"]["server_p99_ms"] = histogram["p99"]
        log(f"fan-out: {len(subscribers):,} subscribers × {args.events} events, {len(latencies):,}/{expected:,} messages; "
            f"commit→read p50 {results['fanout']['p50_ms']} ms, p99 {results['fanout']['p99_ms']} ms, max {results['fanout']['max_ms']} ms"
            + (f"; server commit→queued p50 {histogram['p50']} ms, p99 {histogram['p99']} ms" if histogram else ""))

        # 3. Create throughput without subscribers against subscribers connected whom creates do not concern (each on
        # one existing record's topic), in alternating rounds so that drift in machine load hits both alike: for a round
        # without, the subscribers unsubscribe and close their streams (the server holds none); for a round with, 1,000
        # new streams open and subscribe. Then every subscriber on posts/* (each create becomes 1,000 messages). Server
        # CPU per create, from /proc, says where the time goes.
        Stream.measuring = False
        status, page = http("GET", server.url + "/api/v1/collections/posts/records?per_page=1")
        watched = page["items"][0]["id"]
        rounds: dict[str, list[dict]] = {"none": [], "connected": []}
        for number in range(1, args.rounds + 1):
            subscribe_all(server.url, subscribers, [])
            for s in subscribers:
                s.close()
            for task in readers:
                task.cancel()
            await asyncio.sleep(1)
            rounds["none"].append(await asyncio.to_thread(wrk_creates, args.repo, server, author, args.duration, args.connections))
            subscribers = await open_streams(port, args.subscribers)
            subscribe_all(server.url, subscribers, [f"posts/{watched}"])
            readers = [asyncio.create_task(s.read()) for s in subscribers]
            rounds["connected"].append(await asyncio.to_thread(wrk_creates, args.repo, server, author, args.duration, args.connections))
            log(f"  creates, round {number}/{args.rounds}: none {rounds['none'][-1]['rps']:,.0f} req/s ({rounds['none'][-1]['cpu_us']:.0f} µs CPU), "
                f"{len(subscribers):,} connected on other topics {rounds['connected'][-1]['rps']:,.0f} req/s ({rounds['connected'][-1]['cpu_us']:.0f} µs CPU)")
        without = {key: statistics.median(r[key] for r in rounds["none"]) for key in ("rps", "cpu_us")}
        connected = {key: statistics.median(r[key] for r in rounds["connected"]) for key in ("rps", "cpu_us")}
        subscribe_all(server.url, subscribers, ["posts/*"])
        before = sum(s.messages for s in subscribers)
        fanned = await asyncio.to_thread(wrk_creates, args.repo, server, author, args.duration, args.connections)
        await asyncio.sleep(1)
        delivered = sum(s.messages for s in subscribers) - before
        for s in subscribers:
            s.close()
        for task in readers:
            task.cancel()
        results["creates"] = {"subscribers": len(subscribers), "rounds": rounds, "none": without, "connected_not_concerned": connected, "every_create_to_all": fanned,
                              "messages_delivered_to_all": delivered,
                              "ratio_connected": round(connected["rps"] / without["rps"], 3), "ratio_to_all": round(fanned["rps"] / without["rps"], 3)}
        log(f"creates (medians of {args.rounds} rounds), no subscriber: {without['rps']:,.0f} req/s (server {without['cpu_us']:.0f} µs CPU per create)")
        log(f"creates, {len(subscribers):,} subscribers connected on other topics: {connected['rps']:,.0f} req/s "
            f"({connected['rps'] / without['rps']:.0%} of none; target ≥ 80 %; server {connected['cpu_us']:.0f} µs CPU per create)")
        log(f"creates, {len(subscribers):,} subscribers on posts/* (each create sent {len(subscribers):,} times): {fanned['rps']:,.0f} req/s "
            f"({fanned['rps'] / without['rps']:.0%} of none; server {fanned['cpu_us']:.0f} µs CPU per create); "
            f"{delivered:,} messages read by the client")
    finally:
        server.stop()
        stop_all()
    return results


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repo", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--fastcms-dll", required=True)
    parser.add_argument("--idle", type=int, default=int(os.environ.get("BENCH_RT_IDLE", "10000")))
    parser.add_argument("--subscribers", type=int, default=int(os.environ.get("BENCH_RT_SUBSCRIBERS", "1000")))
    parser.add_argument("--events", type=int, default=int(os.environ.get("BENCH_RT_EVENTS", "20")))
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", "3")), help="alternating rounds without and with subscribers")
    parser.add_argument("--gap", type=float, default=0.2, help="seconds between fan-out events")
    parser.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_DURATION", "5")))
    parser.add_argument("--connections", type=int, default=int(os.environ.get("WRK_CONNECTIONS", "16")))
    parser.add_argument("--results", default="")
    args = parser.parse_args()
    log(f"\nRealtime (SQLite; {args.idle:,} idle streams, {args.subscribers:,} subscribers, {args.events} events, creates for {args.duration} s)")
    results = asyncio.run(run(args))
    if args.results:
        with open(args.results, "w") as f:
            json.dump(results, f, indent=2)
        log(f"Realtime results as JSON: {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
