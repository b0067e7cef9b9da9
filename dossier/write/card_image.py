"""Share cards: a 1200×630 PNG per quote and person page, for link previews (og:image).

Drawn offline with Pillow and the DejaVu Serif fonts shipped in ``assets/fonts`` (never a
system font). A card is a pure function of its ``Card``: its file name is a hash of the card's
content and of everything that draws it, so a changed card gets a new URL (link-preview
services cache images by URL) and an unchanged one is never drawn again: a build takes it from
docs/, where an earlier build wrote it under that name, or from the project's cache, where the
build that drew it kept a copy (see ``reuse_from``). Only a project's first build draws every card.

The image is drawn in one channel whose values index two colour ramps of eight steps: 0-7
run from the paper colour to the ink, 8-15 from the footer band's colour to white. Pillow
blends antialiased text into that channel (text of value 7 on 0 gives 0-7), so each ramp
stays within its own colours, and the result is saved as a 16-colour (4-bit) palette PNG:
10-30 KB, with no colour quantising.

Where a card's time went (issue 19, 4.5 ms on one core): PNG encoding 2 ms, of which half
was Pillow's per-row choice among five filters (``_png`` writes unfiltered rows, as the PNG
standard advises for palette images: same pixels, half the time; ``card_png`` deflates the plain
rows once for all cards); rasterising text 2 ms
(FreeType hints and loads each glyph three times per line; the label and the opening mark
are the same on every card of a kind, so they are drawn once, see ``_frame``); wrapping
0.3 ms (each word measured once per font, see ``wrap``).
"""

from __future__ import annotations

import contextlib
import hashlib
import struct
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import astuple, dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from PIL import __version__ as PIL_VERSION

from ..publish.output import atomic_write, digest
from . import card_png, card_text

WIDTH, HEIGHT = 1200, 630
FONTS = Path(__file__).parent.parent / "assets" / "fonts"
REGULAR, BOLD = FONTS / "DejaVuSerif.ttf", FONTS / "DejaVuSerif-Bold.ttf"
FOLDER = "cards"  # under docs/
LAYOUT = 5  # bump when the drawing changes: every card gets a new name

# The two ramps' ends (RGB). Paper and ink are dark-on-light with a contrast above 14:1; the
# indigo footer frames the card on light and dark timelines alike.
PAPER, INK = (250, 249, 245), (26, 28, 46)
BAND, WHITE = (40, 53, 147), (255, 255, 255)
STEPS = 8  # antialiasing steps per ramp
INK_FULL, INK_SOFT = 7, 4  # body text; secondary text (a mid grey on paper)
BAND_FILL, BAND_TEXT, BAND_SOFT = 8, 15, 13  # footer band; its text; its secondary text

MARGIN = 72
BAND_HEIGHT = 170
QUOTE_SIZES = (64, 56, 50, 44, 40, 36)  # tried in turn: the largest at which the words fit
LINE_SPACING = 1.28


@dataclass(frozen=True)
class Card:
    """What a card shows; every field is plain text."""

    kind: str  # "quote" (an opening quotation mark above the words) or "person"
    words: str  # the quotation, or a person's description
    name: str  # speaker or person
    details: str  # one line under the name: date · medium · source
    label: str = ""  # the small label's text (e.g. "Quote", "Person")

    def digest(self) -> str:
        h = hashlib.sha256(f"{LAYOUT}\0{PIL_VERSION}\0{_font_digest()}\0".encode())
        h.update("\0".join(astuple(self)).encode("utf-8", "surrogatepass"))
        return h.hexdigest()[:20]

    @property
    def path(self) -> str:
        """The card's docs-relative path; the same content always gets the same name."""
        return f"{FOLDER}/{self.digest()}.png"


@cache
def _font_digest() -> str:
    h = hashlib.sha256()
    for f in (REGULAR, BOLD):
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


@cache
def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(BOLD if bold else REGULAR), size)


def _palette() -> list[int]:
    out: list[int] = []
    for lo, hi in ((PAPER, INK), (BAND, WHITE)):
        for i in range(STEPS):
            out += [round(a + (b - a) * i / (STEPS - 1)) for a, b in zip(lo, hi, strict=True)]
    return out


_PALETTE = _palette()


def wrap(words: list[str], font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """Words into lines no wider than ``width`` (a single over-long word gets a line of its own).

    A line's width is its words' widths plus its spaces': each word is measured once per font
    (measuring every trial line made wrapping the slowest part of drawing a card).
    """
    space = card_text.width(font, " ")
    lines: list[list[str]] = []
    line: list[str] = []
    used = 0.0
    for w in words:
        size = card_text.width(font, w)
        if line and used + space + size > width:
            lines.append(line)
            line, used = [w], size
        else:
            used += (space if line else 0.0) + size
            line.append(w)
    if line:
        lines.append(line)
    return [" ".join(ws) for ws in lines]


def shorten(words: list[str], fits) -> list[str]:
    """The longest start of ``words`` that ``fits`` with an ellipsis, cut at a word boundary —
    at a sentence's end when one falls in the last third of what fits."""
    lo, hi = 1, len(words)
    while lo < hi:  # the most words that fit, by bisection (fits is monotonic in length)
        mid = (lo + hi + 1) // 2
        if fits([*words[:mid], "…"]):
            lo = mid
        else:
            hi = mid - 1
    n = lo
    for k in range(n, max(1, n * 2 // 3) - 1, -1):
        if words[k - 1].endswith((".", "!", "?", ".”", "!”", "?”")):
            return [*words[:k], "…"]
    kept = words[:n]
    last = kept[-1].rstrip(",;:—–-")
    if last.endswith("…") or not last:
        return kept if last else [*kept[:-1], "…"]
    return [*kept[:-1], last + "…"]


def _fit_quote(text: str, width: float, height: float) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    words = text.split()
    for size in QUOTE_SIZES:
        font = _font(False, size)
        lines = wrap(words, font, width)
        if len(lines) * size * LINE_SPACING <= height:
            return font, lines
    font = _font(False, QUOTE_SIZES[-1])
    max_lines = int(height // (QUOTE_SIZES[-1] * LINE_SPACING))
    kept = shorten(words, lambda ws: len(wrap(ws, font, width)) <= max_lines)
    return font, wrap(kept, font, width)


def _one_line(text: str, font: ImageFont.FreeTypeFont, width: float) -> str:
    words = text.split()
    if len(wrap(words, font, width)) <= 1:
        return " ".join(words)
    return " ".join(shorten(words, lambda ws: len(wrap(ws, font, width)) <= 1))


@cache
def _frame(kind: str, label: str) -> Image.Image:
    """What every card of a kind with this label shows before its own words: the paper, the
    label and (on quotes) the opening mark. Drawn once, copied for each card."""
    im = Image.new("P", (WIDTH, HEIGHT), 0)  # drawn straight in palette indexes: see the top
    im.putpalette(_PALETTE)
    g = _drawing(im)
    top = MARGIN - 16
    if label:  # top right, small: what kind of page the link leads to
        font = _font(True, 24)
        label = label.upper()
        g.text((WIDTH - MARGIN - font.getlength(label), top + 8), label, font=font, fill=INK_SOFT)
    if kind == "quote":
        g.text((MARGIN - 8, top - 18), "“", font=_font(True, 110), fill=INK_SOFT)
    return im


def _drawing(im: Image.Image) -> ImageDraw.ImageDraw:
    g = ImageDraw.Draw(im)
    g.fontmode = "L"  # antialiased text on a palette image: blended into the index, as on "L"
    return g


def draw(card: Card) -> bytes:
    """The card as PNG bytes (deterministic for a given Pillow and zlib)."""
    im = _frame(card.kind, card.label).copy()
    g = _drawing(im)
    inner = WIDTH - 2 * MARGIN
    top = MARGIN - 16 + (64 if card.kind == "quote" else 48)
    body_bottom = HEIGHT - BAND_HEIGHT - 36
    if card.words.strip():
        font, lines = _fit_quote(card.words, inner, body_bottom - top)
        step = font.size * LINE_SPACING
        for i, line in enumerate(lines):
            card_text.text(g, (MARGIN, top + i * step), line, font, INK_FULL)
    g.rectangle((0, HEIGHT - BAND_HEIGHT, WIDTH, HEIGHT), fill=BAND_FILL)
    name_font, detail_font = _font(True, 44), _font(False, 28)
    band_top = HEIGHT - BAND_HEIGHT + 30
    card_text.text(g, (MARGIN, band_top), _one_line(card.name, name_font, inner), name_font, BAND_TEXT)
    if card.details.strip():
        details = _one_line(card.details, detail_font, inner)
        card_text.text(g, (MARGIN, band_top + 66), details, detail_font, BAND_SOFT)
    return _png(im)


_PNG_HEAD = b"\x89PNG\r\n\x1a\n"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png(im: Image.Image) -> bytes:
    """A 16-colour palette image as a 4-bit PNG (rows unfiltered, see ``card_png``)."""
    packed = im.tobytes("raw", "P;4")  # two pixels a byte, rows padded to whole bytes
    header = struct.pack(">IIBBBBB", im.width, im.height, 4, 3, 0, 0, 0)  # 4 bits, palette
    return b"".join(
        (
            _PNG_HEAD,
            _chunk(b"IHDR", header),
            _chunk(b"PLTE", bytes(_PALETTE)),
            _chunk(b"IDAT", card_png.image_data(packed, (im.width + 1) // 2)),
            _chunk(b"IEND", b""),
        )
    )


# ---- cards drawn by an earlier build ------------------------------------------------------------

_reuse: tuple[Path, Mapping[str, str], Path | None] | None = None


@contextlib.contextmanager
def reuse_from(docs: Path, manifest: Mapping[str, str], kept: Path | None = None) -> Iterator[None]:
    """While open, ``render`` takes a card from ``docs`` when an earlier build wrote it there,
    else from ``kept`` (a folder of the project's cache) when an earlier build drew it.

    A card's name is a hash of its content, so a file of that name that is still as the
    manifest records it (same sha256) is that card. Every card drawn while open is also kept in
    ``kept`` under its name: a build whose docs/ lost it (deleted, a fresh checkout of the site
    folder) takes it from there instead of drawing it again (see ``_whole_png``).
    """
    global _reuse
    before, _reuse = _reuse, (docs, manifest, kept)
    try:
        yield
    finally:
        _reuse = before


def render(card: Card) -> bytes:
    """The card's PNG: as an earlier build wrote or kept it (see ``reuse_from``), else drawn now."""
    if _reuse is None:
        return draw(card)
    docs, manifest, kept = _reuse
    path = card.path
    recorded = manifest.get(path)
    if recorded:
        with contextlib.suppress(OSError):
            data = (docs / path).read_bytes()
            if digest(data) == recorded:
                return data
    if kept is None:
        return draw(card)
    name = kept / path.rpartition("/")[2]
    with contextlib.suppress(OSError):
        data = name.read_bytes()
        if _whole_png(data):
            return data
    data = draw(card)
    with contextlib.suppress(OSError):  # a cache: a card not kept is drawn again next time
        atomic_write(name, data)
    return data


def forget(kept: Path, removed: Iterable[str]) -> None:
    """Drop from ``kept`` the cards a build removed from docs/ (no page shows them any more)."""
    for path in removed:
        folder, _, name = path.rpartition("/")
        if folder == FOLDER:
            with contextlib.suppress(OSError):
                (kept / name).unlink()


def _whole_png(data: bytes) -> bool:
    """Whether ``data`` is a PNG whose every chunk is whole (length and CRC), ending with IEND.

    The file kept is named by what the card shows, not by its bytes, so this is what tells a
    card from one cut short (a build killed while writing it, a power cut with no fsync)."""
    if not data.startswith(_PNG_HEAD):
        return False
    view = memoryview(data)  # chunks checked in place, not copied
    pos, end = len(_PNG_HEAD), len(data)
    while pos + 12 <= end:
        (size,) = struct.unpack_from(">I", data, pos)
        if pos + 12 + size > end:
            return False
        if struct.unpack_from(">I", data, pos + 8 + size)[0] != zlib.crc32(view[pos + 4 : pos + 8 + size]):
            return False
        last = view[pos + 4 : pos + 8] == b"IEND"
        pos += 12 + size
        if last:
            return pos == end
    return False
