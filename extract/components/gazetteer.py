"""The place gazetteer: China's administrative divisions (from jionlp), named regions, countries.

Built once per process and cached as a pickle under the user cache dir (keyed by jionlp's version
and our resource files). Lookup is an Aho-Corasick automaton over full names, short forms and
aliases; villages are kept per township and matched only when their county is in the article.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import ahocorasick_rs

from extract.components.lexicon import RESOURCES, read_table

LEVELS = ("province", "prefecture", "county", "township", "village")
TOWNSHIP_SUFFIXES = ("街道", "镇", "乡", "苏木")
VERSION = 6
GENERIC = {"城区", "郊区", "矿区", "新区", "市辖区", "开发区", "高新区", "市中区", "经济开发区"}


@dataclass
class Place:
    name: str  # canonical: full name with suffix
    level: str  # country, province, prefecture, county, township, village, region
    code: str | None = None
    parent: int | None = None  # index into Gazetteer.places
    short: str | None = None


@dataclass
class Gazetteer:
    places: list[Place] = field(default_factory=list)
    # surface -> [(place index, kind)], kind: full, short, alias
    keys: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    townships_of: dict[int, list[int]] = field(default_factory=dict)  # county -> townships
    villages_of: dict[int, str] = field(default_factory=dict)  # township -> "\t"-joined village names
    abbr: dict[str, int] = field(default_factory=dict)  # 闽 -> 福建省 (clear contexts only)
    automaton: object = None

    def ancestors(self, i: int) -> list[int]:
        """Parents of place i, nearest first."""
        out = []
        p = self.places[i].parent
        while p is not None and p not in out:
            out.append(p)
            p = self.places[p].parent
        return out

    def parent_name(self, i: int) -> str | None:
        p = self.places[i].parent
        return self.places[p].name if p is not None else None

    def find(self, name: str) -> list[int]:
        return [i for i, _ in self.keys.get(name, ())]

    def iter_matches(self, text: str):
        """(start, end, surface) of the leftmost-longest keys in text (no overlaps)."""
        if self.automaton is None:
            self._keys = list(self.keys)
            self.automaton = ahocorasick_rs.AhoCorasick(self._keys, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
        keys = self._keys
        for i, s, e in self.automaton.find_matches_as_indexes(text):
            yield s, e, keys[i]

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["automaton"] = None  # built on first use (~0.1 s), not pickled
        state.pop("_keys", None)
        return state


def _jionlp_location_file() -> Path:
    with contextlib.redirect_stdout(io.StringIO()):
        import jionlp
    return Path(jionlp.__file__).parent / "dictionary" / "china_location.txt"


def _fingerprint() -> str:
    h = hashlib.sha1(str(VERSION).encode())
    loc = _jionlp_location_file()
    h.update(f"{loc}:{loc.stat().st_size}".encode())
    for name in ("regions.txt", "geography.txt", "province_aliases.txt", "place_aliases.txt"):
        h.update((RESOURCES / name).read_bytes())
    return h.hexdigest()[:16]


def _add_key(g: Gazetteer, key: str, i: int, kind: str) -> None:
    if len(key) < 2:
        return
    lst = g.keys.setdefault(key, [])
    if all(j != i for j, _ in lst):
        lst.append((i, kind))


def _build() -> Gazetteer:
    g = Gazetteer()
    china = len(g.places)
    g.places.append(Place("中国", "country"))
    for k in ("中国", "中华人民共和国", "我国"):
        _add_key(g, k, china, "full" if k == "中国" else "alias")
    stack: list[int | None] = [None] * 5
    township = None
    with open(_jionlp_location_file(), encoding="utf-8") as f:
        for line in f:
            depth = len(line) - len(line.lstrip("\t"))
            parts = line.strip().split("\t")
            name = parts[0]
            if not name:
                continue
            if depth == 4:
                if township is not None:
                    prev = g.villages_of.get(township)
                    g.villages_of[township] = name if prev is None else prev + "\t" + name
                continue
            parent = china if depth == 0 else stack[depth - 1]
            if depth == 1 and ("直辖" in name or name == g.places[parent].name):
                stack[1] = parent  # municipality or province-administered counties: skip the level
                continue
            code = parts[1] if len(parts) > 1 else None
            short = parts[2] if len(parts) > 2 else None
            if depth == 3:
                if not name.endswith(TOWNSHIP_SUFFIXES) or len(name) < 3:
                    township = None
                    stack[3] = None
                    continue
                short = name[: -2 if name.endswith(("街道", "苏木")) else -1]
            if name in GENERIC:
                continue
            i = len(g.places)
            g.places.append(Place(name, LEVELS[depth], code, parent, short))
            stack[depth] = i
            if depth == 3:
                township = i
                if parent is not None:
                    g.townships_of.setdefault(parent, []).append(i)
            _add_key(g, name, i, "full")
            if short and short != name and depth < 3:
                _add_key(g, short, i, "short")
    _add_world(g, china)
    _add_regions(g, china)
    _add_province_aliases(g)
    return g


def _add_world(g: Gazetteer, china: int) -> None:
    with contextlib.redirect_stdout(io.StringIO()):
        import jionlp
    path = Path(jionlp.__file__).parent / "dictionary" / "world_location.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.strip().split("\t")
        if len(parts) < 2 or parts[0] == "中国":
            continue
        i = len(g.places)
        g.places.append(Place(parts[0], "country"))
        _add_key(g, parts[0], i, "full")
        _add_key(g, parts[1], i, "alias")
        cities = ([parts[2]] if len(parts) > 2 else []) + (parts[3].split("/") if len(parts) > 3 else [])
        for c in cities:
            if c and c != parts[0] and c not in g.keys:
                j = len(g.places)
                g.places.append(Place(c, "prefecture", None, i))
                _add_key(g, c, j, "full")


def _add_regions(g: Gazetteer, china: int) -> None:
    """Named regions (regions.txt) and natural geography, former states (geography.txt): level region."""
    known = set(g.keys)
    geography = [row for row in read_table("geography.txt") if row[0] not in known]  # not a division or city
    for row in read_table("regions.txt") + tuple(geography):
        name, parent = row[0], row[1] if len(row) > 1 else "-"
        pidx = g.find(parent)
        i = len(g.places)
        g.places.append(Place(name, "region", None, pidx[0] if pidx else None))
        _add_key(g, name, i, "full")
        for a in (row[2].split("|") if len(row) > 2 else []):
            _add_key(g, a, i, "alias")


def _add_province_aliases(g: Gazetteer) -> None:
    for row in read_table("province_aliases.txt") + tuple(read_table("place_aliases.txt")):
        if row[0] == "abbr":
            idx = [i for i in g.find(row[2]) if g.places[i].level == "province"]
            if idx:
                g.abbr[row[1]] = idx[0]
        else:
            idx = g.find(row[1])
            if idx:
                _add_key(g, row[0], idx[0], "alias")


def _cache_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kg-gov-news" / f"gazetteer-{_fingerprint()}.pkl"


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer (loaded from the pickle cache, else built and cached)."""
    path = _cache_path()
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except Exception:  # noqa: BLE001 - missing or stale cache: rebuild
        pass
    g = _build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            pickle.dump(g, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
    return g
