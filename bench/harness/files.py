"""Files benchmark: uploads of 1 MiB files, downloads of a 1 MiB file and of a cached thumbnail next to Kestrel's
static-file middleware serving the same bytes in the same run, RSS during concurrent uploads, and RSS while 100 MiB
are uploaded with a 10 MiB limit. Every server listens on 127.0.0.1, every wrk run has a fixed duration, and only the
processes started here are stopped (by PID)."""
import argparse
import json
import os
import struct
import sys
import threading
import time
import urllib.error
import urllib.request
import zlib

from load import Scenario, Wrk
from seed import login
from servers import Server, http, rss_mb, stop_all

ADMIN_EMAIL = "bench-files@example.com"
ADMIN_PASSWORD = "Bench-files-1234"
BOUNDARY = "fastcmsbenchboundary7MA4YWxkTrZu0gW"
MIB = 1024 * 1024


def log(message: str = "") -> None:
    print(message, flush=True)


def multipart(data: dict | None, field: str, name: str, content: bytes) -> bytes:
    parts = []
    if data is not None:
        parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="data"\r\n\r\n{json.dumps(data)}\r\n'.encode())
    parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{field}"; filename="{name}"\r\n'
                 f'Content-Type: application/octet-stream\r\n\r\n'.encode() + content + b"\r\n")
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


def post_form(url: str, token: str, body: bytes) -> tuple[int, dict | None]:
    request = urllib.request.Request(url, data=body, method="POST")
    request.add_header("Content-Type", f"multipart/form-data; boundary={BOUNDARY}")
    request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as e:
        return e.code, None
    except (ConnectionError, urllib.error.URLError):
        return 0, None  # the server may close the connection after answering 413 early


def png(width: int, height: int) -> bytes:
    """A photo-like RGB PNG (gradients), written with zlib alone."""
    rows = b"".join(b"\x00" + bytes(v for x in range(width) for v in (x * 255 // width, y * 255 // height, (x + y) % 256))
                    for y in range(height))

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 6)) + chunk(b"IEND", b""))


def get_bytes(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read()


class RssSampler:
    """Samples a process's RSS every 50 ms on a thread until stopped; keeps the peak."""

    def __init__(self, pid: int):
        self.pid, self.peak, self._stop = pid, rss_mb(pid), threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            self.peak = max(self.peak, rss_mb(self.pid))

    def __enter__(self) -> "RssSampler":
        self._thread.start()
        return self

    def __exit__(self, *_) -> None:
        self._stop.set()
        self._thread.join()


def main() -> int:
    parser = argparse.ArgumentParser()
    for name in ("--repo", "--work", "--fastcms-dll", "--static-dll"):
        parser.add_argument(name, required=True)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--upload-connections", type=int, default=4)
    args = parser.parse_args()

    root = os.path.join(args.work, "files")
    static_root = os.path.join(root, "static")
    os.makedirs(static_root, exist_ok=True)
    env = {**os.environ, "ASPNETCORE_ENVIRONMENT": "Production", "FastCms__DataDir": os.path.join(root, "data"),
           "FastCms__PluginsDir": os.path.join(root, "plugins"), "FastCms__Auth__AdminEmail": ADMIN_EMAIL,
           "FastCms__Auth__AdminPassword": ADMIN_PASSWORD}
    fastcms = Server("FastCMS", ["dotnet", args.fastcms_dll], env, os.path.join(root, "fastcms.log")).start()
    token, _ = login(fastcms.url, ADMIN_EMAIL, ADMIN_PASSWORD)
    status, body = http("POST", fastcms.url + "/api/v1/collections", {
        "name": "media", "schema": [{"name": "doc", "type": "file", "options": {"max_size": 10 * MIB, "thumbs": ["200x200"]}}],
        "list_rule": "", "view_rule": "", "create_rule": "", "update_rule": "", "delete_rule": ""}, token)
    if status != 201:
        raise RuntimeError(f"creating the media collection failed with {status}: {body}")
    records = fastcms.url + "/api/v1/collections/media/records"

    blob = os.urandom(MIB)
    photo = png(1200, 900)
    status, file_record = post_form(records, token, multipart(None, "doc", "blob.bin", blob))
    status2, photo_record = post_form(records, token, multipart(None, "doc", "photo.png", photo))
    if status != 201 or status2 != 201:
        raise RuntimeError(f"uploading the download files failed: {status}, {status2}")
    file_path = f"/api/v1/files/media/{file_record['id']}/{file_record['data']['doc']}"
    thumb_path = f"/api/v1/files/media/{photo_record['id']}/{photo_record['data']['doc']}?thumb=200x200"
    with open(os.path.join(static_root, "blob.bin"), "wb") as f:
        f.write(get_bytes(fastcms.url + file_path))
    with open(os.path.join(static_root, "thumb.png"), "wb") as f:
        f.write(get_bytes(fastcms.url + thumb_path))
    static = Server("static files", ["dotnet", args.static_dll, f"--Root={static_root}"], dict(os.environ), os.path.join(root, "static.log")).start()

    upload_body = os.path.join(root, "upload.body")
    with open(upload_body, "wb") as f:
        f.write(multipart(None, "doc", "upload.bin", blob))
    wrk = Wrk(os.path.join(args.repo, "bench", "wrk"), args.threads, args.connections, args.duration, args.warmup)
    scenarios = [
        # The files were fetched above (that is how the static copies were made); the check only sees the server is up.
        Scenario("file", "FastCMS GET 1 MiB file", fastcms, "plain.lua", file_path, [], "GET", "/health", 200),
        Scenario("file_static", "static GET 1 MiB file", static, "plain.lua", "/blob.bin", [], "GET", "/health", 200),
        Scenario("thumb", "FastCMS GET cached thumbnail", fastcms, "plain.lua", thumb_path, [], "GET", "/health", 200),
        Scenario("thumb_static", "static GET same thumbnail", static, "plain.lua", "/thumb.png", [], "GET", "/health", 200),
    ]
    log(f"files: downloads, {args.rounds} rounds of {args.duration} s, {args.connections} connections")
    wrk.measure(scenarios, args.rounds, log)

    upload = Scenario("upload", "FastCMS POST record + 1 MiB file", fastcms, "upload.lua", "/api/v1/collections/media/records",
                      ["/api/v1/collections/media/records", upload_body, BOUNDARY, token], "GET", "/health", 200)
    uploader = Wrk(wrk.wrk_dir, args.threads, args.upload_connections, args.duration, args.warmup)
    log(f"files: uploads, {args.rounds} rounds of {args.duration} s, {args.upload_connections} connections")
    rss_before = rss_mb(fastcms.pid)
    with RssSampler(fastcms.pid) as sampler:
        uploader.measure([upload], args.rounds, log)

    # 100 MiB in ten 10 MiB files, plus three 30 MiB files refused with 413 while they stream in.
    big = os.urandom(10 * MIB)
    flat_before = rss_mb(fastcms.pid)
    statuses = []
    with RssSampler(fastcms.pid) as flat:
        for i in range(10):
            statuses.append(post_form(records, token, multipart(None, "doc", f"big{i}.bin", big))[0])
        for i in range(3):
            statuses.append(post_form(records, token, multipart(None, "doc", f"huge{i}.bin", big * 3))[0])
    if statuses[:10] != [201] * 10 or any(s not in (413, 0) for s in statuses[10:]):
        raise RuntimeError(f"unexpected statuses while uploading 100 MiB: {statuses}")

    def median(scenario: Scenario, key: str) -> float:
        values = sorted(r[key] for r in scenario.rounds)
        return values[len(values) // 2]

    log("")
    log("| Scenario | req/s | MiB/s | p50 ms | p99 ms | vs static files |")
    log("|---|---|---|---|---|---|")
    sizes = {"file": MIB, "file_static": MIB, "thumb": os.path.getsize(os.path.join(static_root, "thumb.png")),
             "thumb_static": os.path.getsize(os.path.join(static_root, "thumb.png")), "upload": MIB}
    for scenario in [*scenarios, upload]:
        rps = median(scenario, "rps")
        ceiling = next((median(s, "rps") for s in scenarios if s.key == scenario.key + "_static"), None)
        ratio = f"{rps / ceiling:.0%}" if ceiling else ""
        log(f"| {scenario.label} | {rps:,.0f} | {rps * sizes[scenario.key] / MIB:,.1f} | {median(scenario, 'p50_ms'):.2f} | "
            f"{median(scenario, 'p99_ms'):.2f} | {ratio} |")
    log("")
    log(f"RSS during concurrent uploads ({args.upload_connections} connections): before {rss_before:.0f} MiB, peak {sampler.peak:.0f} MiB")
    log(f"RSS uploading 10 x 10 MiB (limit 10 MiB) and 3 x 30 MiB refused with 413: before {flat_before:.0f} MiB, "
        f"peak {flat.peak:.0f} MiB, after {rss_mb(fastcms.pid):.0f} MiB")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        stop_all()
