"""How the site is published, as far as the generated files show it (a build input)."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

# The package's page templates (dossier.write.templates renders them).
PACKAGE_TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class SiteOptions:
    """How the site is published, as far as the generated files show it."""

    cards: bool = True  # a share card per quote and person page (dossier.cards)
    site_url: str | None = None  # where the site is published: absolute URLs in feeds and citations
    name: str = "Dossier"  # the site's name (feed titles)
    # The project's page templates (templates/ beside mkdocs.yml), overriding the package's by
    # file name (dossier.write.templates); None: the package's only.
    templates: Path | None = None


def template_files(folder: Path | None) -> dict[str, Path]:
    """Template name -> the file it is read from: the project's folder wins over the package's."""
    found: dict[str, Path] = {}
    for root in (PACKAGE_TEMPLATES, folder):
        if root is None or not root.is_dir():
            continue
        for dirpath, _, files in os.walk(root):
            for name in files:
                path = Path(dirpath) / name
                found[path.relative_to(root).as_posix()] = path
    return found


def templates_digest(folder: Path | None) -> str:
    """A hash of the templates a build with this project folder renders with (names and bytes):
    here, not in dossier.write, so a build with nothing to do can check it without importing that."""
    h = hashlib.sha256()
    for name, path in sorted(template_files(folder).items()):
        h.update(f"{name}\0".encode())
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()
