"""Link stage: every article's extraction -> one ``Person`` per individual and one ``Quote`` per
statement across the dossier (``linker``), with the editor's curation (``curation`` loads
``dossier.yml``, ``curate`` applies it, ``anchors`` finds the words it points at) and permanent
quote ids (``registry``, ``slugs``).
"""

from .linker import link

__all__ = ["link"]
