"""Slugs: short, readable, file-system-safe names that can never leave their folder."""

from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_SLUG = 60
# Names Windows refuses as file names, whatever the extension.
RESERVED = (
    {"con", "prn", "aux", "nul", "index", "tags", "search"}
    | {f"com{i}" for i in range(10)}
    | {f"lpt{i}" for i in range(10)}
)


def slugify(text: str, fallback: str = "item", max_len: int = MAX_SLUG) -> str:
    """ASCII lowercase words joined by '-', cut at a word boundary; never empty, never a path."""
    norm = unicodedata.normalize("NFKD", text)
    ascii_text = norm.encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", ascii_text.replace("'", "").replace("\u2019", ""))
    slug = ""
    for w in words:
        candidate = f"{slug}-{w}" if slug else w
        if len(candidate) > max_len:
            break
        slug = candidate
    if not slug and words:
        slug = words[0][:max_len]
    if not slug:
        # Nothing ASCII survived (emoji, RTL script): a short stable hash keeps it unique.
        digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        slug = f"{fallback}-{digest}"
    if slug in RESERVED:
        slug = f"{slug}-{fallback}"
    return slug


def unique(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... the first not in ``taken``, which records it.

    The one uniquifier of the package: person ids, quote ids (after the registry kept its
    own) and article slugs all come from it, so a clash is always resolved the same way.
    Slugs are lowercase, so file systems that fold case can't make two of them clash.
    """
    new, n = base, 2
    while new in taken:
        new, n = f"{base}-{n}", n + 1
    taken.add(new)
    return new


def unique_slugs(names: list[tuple[str, str]], fallback: str = "item") -> dict[str, str]:
    """Map each key to a unique slug made from its text, in the given (deterministic) order."""
    taken: set[str] = set()
    return {key: unique(slugify(text, fallback), taken) for key, text in names}
