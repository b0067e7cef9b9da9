"""A card's image data made of pieces (plain rows deflated once): the same rows, a valid stream."""

from __future__ import annotations

import random
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.write import card_image as cards
from dossier.write import card_png


def _filtered(packed: bytes, stride: int) -> bytes:
    return b"".join(b"\0" + packed[i : i + stride] for i in range(0, len(packed), stride))


@given(st.binary(max_size=3000), st.binary(max_size=3000))
def test_adler32_combine_is_adler32_of_the_concatenation(a: bytes, b: bytes) -> None:
    assert card_png.adler32_combine(zlib.adler32(a), zlib.adler32(b), len(b)) == zlib.adler32(a + b)


def test_adler32_combine_past_the_modulus() -> None:
    a, b = bytes(range(256)) * 300, b"\xff" * 200_000  # lengths and sums beyond 65521
    assert card_png.adler32_combine(zlib.adler32(a), zlib.adler32(b), len(b)) == zlib.adler32(a + b)


# Images as a list of rows: ("plain", colour byte, count) or ("ink", count).
ROWS = st.lists(
    st.one_of(
        st.tuples(st.just("plain"), st.sampled_from([0x00, 0x88, 0x07]), st.integers(1, 40)),
        st.tuples(st.just("ink"), st.integers(1, 12)),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(ROWS, st.sampled_from([1, 3, 600]), st.randoms(use_true_random=False))
def test_image_data_inflates_to_the_filtered_rows(spec, stride: int, rnd: random.Random) -> None:
    rows = []
    for part in spec:
        if part[0] == "plain":
            rows += [bytes((part[1],)) * stride] * part[2]
        else:
            for _ in range(part[1]):
                row = bytes(rnd.choice((0, 0, 0, 0x17, 0x70, 0x77)) for _ in range(stride))
                rows.append(row)
    packed = b"".join(rows)
    data = card_png.image_data(packed, stride)
    d = zlib.decompressobj()
    assert d.decompress(data) == _filtered(packed, stride)
    assert d.eof and not d.unused_data  # one whole zlib stream, its checksum verified


@pytest.mark.parametrize("kind", ["quote", "person"])
def test_a_card_inflates_to_the_rows_it_was_drawn_with(kind: str) -> None:
    card = cards.Card(kind, "Plain rows above, between and below these words.", "A Name", "1 May 2019")
    seen = []
    encode = cards._png
    try:
        cards._png = lambda im: (seen.append(im), encode(im))[1]
        png = cards.draw(card)
    finally:
        cards._png = encode
    packed = seen[0].tobytes("raw", "P;4")
    start = png.index(b"IDAT") + 4
    length = int.from_bytes(png[start - 8 : start - 4], "big")
    assert zlib.decompress(png[start : start + length]) == _filtered(packed, (cards.WIDTH + 1) // 2)
    # Most rows are plain and come from the pieces deflated once: the card is no larger for it.
    assert length < len(zlib.compress(_filtered(packed, (cards.WIDTH + 1) // 2), 1)) * 1.05
