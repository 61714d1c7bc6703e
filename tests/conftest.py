"""Shared fixtures: the shared/ material, running `kg` as a real process, free ports, built stores."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
EXAMPLES = ROOT / "kg" / "examples"


def need_shared(*parts: str) -> Path:
    """A path under shared/, or skip the test (saying why) when it is absent."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} not present (shared/ material is needed for this test)")
    return p


def run_kg(*args: str, input: bytes | None = None, timeout: float = 600, check: bool = True) -> subprocess.CompletedProcess:
    """Run `python -m kg ARGS` as a real process; stdout/stderr as bytes."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8")
    cp = subprocess.run(
        [sys.executable, "-m", "kg", *args], input=input, capture_output=True, timeout=timeout, cwd=ROOT, env=env
    )
    if check and cp.returncode != 0:
        raise AssertionError(f"kg {' '.join(args)} exited {cp.returncode}:\n{cp.stderr.decode(errors='replace')}")
    return cp


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`kg serve` running as a real process on 127.0.0.1."""

    def __init__(self, store: Path, *extra: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", str(self.port), *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=env,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"kg serve died: {self.proc.stderr.read().decode(errors='replace')}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise AssertionError("kg serve did not start listening within 60 s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


@pytest.fixture(scope="session")
def example_store(tmp_path_factory) -> Path:
    """The bundled examples built into a store (once per test session)."""
    store = tmp_path_factory.mktemp("example") / "store"
    run_kg("build", str(EXAMPLES), "--store", str(store), "--workers", "1")
    return store


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory) -> Path:
    """The seed corpus built into a store (skips when shared/ is absent)."""
    seeds = need_shared("corpus", "seeds")
    store = tmp_path_factory.mktemp("seeds") / "store"
    run_kg("build", str(seeds), "--store", str(store), "--workers", "1")
    return store
