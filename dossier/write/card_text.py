"""One line of a share card's text, drawn from glyphs rasterised once: the same pixels as
Pillow's ``ImageDraw.text``, in a fraction of its time.

Pillow draws a line by laying it out (libraqm), then hinting and rasterising every glyph
three times (two passes to size the line, one to render): half of a card's time. A glyph's
bitmap does not depend on where it lands: Pillow renders it at the origin and places it at
its pen position rounded to a whole pixel. So each glyph is rasterised once per font (and
per the one bit of the line's vertical position that can move it a row, see ``_low``) and
placed where Pillow would place it; pen positions come from measuring each word's prefixes
once (``_Font.layout``). Where two glyphs' ink shares columns (a kerned pair, an overhanging
"f"), Pillow composites their coverage before blending it into the image, so such a run is
rendered by Pillow as one piece at the same sub-pixel phase, and cached too.

Only text whose layout this reproduces takes this path: left-to-right characters of the
ranges the tests check against Pillow, no combining marks, controls or format characters,
and no kerning against the space. Anything else is drawn by Pillow itself.
"""

from __future__ import annotations

import math
import struct
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from PIL import ImageDraw, ImageFont

# Characters of one glyph each and no contextual shaping in the shipped fonts (checked
# against Pillow in tests/test_card_text.py): ASCII, Latin-1, Latin Extended A and B, the
# general punctuation block (quotes, dashes, the ellipsis) and the euro sign.
RANGES = ((0x20, 0x7E), (0xA0, 0x24F), (0x2010, 0x205E), (0x20AC, 0x20AC))
_BIDI = frozenset({"L", "EN", "ES", "ET", "CS", "ON", "WS"})  # left-to-right or neutral
_MISSING = object()
_WORDS = 50_000  # cached words per font: a corpus's vocabulary, not more
_RUNS = 20_000  # cached runs of touching glyphs per font


def _plain(c: str) -> bool:
    o = ord(c)
    return (
        any(lo <= o <= hi for lo, hi in RANGES)
        and unicodedata.bidirectional(c) in _BIDI
        and unicodedata.category(c)[0] not in "MC"
    )


_PLAIN: dict[str, bool] = {}


def _is_plain(c: str) -> bool:
    known = _PLAIN.get(c)
    if known is None:
        known = _PLAIN[c] = _plain(c)
    return known


def _low(y: float) -> bool:
    """Whether Pillow draws text at ``y`` on the row of its whole part (else one row lower).

    Pillow passes the fraction as a C float and rounds it to 1/64 of a pixel; a glyph moves
    down one row when that is more than half a pixel."""
    frac = struct.unpack("f", struct.pack("f", math.modf(y)[0]))[0] * 64
    return math.floor(frac + 0.5) <= 32


_START = {True: 0.0, False: 0.75}  # a fraction of each class, to rasterise at


def _length(font: ImageFont.FreeTypeFont, text: str) -> int:
    return round(font.getlength(text) * 64)  # in 1/64 pixel, as the layout computes it


@dataclass
class _Font:
    """What one font has rasterised and measured so far."""

    font: ImageFont.FreeTypeFont
    space: int = 0  # advance of a space, 1/64 px
    advances: dict[str, int] = field(default_factory=dict)
    spaced: dict[str, bool] = field(default_factory=dict)  # no kerning against a space
    kerns: dict[str, int] = field(default_factory=dict)  # pair -> kerning, 1/64 px
    widths: dict[str, float] = field(default_factory=dict)  # words Pillow lays out, in px
    # word -> (pen position of each character, the word's advance), 1/64 px; None: not plain
    words: dict[str, tuple[tuple[int, ...], int] | None] = field(default_factory=dict)
    # low -> character -> (mask, x, y offsets, first and last inked column) or None (no ink)
    glyphs: dict[bool, dict[str, tuple[Any, int, int, int, int] | None]] = field(
        default_factory=lambda: {True: {}, False: {}}
    )
    runs: dict[tuple[str, int, bool], tuple[Any, int, int]] = field(default_factory=dict)

    def advance(self, c: str) -> int:
        a = self.advances.get(c)
        if a is None:
            a = self.advances[c] = _length(self.font, c)
        return a

    def next_to_space(self, c: str) -> bool:
        ok = self.spaced.get(c)
        if ok is None:
            a = self.advance(c) + self.space
            ok = self.spaced[c] = _length(self.font, c + " ") == a == _length(self.font, " " + c)
        return ok

    def kern(self, a: str, b: str) -> int:
        pair = a + b
        k = self.kerns.get(pair)
        if k is None:
            k = self.kerns[pair] = _length(self.font, pair) - self.advance(a) - self.advance(b)
        return k

    def layout(self, word: str) -> tuple[tuple[int, ...], int] | None:
        if word in self.words:
            return self.words[word]
        if len(self.words) > _WORDS:
            self.words.clear()
        found = None
        if all(map(_is_plain, word)) and self.next_to_space(word[0]) and self.next_to_space(word[-1]):
            # Each glyph's advance plus the kerning of each pair (kerning moves the pen after
            # the first glyph of a pair): a few hundred pairs to measure, not every prefix of
            # every word. Where the font kerns in context ("ffi"), the word's length says so
            # and each character's pen is measured from its prefix instead.
            font = self.font
            pens = [0]
            for a, b in zip(word, word[1:], strict=False):
                pens.append(pens[-1] + self.advance(a) + self.kern(a, b))
            total = _length(font, word)
            if pens[-1] + self.advance(word[-1]) != total:
                pens = [_length(font, word[: k + 1]) - self.advance(c) for k, c in enumerate(word)]
            found = (tuple(pens), total)
        self.words[word] = found
        return found

    def width(self, word: str) -> float:
        found = self.words.get(word) or self.layout(word)
        if found is not None:
            return found[1] / 64
        w = self.widths.get(word)
        if w is None:
            if len(self.widths) > _WORDS:
                self.widths.clear()
            w = self.widths[word] = self.font.getlength(word)
        return w

    def glyph(self, c: str, low: bool) -> tuple[Any, int, int, int, int] | None:
        table = self.glyphs[low]
        if c not in table:
            mask, (dx, dy) = self.font.getmask2(c, "L", start=(0.0, _START[low]))
            box = mask.getbbox()
            table[c] = (mask, dx, dy, dx + box[0], dx + box[2]) if box else None
        return table[c]

    def run(self, text: str, phase: int, low: bool) -> tuple[Any, int, int]:
        key = (text, phase, low)
        found = self.runs.get(key)
        if found is None:
            if len(self.runs) > _RUNS:
                self.runs.clear()
            mask, (dx, dy) = self.font.getmask2(text, "L", start=(phase / 64, _START[low]))
            found = self.runs[key] = (mask, dx, dy)
        return found


_FONTS: dict[tuple[str, float], _Font] = {}


def _state(font: ImageFont.FreeTypeFont) -> _Font:
    key = (str(font.path), font.size)
    state = _FONTS.get(key)
    if state is None:
        state = _FONTS[key] = _Font(font)
        state.space = _length(font, " ")
    return state


def width(font: ImageFont.FreeTypeFont, word: str) -> float:
    """A word's advance in pixels, as ``font.getlength`` gives it, measured once per font."""
    return _state(font).width(word)


def clear() -> None:
    """Forget every glyph and word (benchmarks measure a cold start with it)."""
    _FONTS.clear()


def text(
    g: ImageDraw.ImageDraw, xy: tuple[float, float], line: str, font: ImageFont.FreeTypeFont, fill: int
) -> None:
    """``g.text(xy, line, font=font, fill=fill)`` with the ``"L"`` font mode, pixel for pixel."""
    x, y = xy
    placed = _place(_state(font), x, y, line) if x == int(x) and "\n" not in line else None
    if placed is None:
        g.text(xy, line, font=font, fill=fill)
        return
    ink = g.draw.draw_ink(fill)  # as ImageDraw.text resolves it
    for mask, at in placed:
        g.draw.draw_bitmap(at, mask, ink)


def _place(fs: _Font, x: float, y: float, line: str) -> list[tuple[Any, tuple[int, int]]] | None:
    """Each mask to blend and where, or None when Pillow must draw the line.

    Glyphs whose inked columns overlap are blended as one mask (a run Pillow renders); the
    others one by one. A glyph reaching back over an earlier group: Pillow draws the line."""
    low = _low(y)
    glyphs = fs.glyphs[low]
    top, origin = int(y), int(x)
    groups: list[list] = []  # [first character, last character, its pen, its glyph]
    group_end = closed_end = -(10**9)  # inked columns (exclusive end): this group, those before
    pen = k = 0
    for word in line.split(" "):
        if word:
            found = fs.words.get(word) or fs.layout(word)
            if found is None:
                return None
            for c, at in zip(word, found[0], strict=True):
                g = glyphs.get(c, _MISSING)
                if g is _MISSING:
                    g = fs.glyph(c, low)
                if g is not None:
                    at += pen
                    col = origin + ((at + 32) >> 6)
                    if col + g[3] < group_end:  # shares a column with the group: one mask
                        if col + g[3] < closed_end:
                            return None
                        groups[-1][1] = k
                        group_end = max(group_end, col + g[4])
                    else:
                        closed_end = group_end
                        groups.append([k, k, at, g])
                        group_end = col + g[4]
                k += 1
            pen += found[1]
        k += 1  # the space: no ink
        pen += fs.space
    placed = []
    for first, last, at, g in groups:
        if first == last:
            placed.append((g[0], (origin + ((at + 32) >> 6) + g[1], top + g[2])))
        else:
            mask, dx, dy = fs.run(line[first : last + 1], at & 63, low)
            placed.append((mask, (origin + (at >> 6) + dx, top + dy)))
    return placed
