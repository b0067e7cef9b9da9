"""A share card's PNG image data: rows of one colour across are deflated once, not per card.

Most of a card's 630 rows are plain paper or plain footer band (60% on the 840's cards), and
compressing them was most of zlib's work, itself the largest part of a card's time. A deflate
stream may be made of pieces that each end on a full flush (byte-aligned, no reference to data
before it), so a run of ``n`` identical plain rows is deflated once per (colour, ``n``) and its
bytes reused; the rows with ink are deflated per card. The zlib wrapper's checksum (Adler-32) of
the whole is combined from the pieces'. The pixels decode the same as one ``zlib.compress``.
"""

from __future__ import annotations

import zlib
from functools import cache

_BASE = 65521  # Adler-32's modulus
_HEAD = b"\x78\x01"  # zlib header: deflate, 32 KB window, fastest level
_LAST = b"\x03\x00"  # an empty final block (fixed codes): every piece before it ends on a flush
_LEVEL = 1  # zlib level of the ink rows (level 6: a fifth smaller, three times slower)
_RUN = 8  # fewer plain rows than this between ink rows are deflated with them (a flush each)


def adler32_combine(first: int, second: int, second_len: int) -> int:
    """Adler-32 of two byte strings one after the other, from each one's and the second's length."""
    low = ((first & 0xFFFF) + (second & 0xFFFF) - 1) % _BASE
    high = ((first >> 16) + (second >> 16) + (second_len % _BASE) * ((first & 0xFFFF) - 1)) % _BASE
    return (high << 16) | low


@cache
def _plain_rows(byte: int, stride: int, count: int) -> tuple[bytes, int, int]:
    """``count`` unfiltered rows of ``stride`` bytes all ``byte``: raw deflate ending on a full
    flush, their Adler-32 and length."""
    data = (b"\0" + bytes((byte,)) * stride) * count
    c = zlib.compressobj(_LEVEL, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush(zlib.Z_FULL_FLUSH), zlib.adler32(data), len(data)


@cache
def _plain_row(byte: int, stride: int) -> bytes:
    return bytes((byte,)) * stride


def image_data(packed: bytes, stride: int) -> bytes:
    """The zlib stream of a PNG's IDAT for ``packed`` rows of ``stride`` bytes, each row filtered
    with type 0 (none, what the PNG standard advises for palette images)."""
    c = zlib.compressobj(_LEVEL, zlib.DEFLATED, -15)
    out = [_HEAD]
    adler = 1
    end = len(packed)
    ink_from = at = 0  # rows from ink_from up to `at` have ink and are not yet deflated
    while at < end:
        byte = packed[at]
        plain = _plain_row(byte, stride)
        if not packed.startswith(plain, at):
            at += stride
            continue
        run_end = at + stride
        while run_end < end and packed.startswith(plain, run_end):
            run_end += stride
        if run_end - at < _RUN * stride:
            at = run_end
            continue
        if ink_from < at:
            adler = _deflate_rows(c, packed, ink_from, at, stride, out, adler)
        piece, piece_adler, piece_len = _plain_rows(byte, stride, (run_end - at) // stride)
        out.append(piece)
        adler = adler32_combine(adler, piece_adler, piece_len)
        ink_from = at = run_end
    if ink_from < end:
        adler = _deflate_rows(c, packed, ink_from, end, stride, out, adler)
    out += (_LAST, adler.to_bytes(4, "big"))
    return b"".join(out)


def _deflate_rows(c, packed: bytes, start: int, end: int, stride: int, out: list[bytes], adler: int) -> int:
    """Deflate rows start..end (byte offsets) onto ``out`` up to a full flush; the new Adler-32."""
    rows = b"\0" + b"\0".join([packed[i : i + stride] for i in range(start, end, stride)])
    out += (c.compress(rows), c.flush(zlib.Z_FULL_FLUSH))
    return zlib.adler32(rows, adler)
