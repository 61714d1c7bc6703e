"""`kg build --executor dask` on a real LocalCluster (2 worker processes) gives the very quads of a local
build of the bundled examples. Not skipped: `dask[distributed]` is in the test extra, so CI runs it."""

from __future__ import annotations

import hashlib
from pathlib import Path

import distributed  # noqa: F401  (a missing install fails here, loudly, instead of skipping)
from conftest import EXAMPLES, run_kg

from kg.store import GraphStore


def _nquads_digest(store: Path) -> tuple[int, str]:
    """Number of quads and the SHA-256 of the store's sorted N-Quads lines."""
    st = GraphStore(store, read_only=True)
    lines = sorted(str(q) for q in st.store.quads_for_pattern(None, None, None, None))
    del st
    return len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest()


def test_dask_local_cluster_build_equals_the_local_build(tmp_path: Path) -> None:
    local, dask = tmp_path / "local", tmp_path / "dask"
    run_kg("build", str(EXAMPLES), "--store", str(local), "--workers", "2")
    cp = run_kg("build", str(EXAMPLES), "--store", str(dask), "--executor", "dask", "--workers", "2")
    summary = [ln for ln in cp.stderr.decode().splitlines() if ln.startswith("kg build:")][-1]
    assert "[Dask LocalCluster of 2 processes]" in summary, summary
    assert "wrote 0 articles" not in summary, summary
    n, digest = _nquads_digest(dask)
    assert n > 500
    assert (n, digest) == _nquads_digest(local)
