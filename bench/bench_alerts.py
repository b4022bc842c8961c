"""Alert latency: from the POST of a copying article to the webhook's receipt, under load.

    python bench/bench_alerts.py /tmp/wirecopy-bench/corpus-20000.jsonl --load 3000 --rate 100

Starts on an empty database (default 14) the HTTP API (`wirecopy serve --redis`),
`--workers` worker processes and one `wirecopy deliver`, and a webhook receiver in this
process. Tenant `probe` holds `--probes` wire stories of the corpus and a watch on all
of them; tenant `load` has a watch on the corpus's wire agencies. Probes: one verbatim
copy of a probe story POSTed to /v1/articles every `--interval` seconds, each timed
from just before its POST to its webhook's arrival. First `--idle-probes` with nothing
else to do (after one warm-up), then the same while `--load` corpus articles are POSTed
at `--rate` per second (their own alerts are delivered to the same receiver). A burst
faster than the workers index measures the queue ahead of the probe, not the alerts.
Prints p50 / p99 / max per phase and how far indexing lagged; the database is emptied
afterwards.
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx2
import numpy as np
import redis

from service.settings import new_key
from wirecopy.articles import Article, parse_time
from wirecopy.live import LiveIndex
from workers.stream import StreamNames

ROOT = Path(__file__).parent.parent


class Server(ThreadingHTTPServer):
    request_queue_size = 128  # the default 5 drops concurrent connections for a second
    daemon_threads = True


class Receipts:
    """Arrival time of each webhook, by copying article id."""

    def __init__(self) -> None:
        self.at: dict[str, float] = {}
        self.count = 0
        self.lock = threading.Lock()

    def serve(self) -> tuple[ThreadingHTTPServer, str]:
        receipts = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as real receivers do

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                arrived = time.perf_counter()
                copying = json.loads(body)["copying"]["id"]
                with receipts.lock:
                    receipts.at.setdefault(copying, arrived)
                    receipts.count += 1
                self.send_response(204)
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                return

        server = Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server, f"http://127.0.0.1:{server.server_address[1]}/hook"


def article_of(row: dict[str, object]) -> Article:
    return Article(str(row["id"]), str(row["text"]), row.get("title"), row.get("source"),  # type: ignore[arg-type]
                   parse_time(row.get("published_at")), row.get("url"))  # type: ignore[arg-type]  # fmt: skip


def body(row: dict[str, object]) -> dict[str, object]:
    return {k: row[k] for k in ("id", "text", "title", "source", "published_at", "url")}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_probes(
    api: httpx2.Client, wires: list[dict[str, object]], interval: float, tag: str
) -> dict[str, float]:
    """POST a verbatim copy of each wire in turn; the POST time of each copy, by its id."""
    posted: dict[str, float] = {}
    for wire in wires:
        copy = {**body(wire), "id": f"{wire['id']}-copy-{tag}", "source": "Probe Outlet",
                "text": f"{wire['text']}\n\nRead more"}  # fmt: skip
        posted[str(copy["id"])] = time.perf_counter()
        api.post("/v1/articles", json=copy).raise_for_status()
        time.sleep(interval)
    return posted


def latencies(posted: dict[str, float], receipts: Receipts, seconds: float = 120) -> list[float]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not all(i in receipts.at for i in posted):
        time.sleep(0.05)
    return [1000 * (receipts.at[i] - t) for i, t in posted.items() if i in receipts.at]


def report(name: str, values: list[float], expected: int) -> None:
    if not values:
        print(f"{name}: no webhook arrived")
        return
    p50, p99 = np.percentile(values, [50, 99])
    print(f"{name}: {len(values)}/{expected} probes, POST to webhook p50 {p50:.0f} ms, "
          f"p99 {p99:.0f} ms, max {max(values):.0f} ms")  # fmt: skip


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("corpus", type=Path, help="a JSONL corpus (bench/make_corpus.py)")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--batch", type=int, default=500, help="articles per worker read")
    parser.add_argument("--load", type=int, default=3_000, help="corpus articles of load")
    parser.add_argument("--rate", type=float, default=100, help="load articles POSTed per second")
    parser.add_argument("--probes", type=int, default=100)
    parser.add_argument("--idle-probes", type=int, default=30)
    parser.add_argument("--interval", type=float, default=0.25, help="seconds between probes")
    return parser.parse_args()


def start(
    args: argparse.Namespace, env: dict[str, str], port: int
) -> list[subprocess.Popen[bytes]]:
    """The API, the workers and one deliverer, each a process of its own."""
    command = [sys.executable, "-m", "wirecopy.cli"]
    quiet = {"env": env, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    return [
        subprocess.Popen([*command, "serve", "--port", str(port)], **quiet),  # type: ignore[call-overload]
        *(subprocess.Popen([*command, "worker", "--batch", str(args.batch)], **quiet)  # type: ignore[call-overload]
          for _ in range(args.workers)),
        subprocess.Popen([*command, "deliver"], **quiet),  # type: ignore[call-overload]
    ]  # fmt: skip


def wait_healthy(base: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            httpx2.get(f"{base}/healthz").raise_for_status()
            return
        except httpx2.HTTPError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def post_load(api: httpx2.Client, load: list[dict[str, object]], rate: float) -> None:
    """POST the load at `rate` articles per second, 10 times a second."""
    chunk, started = max(1, round(rate / 10)), time.perf_counter()
    for n, start_at in enumerate(range(0, len(load), chunk)):
        batch = [body(r) for r in load[start_at : start_at + chunk]]
        api.post("/v1/articles/batch", json={"articles": batch}).raise_for_status()
        time.sleep(max(0.0, started + (n + 1) * chunk / rate - time.perf_counter()))


def wait_indexed(client: redis.Redis) -> None:
    names = StreamNames()
    while client.xlen(names.stream) or client.xpending(names.stream, names.group)["pending"]:
        time.sleep(0.05)


def main() -> int:
    args = arguments()
    client = redis.Redis.from_url(args.redis)
    if client.dbsize():
        sys.exit(f"{args.redis} holds keys: give an empty database")
    rows = [json.loads(line) for line in args.corpus.open(encoding="utf-8")]
    wires = [r for r in rows if r["level"] == "wire"]
    probe_wires = wires[-(args.probes + args.idle_probes + 1) :]
    probe_stories = {w["id"] for w in probe_wires}
    load = [r for r in rows if r["story"] not in probe_stories][: args.load]
    agencies = sorted({str(w["source"]) for w in wires})
    receipts = Receipts()
    receiver, hook = receipts.serve()
    keys = {tenant: new_key(tenant) for tenant in ("probe", "load")}
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "WIRECOPY_REDIS_URL": args.redis,
           "WIRECOPY_API_KEYS": ",".join(line for _, line in keys.values()),
           "WIRECOPY_WEBHOOK_ALLOW": "127.0.0.1"}  # fmt: skip
    processes = start(args, env, port)
    base = f"http://127.0.0.1:{port}"
    api = {t: httpx2.Client(base_url=base, headers={"Authorization": f"Bearer {k}"},
                            timeout=60) for t, (k, _) in keys.items()}  # fmt: skip
    try:
        LiveIndex(client, "probe").add([article_of(w) for w in probe_wires])
        wait_healthy(base)
        api["probe"].post("/v1/watches", json={"url": hook}).raise_for_status()
        watch_load = {"url": hook, "sources": agencies}
        api["load"].post("/v1/watches", json=watch_load).raise_for_status()
        warm = run_probes(api["probe"], probe_wires[:1], 0.0, "warm-up")  # kernels loaded
        latencies(warm, receipts)
        idle = run_probes(
            api["probe"], probe_wires[1 : args.idle_probes + 1], args.interval, "idle"
        )
        idle_ms = latencies(idle, receipts)
        before, started = receipts.count, time.perf_counter()
        loader = threading.Thread(target=post_load, args=(api["load"], load, args.rate))
        loader.start()
        time.sleep(1.0)  # the stream is filling
        loaded = run_probes(
            api["probe"], probe_wires[args.idle_probes + 1 :], args.interval, "load"
        )
        loader.join()
        posted_in = time.perf_counter() - started
        wait_indexed(client)
        behind = time.perf_counter() - started - posted_in
        load_ms = latencies(loaded, receipts)
        time.sleep(2.0)  # the load's own alerts still being delivered
        load_alerts = receipts.count - before - len(load_ms)
    finally:
        stop(processes)
        receiver.shutdown()
        dead = sum(int(client.xlen(k)) for k in client.scan_iter(match="{wc:alerts}:dead:*"))
        client.flushdb()
    print(f"{args.workers} worker(s), batch {args.batch}, 1 deliverer; a probe every "
          f"{args.interval} s; watches: probe (all), load ({len(agencies)} agencies)")  # fmt: skip
    report("idle", idle_ms, len(idle))
    report(f"under load ({len(load):,} articles POSTed at {args.rate:g}/s)", load_ms, len(loaded))
    print(
        f"load POSTed at {len(load) / posted_in:,.0f} articles/s, all indexed {behind:.1f} s "
        f"after the last POST; its own webhooks: {load_alerts:,}; dead letters: {dead}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
