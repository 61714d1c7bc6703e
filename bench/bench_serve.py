"""Throughput of our SPARQL endpoint (Flask + waitress), beside native `oxigraph serve` when installed.

    python bench/bench_serve.py [--rows 100000] [--duration 5] [--connections 8] [--timeout S]

Builds a small generated store (people with Chinese labels, one named graph per 1000 of them), starts
the server as a real process and prints requests/s of `ASK {}` and of a 1000-row SELECT (JSON), using
wrk when installed (`apt-get install wrk`) and else Python threads with keep-alive connections, then
the time to first byte and total time of a --rows-row SELECT. With --timeout the queries go through
the killable worker processes.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
JSON = "application/sparql-results+json"
ASK = "ASK {}"
SELECT_1000 = "SELECT ?p ?l WHERE { ?p <http://www.w3.org/2000/01/rdf-schema#label> ?l } LIMIT 1000"
SELECT_ALL = "SELECT ?p ?l WHERE { ?p <http://www.w3.org/2000/01/rdf-schema#label> ?l }"


def make_store(path: Path, rows: int) -> None:
    import pyoxigraph as ox

    lines = []
    for i in range(rows):
        p = f"<https://w3id.org/govkg/id/person/测试/人员{i}>"
        g = f"<https://w3id.org/govkg/article/{i // 1000}>"
        lines.append(f'{p} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://schema.org/Person> {g} .')
        lines.append(f'{p} <http://www.w3.org/2000/01/rdf-schema#label> "人员{i}"@zh {g} .')
    store = ox.Store(str(path))
    store.bulk_load("\n".join(lines).encode(), ox.RdfFormat.N_QUADS)
    store.flush()
    del store


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_ours(store: Path, timeout: float | None, threads: int) -> tuple[subprocess.Popen, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1")
    code = f"import serve; serve.run({str(store)!r}, port=0, timeout={timeout!r}, threads={threads})"
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT)
    line = proc.stdout.readline()
    if not line.startswith("Serving"):
        raise SystemExit(f"server did not start: {line}")
    return proc, line.split()[1].rstrip("/") + "/sparql"


def start_oxigraph(store: Path) -> tuple[subprocess.Popen, str] | None:
    exe = shutil.which("oxigraph")
    if not exe:
        return None
    port = free_port()
    proc = subprocess.Popen([exe, "serve", "--location", str(store), "--bind", f"127.0.0.1:{port}",
                             "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc, f"http://127.0.0.1:{port}/query"
        except OSError:
            time.sleep(0.1)
    proc.kill()
    return None


def rate_wrk(url: str, accept: str, duration: int, connections: int) -> float:
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "-H", f"Accept: {accept}", url],
                         capture_output=True, text=True, check=True).stdout
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        print(f"    ({errors.group(1)} error responses)")
    return float(m.group(1)) if m else 0.0


def rate_threads(url: str, accept: str, duration: int, connections: int) -> float:
    parts = urllib.parse.urlsplit(url)
    path = parts.path + "?" + parts.query
    count, stop = [0] * connections, time.time() + duration

    def worker(k: int) -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port)
        while time.time() < stop:
            conn.request("GET", path, headers={"Accept": accept})
            resp = conn.getresponse()
            resp.read()
            if resp.status == 200:
                count[k] += 1
        conn.close()

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(connections)]
    t0 = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(count) / (time.time() - t0)


def first_byte(url: str, query: str) -> tuple[float, float, int]:
    """(seconds to the first body byte, seconds in all, bytes) of one GET."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=600)
    t0 = time.perf_counter()
    conn.request("GET", parts.path + "?" + urllib.parse.urlencode({"query": query}), headers={"Accept": JSON})
    resp = conn.getresponse()
    first = resp.read(1)
    t1 = time.perf_counter()
    rest = resp.read()
    t2 = time.perf_counter()
    conn.close()
    return t1 - t0, t2 - t0, len(first) + len(rest)


def bench(name: str, url: str, args: argparse.Namespace) -> None:
    rate = rate_wrk if shutil.which("wrk") else rate_threads
    tool = "wrk" if rate is rate_wrk else "python threads"
    for label, q in (("ASK {}", ASK), ("SELECT 1000 rows JSON", SELECT_1000)):
        target = url + "?" + urllib.parse.urlencode({"query": q})
        rate(target, JSON, 1, args.connections)  # warm up
        r = rate(target, JSON, args.duration, args.connections)
        print(f"{name:24s} {label:24s} {r:10.0f} requests/s  ({tool}, {args.connections} connections)")
    ttfb, total, size = first_byte(url, SELECT_ALL)
    print(f"{name:24s} SELECT {args.rows} rows JSON  first byte {ttfb * 1000:.1f} ms, all {total:.2f} s, "
          f"{size / 1e6:.1f} MB")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--duration", type=int, default=5, help="seconds per throughput run")
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--threads", type=int, default=8, help="waitress threads")
    ap.add_argument("--timeout", type=float, default=None, help="run our server with this query time limit")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        t0 = time.time()
        make_store(store, args.rows)
        print(f"store: {args.rows} people, {2 * args.rows} quads, built in {time.time() - t0:.1f} s")
        proc, url = start_ours(store, args.timeout, args.threads)
        try:
            mode = f"timeout {args.timeout:g}s" if args.timeout is not None else "in-process"
            bench(f"kg serve ({mode})", url, args)
        finally:
            proc.terminate()
            proc.wait(20)
        native = start_oxigraph(store)
        if native is None:
            print("oxigraph serve: not installed (pip install oxigraph), not compared")
            return 0
        proc, url = native
        try:
            bench("oxigraph serve (native)", url, args)
        finally:
            proc.terminate()
            proc.wait(20)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
