"""How the site is published, as far as the generated files show it (a build input)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SiteOptions:
    """How the site is published, as far as the generated files show it."""

    cards: bool = True  # a share card per quote and person page (dossier.cards)
    site_url: str | None = None  # where the site is published: absolute URLs in feeds and citations
    name: str = "Dossier"  # the site's name (feed titles)
