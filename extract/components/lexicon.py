"""Word lists shipped in extract/resources/ (general knowledge only), read once per process."""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def _lines(name: str) -> list[str]:
    out = []
    for line in (RESOURCES / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


@cache
def read_table(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a tab-separated resource file (comments and blank lines skipped)."""
    return tuple(tuple(c.strip() for c in line.split("\t")) for line in _lines(name))


@cache
def read_words(name: str) -> tuple[str, ...]:
    """Whitespace-separated words of a resource file, in order, without duplicates."""
    seen: dict[str, None] = {}
    for line in _lines(name):
        for w in line.split():
            seen.setdefault(w, None)
    return tuple(seen)


@lru_cache(maxsize=1)
def surnames() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(single-character surnames, compound surnames, the ~200 most common single ones)."""
    words = read_words("surnames.txt")
    single = [w for w in words if len(w) == 1]
    return frozenset(single), frozenset(w for w in words if len(w) > 1), frozenset(single[:200])


@lru_cache(maxsize=1)
def post_titles() -> dict[str, str]:
    """Post title -> category (gov or job)."""
    out: dict[str, str] = {}
    for line in _lines("posts.txt"):
        cat, *words = line.split()
        for w in words:
            out.setdefault(w, cat)
    return out
