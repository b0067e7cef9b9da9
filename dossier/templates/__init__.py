"""The package's page templates (the ``*.md`` files here; dossier.write.templates renders them),
and which file each template name is read from once a project's own folder overrides some.

Kept apart from dossier.write so that a build with nothing to do can hash the templates without
importing the write stage.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

FOLDER = Path(__file__).resolve().parent


def project_templates(project: Path) -> Path:
    """A project's own page templates: the templates/ folder beside its mkdocs.yml (the CLI and
    the MkDocs plugin both look there)."""
    return project.resolve() / "templates"


def template_files(project: Path | None) -> dict[str, Path]:
    """Template name -> the file it is read from: the project's folder wins over the package's."""
    found: dict[str, Path] = {}
    for root in (FOLDER, project):
        if root is None or not root.is_dir():
            continue
        for dirpath, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if d != "__pycache__"]
            for name in files:
                if root is FOLDER and name.endswith(".py"):
                    continue  # this module
                path = Path(dirpath) / name
                found[path.relative_to(root).as_posix()] = path
    return found


def templates_digest(project: Path | None) -> str:
    """A hash of the templates a build with this project folder renders with (names and bytes)."""
    h = hashlib.sha256()
    for name, path in sorted(template_files(project).items()):
        h.update(f"{name}\0".encode())
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()
