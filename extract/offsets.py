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
        if (
            exact
            and self._exact
            and self._exact[-1]
            and self._o[-1] + self._ol[-1] == o
            and self._a[-1] + self._ol[-1] == self._len
        ):
            self._ol[-1] += n
        else:
            self._a.append(self._len)
            self._o.append(o)
            self._ol.append(ol)
            self._exact.append(exact)
        self._len += n

    def copy_from(self, src: OffsetText, start: int, end: int) -> None:
        """Append src.text[start:end], keeping its map."""
        if end <= start:
            return
        self._parts.append(src.text[start:end])
        if not src._a:
            return
        k = bisect_right(src._a, start) - 1
        pos = start
        while pos < end:
            run_a, run_o, run_ol, ex = src._a[k], src._o[k], src._ol[k], src._exact[k]
            run_end = src._a[k + 1] if k + 1 < len(src._a) else len(src.text)
            stop = min(end, run_end)
            if ex:
                self._run(stop - pos, run_o + (pos - run_a), stop - pos, True)
            else:
                self._run(stop - pos, run_o, run_ol, False)
            pos = stop
            k += 1

    def replace(self, src: OffsetText, start: int, end: int, new: str) -> None:
        """Append `new` in place of src.text[start:end]."""
        if not new:
            return
        o_start, o_end = src.to_original(start, end)
        self._parts.append(new)
        if len(new) == end - start and end > start:
            # same length: keep the character map (script conversion is 1:1 mostly)
            self._parts.pop()
            tmp = OffsetText(new, *_shifted(src, start, end))
            self.copy_from(tmp, 0, len(new))
            return
        self._run(len(new), o_start, o_end - o_start, False)

    def build(self) -> OffsetText:
        return OffsetText("".join(self._parts), self._a, self._o, self._ol, self._exact)


def _shifted(src: OffsetText, start: int, end: int) -> tuple[list[int], list[int], list[int], list[bool]]:
    """The runs of src[start:end], re-based at 0."""
    sub = OffsetTextBuilder()
    sub.copy_from(src, start, end)
    t = sub.build()
    return t._a, t._o, t._ol, t._exact


def apply_regex(src: OffsetText, pattern, repl) -> OffsetText:
    """Substitute `pattern` (compiled regex) in src, keeping the offset map.

    `repl` is a string or a function of the match returning a string.
    """
    b = OffsetTextBuilder()
    pos = 0
    text = src.text
    for m in pattern.finditer(text):
        s, e = m.span()
        b.copy_from(src, pos, s)
        new = repl(m) if callable(repl) else m.expand(repl)
        if new == m.group(0):
            b.copy_from(src, s, e)
        else:
            b.replace(src, s, e, new)
        pos = e
    if pos == 0:
        return src
    b.copy_from(src, pos, len(text))
    return b.build()
