"""How the site is published, as far as the generated files show it (a build input)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SiteOptions:
    """How the site is published, as far as the generated files show it."""

    cards: bool = True  # a share card per quote and person page (dossier.cards)
    site_url: str | None = None  # where the site is published: absolute URLs in feeds and citations
    name: str = "Dossier"  # the site's name (feed titles)
    # The project's page templates (templates/ beside mkdocs.yml), overriding the package's by
    # file name (dossier.write.templates); None: the package's only.
    templates: Path | None = None
