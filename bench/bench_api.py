"""`POST /v1/similarity` under load from a second process, with a corpus indexed.

    python bench/bench_api.py /tmp/wirecopy-bench/corpus-100000.jsonl --server-workers 2

Indexes the corpus into an empty Redis database (default 15) as tenant `default`,
starts `wirecopy serve --redis URL --workers N` on loopback (open, no keys), then runs
the load for `--seconds`: with `--load wrk` (Debian's wrk, `apt-get install wrk`),
`--threads` connections from one wrk process and a Lua script picking bodies; otherwise
`--clients` Python processes of `--threads` keep-alive connections each. wrk leaves more
of the 2 cores to the server than Python clients do.
Each request posts the text of a random article of the corpus (the report has its
matches and story). Reports requests per second, p50 and p99 latency, and any status
other than 200. The database is emptied afterwards.
"""

import argparse
import contextlib
import http.client
import json
import multiprocessing
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import redis

from wirecopy.articles import Article, parse_time
from wirecopy.fingerprint import fingerprint_texts
from wirecopy.live import LiveIndex, Settings
from wirecopy.params import FingerprintParams

Results = "multiprocessing.Queue[list[tuple[float, int]]]"


def load(port: int, bodies: list[bytes], seconds: float, threads: int, out: Results) -> None:
    """One load process: `threads` keep-alive connections posting for `seconds`."""
    found: list[tuple[float, int]] = []
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        connection = http.client.HTTPConnection("127.0.0.1", port)
        mine = []
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            connection.request(
                "POST", "/v1/similarity", rng.choice(bodies),
                {"Content-Type": "application/json"},
            )  # fmt: skip
            response = connection.getresponse()
            response.read()
            mine.append((time.perf_counter() - started, response.status))
        with lock:
            found.extend(mine)

    pool = [threading.Thread(target=worker, args=(os.getpid() * 100 + i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    out.put(found)


WRK_SCRIPT = """
local bodies = {}
for line in io.lines(os.getenv("WIRECOPY_BODIES")) do bodies[#bodies + 1] = line end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  return wrk.format(nil, "/v1/similarity", nil, bodies[math.random(#bodies)])
end
"""


def run_wrk(args: argparse.Namespace, bodies: list[bytes]) -> str:
    folder = Path(tempfile.mkdtemp())
    (folder / "bodies.jsonl").write_bytes(b"\n".join(bodies) + b"\n")
    (folder / "post.lua").write_text(WRK_SCRIPT)
    out = subprocess.run(
        ["wrk", "-t1", f"-c{args.threads}", f"-d{int(args.seconds)}s", "--latency",
         "-s", str(folder / "post.lua"), f"http://127.0.0.1:{args.port}"],
        env={**os.environ, "WIRECOPY_BODIES": str(folder / "bodies.jsonl")},
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"\s50%\s+([\d.]+\w+)", out)
    p99 = re.search(r"\s99%\s+([\d.]+\w+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    per_second = float(rate.group(1)) if rate else 0.0
    return (
        f"{per_second:,.0f} requests/s; p50 {p50.group(1) if p50 else '?'}, "
        f"p99 {p99.group(1) if p99 else '?'}; non-2xx: {errors.group(1) if errors else 0}"
    )


def run_python(args: argparse.Namespace, bodies: list[bytes]) -> str:
    queue: multiprocessing.Queue[list[tuple[float, int]]] = multiprocessing.Queue()
    loaders = [
        multiprocessing.Process(
            target=load, args=(args.port, bodies, args.seconds, args.threads, queue)
        )
        for _ in range(args.clients)
    ]
    for loader in loaders:
        loader.start()
    results = [r for _ in loaders for r in queue.get()]
    for loader in loaders:
        loader.join()
    ms = np.array([s for s, _ in results]) * 1000
    p50, p99 = np.percentile(ms, 50), np.percentile(ms, 99)
    statuses = {code: sum(1 for _, c in results if c == code) for _, code in results}
    return (
        f"{len(results) / args.seconds:,.0f} requests/s; p50 {p50:.1f} ms, p99 {p99:.1f} ms; "
        f"statuses {statuses}"
    )


def cpu_seconds(pid: int) -> float:
    """User and system CPU of a process and its children (uvicorn's server processes)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for task in [pid, *_children(pid)]:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{task}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            found += [int(c) for c in (task / "children").read_text().split()]
    return found + [g for c in found for g in _children(c)]


def settle(pid: int, bound: float = 60.0) -> None:
    """Wait until every server process has started: `/healthz` answers as soon as one
    has, and the others' imports would otherwise be counted as CPU per request."""
    deadline, last = time.monotonic() + bound, cpu_seconds(pid)
    while time.monotonic() < deadline:
        time.sleep(1.0)
        now = cpu_seconds(pid)
        if now - last < 0.05:
            return
        last = now


def redis_cpu_seconds(client: redis.Redis) -> float:
    info = client.info("cpu")
    return float(info["used_cpu_user"]) + float(info["used_cpu_sys"])


def wait_until_healthy(port: int, seconds: float = 60) -> None:
    """Return once the server on `port` answers `/healthz`; exit after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            probe.request("GET", "/healthz")
            if probe.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"the server on port {port} did not answer /healthz within {seconds:g} s")


def index_corpus(client: redis.Redis, articles: list[Article]) -> None:
    batch = fingerprint_texts([a.text for a in articles], FingerprintParams(), processes=None)
    bits = min(14, max(8, round(np.log2(max(len(articles), 1) / 100))))
    index = LiveIndex(client, "default", settings=Settings(group_bits=bits))
    for start in range(0, len(articles), 5_000):
        rows = np.arange(start, min(start + 5_000, len(articles)))
        index.add_fingerprinted(articles[start : rows[-1] + 1], batch.select(rows))


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--server-workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=1)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--load", choices=["python", "wrk"], default="python")
    parser.add_argument(
        "--keep", action="store_true",
        help="leave the corpus indexed afterwards, for the next run's --indexed",
    )  # fmt: skip
    parser.add_argument(
        "--indexed", action="store_true",
        help="the database already holds this corpus (a run with --keep): skip indexing",
    )  # fmt: skip
    args = parser.parse_args()
    client = redis.Redis.from_url(args.redis)
    if client.dbsize() and not args.indexed:
        sys.exit(f"{args.redis} holds keys: give an empty database, or --indexed")
    rows = [json.loads(line) for line in args.corpus.open(encoding="utf-8")]
    articles = [
        Article(r["id"], r["text"], r.get("title"), r.get("source"),
                parse_time(r.get("published_at")), r.get("url"))
        for r in rows
    ]  # fmt: skip
    if not args.indexed:
        index_corpus(client, articles)
    bodies = [
        json.dumps({"text": a.text}).encode() for a in random.Random(7).sample(articles, 2_000)
    ]
    env = {**os.environ, "WIRECOPY_OPEN_FOR_DEVELOPMENT": "1", "WIRECOPY_REDIS_URL": args.redis}
    env["PYTHONPATH"] = str(Path(__file__).parent.parent)
    server = subprocess.Popen(
        [sys.executable, "-m", "wirecopy.cli", "serve", "--port", str(args.port),
         "--workers", str(args.server_workers)],
        env=env, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_until_healthy(args.port)
        settle(server.pid)
        load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
        before = cpu_seconds(server.pid), redis_cpu_seconds(client), time.perf_counter()
        report = run_wrk(args, bodies) if args.load == "wrk" else run_python(args, bodies)
        after = cpu_seconds(server.pid), redis_cpu_seconds(client), time.perf_counter()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        if not args.keep:
            client.flushdb()
    print(
        f"{len(articles):,} articles indexed; {args.server_workers} server processes; "
        f"load: {args.load}, {args.threads} connections for {args.seconds:g} s; "
        f"load average before {load_before}"
    )
    print(report)
    served = float(re.search(r"([\d,]+) requests/s", report).group(1).replace(",", ""))  # type: ignore[union-attr]
    requests = served * (after[2] - before[2])
    if requests:
        print(
            f"CPU per request: server {1000 * (after[0] - before[0]) / requests:.2f} ms, "
            f"Redis {1000 * (after[1] - before[1]) / requests:.2f} ms (steadier than the rate "
            "on this shared machine)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
