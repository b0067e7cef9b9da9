"""Publish stage: the project's build as the CLI and MkDocs run it (``build``), the MkDocs plugin
(``plugin``), writing generated files safely into docs/ (``output``), the caches that spare work
between builds (``cache`` for extractions, ``incremental`` for pages), and ``dossier new``
(``scaffold``).
"""
