"""Card text drawn from cached glyphs: pixel for pixel what Pillow's ImageDraw.text draws."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw

from dossier.write import card_image as cards
from dossier.write import card_text

# Every font and size a card draws text with.
FONTS = [(False, size) for size in cards.QUOTE_SIZES] + [(True, 44), (False, 28)]
# Vertical positions of both classes (the fraction rounded to 1/64 below and above a half
# pixel), and the exact half.
ROWS = [120.0, 201.92, 283.84, 130.5, 130.5078125, 186.75]


def _pair(line: str, bold: bool, size: int, y: float, fill: int = cards.INK_FULL) -> tuple[bytes, bytes]:
    font = cards._font(bold, size)
    out = []
    for fast in (False, True):
        im = Image.new("P", (cards.WIDTH, 200), 0)
        g = ImageDraw.Draw(im)
        g.fontmode = "L"
        if fast:
            card_text.text(g, (cards.MARGIN, y - int(y) + 60), line, font, fill)
        else:
            g.text((cards.MARGIN, y - int(y) + 60), line, font=font, fill=fill)
        out.append(im.tobytes())
    return out[0], out[1]


def _plain_lines(width: int = 7, per_line: int = 5) -> list[str]:
    chars = [chr(o) for lo, hi in card_text.RANGES for o in range(lo, hi + 1)]
    chars = [c for c in chars if not c.isspace() and card_text._is_plain(c)]  # the others: Pillow
    words = ["".join(chars[i : i + width]) for i in range(0, len(chars), width)]
    return [" ".join(words[i : i + per_line]) for i in range(0, len(words), per_line)]


@pytest.mark.parametrize(("bold", "size"), FONTS)
def test_every_character_of_the_fast_path_lands_where_pillow_puts_it(bold, size):
    card_text.clear()
    lines = _plain_lines()
    for i, line in enumerate(lines):
        y = ROWS[i % len(ROWS)]
        slow, fast = _pair(line, bold, size, y)
        assert slow == fast, (size, y, line)
        font = cards._font(bold, size)  # and it was the fast path that drew it
        assert card_text._place(card_text._state(font), cards.MARGIN, y, line) is not None


KERNED = [
    "AVATAR Tower Wave “Yes,” he said — “We’ll try.” LT. Fly office affluent",
    "To Ty Vo Wa Ya yo P. F. ’s r. f, (j) [j] {f} 1/7 11:11 “A” ‘T’ …",
    "  double  spaces  and a trailing space ",
    "x" * 60,
]


@pytest.mark.parametrize(("bold", "size"), FONTS)
@pytest.mark.parametrize("y", ROWS)
def test_kerned_and_overhanging_pairs_match_pillow(bold, size, y):
    for line in KERNED:
        slow, fast = _pair(line, bold, size, y)
        assert slow == fast, (size, y, line)


HOSTILE = [
    "مرحبا بالعالم and English",  # right to left: Pillow lays it out
    "שלום “quoted” עולם",
    "e\u0301le\u0300ve combining marks",
    "zero\u200bwidth and \u200djoiner \u2066isolate\u2069",
    "emoji 🎉👍🏽 and 你好 CJK",
    "\x00\x07 control \x1b[31m characters",
    "Ǆ ǅ ǆ ſt ﬁ ﬂ ligature letters",
]


@pytest.mark.parametrize("line", HOSTILE)
def test_hostile_lines_still_match_pillow(line):
    for bold, size in (FONTS[0], FONTS[-1]):
        slow, fast = _pair(line, bold, size, 130.75)
        assert slow == fast, line


def test_card_bytes_do_not_depend_on_what_was_cached_before():
    card = cards.Card(
        "quote", "“We’ll win,” she said. " + KERNED[0], "Dr. Ana O’Brien", "1 May 2019 · TV", "Quote"
    )
    card_text.clear()
    first = cards.draw(card)
    for line in KERNED:  # fill the caches with other words, runs and glyphs
        cards.draw(cards.Card("person", line, line[:30], line[:40], "Person"))
    assert cards.draw(card) == first
    card_text.clear()
    assert cards.draw(card) == first


def test_card_png_has_the_pixels_pillow_would_save():
    card = cards.Card("quote", KERNED[1], "Name", "details", "Quote")
    data = cards.draw(card)
    with Image.open(io.BytesIO(data)) as im:
        im.load()
        assert (im.format, im.mode, im.size) == ("PNG", "P", (cards.WIDTH, cards.HEIGHT))
        assert im.getpalette()[: 3 * 16] == cards._PALETTE
        again = io.BytesIO()
        im.save(again, "PNG", bits=4)  # Pillow's own encoder reads back the same pixels
        with Image.open(again) as other:
            assert other.tobytes() == im.tobytes()
        assert set(im.tobytes()) <= set(range(16))
