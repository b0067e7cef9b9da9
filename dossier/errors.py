"""User-facing errors: each names the file (and line, when known) it is about."""

from __future__ import annotations


class DossierError(Exception):
    """An error caused by the user's input; printed as one line, never a traceback."""


class SeedError(DossierError):
    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")
