"""Searching for the word right before a position, with patterns anchored at it ("…$").

``rx.search(text, pos - 30, pos)`` tries every start in the 30 characters, each running to ``pos``:
most of the cost of the few regexes that read the word before a mention or a candidate.
"""

from __future__ import annotations

import re


def search_before(rx: re.Pattern, text: str, pos: int, reach: int, near: int = 12) -> re.Match | None:
    """``rx.search(text, max(0, pos - reach), pos)``, the last ``near`` characters searched first. For
    patterns anchored at pos whose match is a run of one class of characters, then others that are not
    of it (a word, then a comma or spaces): a match starting before the last ``near`` characters runs on
    into them, so the search there finds one starting at their first character, or none. Any other
    match found there is the answer; in those two cases the whole reach is searched."""
    lo = max(0, pos - reach)
    cut = pos - near
    if cut > lo:
        m = rx.search(text, cut, pos)
        if m is not None and m.start() > cut:
            return m
    return rx.search(text, lo, pos)
