"""Text that remembers where every character came from.

`OffsetText` is an analysed string plus a map from each of its characters back to an offset in
the original document. Cleaning, repair and script conversion build a new `OffsetText` from an
old one, so that a mention found in the analysed text points into the original file.

The map is stored as runs ``(analysed_start, original_start, length, exact)``: an exact run maps
character for character; an inexact run (a replacement of different length) maps every
character to the whole original span it replaced.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field


@dataclass
class OffsetText:
    """An analysed string and its map back to original offsets."""

    text: str
    # parallel lists, one entry per run
    _a: list[int] = field(default_factory=list, repr=False)  # analysed start
    _o: list[int] = field(default_factory=list, repr=False)  # original start
    _ol: list[int] = field(default_factory=list, repr=False)  # original length
    _exact: list[bool] = field(default_factory=list, repr=False)

    @classmethod
    def identity(cls, text: str, base: int = 0) -> OffsetText:
        """The text mapped onto itself (shifted by `base`)."""
        return cls(text, [0], [base], [len(text)], [True]) if text else cls("", [], [], [], [])

    def orig_start(self, i: int) -> int:
        """Original offset of analysed character `i` (or of the end, for i == len)."""
        if not self._a:
            return 0
        if i >= len(self.text):
            return self._o[-1] + self._ol[-1]
        k = bisect_right(self._a, i) - 1
        if self._exact[k]:
            return self._o[k] + (i - self._a[k])
        return self._o[k]

    def orig_end(self, i: int) -> int:
        """Original end offset (exclusive) of analysed character `i - 1`."""
        if i <= 0 or not self._a:
            return self.orig_start(0)
        k = bisect_right(self._a, i - 1) - 1
        if self._exact[k]:
            return self._o[k] + (i - self._a[k])
        return self._o[k] + self._ol[k]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map an analysed span [start, end) to the original span it came from."""
        if end <= start:
            s = self.orig_start(start)
            return s, s
        return self.orig_start(start), self.orig_end(end)

    def slice(self, start: int, end: int) -> OffsetText:
        """The sub-text [start, end) with its map."""
        b = OffsetTextBuilder()
        b.copy_from(self, start, end)
        return b.build()


class OffsetTextBuilder:
    """Builds an `OffsetText` piece by piece from an `OffsetText` source."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._len = 0
        self._a: list[int] = []
        self._o: list[int] = []
        self._ol: list[int] = []
        self._exact: list[bool] = []

    def _run(self, n: int, o: int, ol: int, exact: bool) -> None:
        if n <= 0:
            return
        xs = self._exact
        if exact and xs and xs[-1] and self._o[-1] + self._ol[-1] == o and self._a[-1] + self._ol[-1] == self._len:
            self._ol[-1] += n
        else:
            self._a.append(self._len)
            self._o.append(o)
            self._ol.append(ol)
            xs.append(exact)
        self._len += n

    def copy_from(self, src: OffsetText, start: int, end: int) -> None:
        """Append src.text[start:end], keeping its map."""
        if end <= start:
            return
        self._parts.append(src.text[start:end])
        self._copy_map(src, start, end)

    def _copy_map(self, src: OffsetText, start: int, end: int) -> None:
        """Append the map of src[start:end] (its text is appended by the caller)."""
        sa = src._a
        if not sa:
            return
        so, sol, sx = src._o, src._ol, src._exact
        last = len(sa) - 1
        k = bisect_right(sa, start) - 1
        pos = start
        run = self._run
        while pos < end:
            run_end = sa[k + 1] if k < last else len(src.text)
            stop = end if end < run_end else run_end
            if sx[k]:
                run(stop - pos, so[k] + (pos - sa[k]), stop - pos, True)
            else:
                run(stop - pos, so[k], sol[k], False)
            pos = stop
            k += 1

    def replace(self, src: OffsetText, start: int, end: int, new: str) -> None:
        """Append `new` in place of src.text[start:end]."""
        if not new:
            return
        self._parts.append(new)
        if len(new) == end - start:
            # same length: keep the character map (script conversion is 1:1 mostly)
            self._copy_map(src, start, end)
            return
        o_start, o_end = src.to_original(start, end)
        self._run(len(new), o_start, o_end - o_start, False)

    def build(self) -> OffsetText:
        return OffsetText("".join(self._parts), self._a, self._o, self._ol, self._exact)


def apply_regex(src: OffsetText, pattern, repl) -> OffsetText:
    """Substitute `pattern` (compiled regex) in src, keeping the offset map.

    `repl` is a string or a function of the match returning a string. Returns src itself when
    nothing changes.
    """
    literal = repl if isinstance(repl, str) and "\\" not in repl else None
    edits = []
    for m in pattern.finditer(src.text):
        new = literal if literal is not None else repl(m) if callable(repl) else m.expand(repl)
        if new != m.group(0):
            edits.append((m.start(), m.end(), new))
    return apply_edits(src, edits)


def apply_edits(src: OffsetText, edits: list[tuple[int, int, str]]) -> OffsetText:
    """Replace the sorted, non-overlapping spans ``(start, end, new)`` of src, keeping the map.

    Returns src itself when there is no edit; when every edit keeps its length, the map is reused.
    """
    if not edits:
        return src
    text = src.text
    if all(e - s == len(new) for s, e, new in edits):
        parts = []
        pos = 0
        for s, e, new in edits:
            parts.append(text[pos:s])
            parts.append(new)
            pos = e
        parts.append(text[pos:])
        return OffsetText("".join(parts), list(src._a), list(src._o), list(src._ol), list(src._exact))
    b = OffsetTextBuilder()
    pos = 0
    for s, e, new in edits:
        b.copy_from(src, pos, s)
        b.replace(src, s, e, new)
        pos = e
    b.copy_from(src, pos, len(text))
    return b.build()
