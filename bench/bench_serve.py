"""Throughput of our SPARQL endpoint beside native `oxigraph serve` (when installed), on the same data.

    python bench/bench_serve.py [--rows 100000] [--duration 10] [--connections 4] [--repeat 3]
                                [--server kg|waitress] [--timeout S]

Builds a generated store (people with Chinese labels, one named graph per 1000 of them), starts each
server as a real process and measures requests/s of `ASK {}` and of a 1000-row SELECT (JSON) with
`wrk -t2 -cN -dDs` (Python threads with keep-alive connections when wrk is absent), and the time to
first byte of a --rows-row SELECT. Each figure is measured --repeat times, servers alternating (the
machine may be busy with other work): the best and the spread are printed, then ours / native.
With --timeout the queries go through the killable worker processes.
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


def start_ours(store: Path, timeout: float | None, threads: int, server: str) -> tuple[subprocess.Popen, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1")
    code = f"import serve; serve.run({str(store)!r}, port=0, timeout={timeout!r}, threads={threads}, server={server!r})"
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


TESTS = (("ASK {}", ASK), ("SELECT 1000 rows JSON", SELECT_1000))


def measure(url: str, args: argparse.Namespace) -> dict[str, float]:
    """One round on one server: requests/s of each test, and the time to first byte (ms)."""
    rate = rate_wrk if shutil.which("wrk") else rate_threads
    out = {}
    for label, q in TESTS:
        target = url + "?" + urllib.parse.urlencode({"query": q})
        rate(target, JSON, 1, args.connections)  # warm up
        out[label] = rate(target, JSON, args.duration, args.connections)
    out["ttfb"] = min(first_byte(url, SELECT_ALL)[0] for _ in range(3)) * 1000
    return out


def summary(values: list[float], unit: str, best=max) -> str:
    b = best(values)
    return f"best {b:10.1f} {unit}  (spread {min(values):.1f}-{max(values):.1f}, {len(values)} runs)"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--duration", type=int, default=10, help="seconds per throughput run")
    ap.add_argument("--connections", type=int, default=4)
    ap.add_argument("--repeat", type=int, default=3, help="rounds per server (best and spread are shown)")
    ap.add_argument("--server", choices=["kg", "waitress"], default="kg", help="our HTTP server")
    ap.add_argument("--threads", type=int, default=8, help="waitress threads / query workers")
    ap.add_argument("--timeout", type=float, default=None, help="run our server with this query time limit")
    args = ap.parse_args()
    tool = "wrk -t2" if shutil.which("wrk") else "python threads"
    print(f"{tool}, {args.connections} connections, {args.duration} s per run")
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        t0 = time.time()
        make_store(store, args.rows)
        print(f"store: {args.rows} people, {2 * args.rows} quads, built in {time.time() - t0:.1f} s")
        has_native = shutil.which("oxigraph") is not None
        results: dict[str, list[dict[str, float]]] = {"ours": [], "native": []}
        for _ in range(args.repeat):
            proc, url = start_ours(store, args.timeout, args.threads, args.server)
            try:
                results["ours"].append(measure(url, args))
            finally:
                proc.terminate()
                proc.wait(20)
            native = start_oxigraph(store) if has_native else None
            if native is not None:
                proc, url = native
                try:
                    results["native"].append(measure(url, args))
                finally:
                    proc.terminate()
                    proc.wait(20)
    mode = f"timeout {args.timeout:g}s" if args.timeout is not None else "no time limit"
    names = {"ours": f"kg serve ({args.server}, {mode})", "native": "oxigraph serve (native)"}
    for who, runs in results.items():
        if not runs:
            print(f"{names[who]}: not installed (pip install oxigraph), not compared")
            continue
        for label, _ in TESTS:
            print(f"{names[who]:34s} {label:22s} {summary([r[label] for r in runs], 'requests/s')}")
        big = f"SELECT {args.rows} rows JSON"
        print(f"{names[who]:34s} {big:22s} first byte "
              f"{summary([r['ttfb'] for r in runs], 'ms', best=min)}")
    if results["native"]:
        for label, _ in TESTS:
            ours = max(r[label] for r in results["ours"])
            native = max(r[label] for r in results["native"])
            print(f"ratio ours / native  {label:22s} {ours / native:.3f}  ({ours:.0f} / {native:.0f} requests/s)")
        print(f"first byte of {args.rows} rows: ours {min(r['ttfb'] for r in results['ours']):.1f} ms, "
              f"native {min(r['ttfb'] for r in results['native']):.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
