"""Read stage: a seed file -> ``Article`` (raw text, paragraphs with offsets and kinds, metadata, dates).

``seeds`` finds seeds, ``article`` reads them, ``metadata`` classifies paragraphs and finds the byline
and date, ``dates`` parses dates, ``html`` turns a saved web page into seed text, ``add`` files new seeds.
"""

from __future__ import annotations

from typing import Any

__all__ = ["find_seeds", "read_article"]


def __getattr__(name: str) -> Any:
    # Imported on first use: a build that only lists seeds (the no-change path imports
    # dossier.read.seeds) does not pay for the reader's YAML and date rules.
    if name in __all__:
        from . import article

        return getattr(article, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
