"""Link stage: every article's extraction -> one ``Person`` per individual and one ``Quote`` per
statement across the dossier (``linker``), with the editor's curation (``curation`` loads
``dossier.yml``) and the quote-id registry (``registry``) as its input, not as passes after it.
"""

from .linker import link

__all__ = ["link"]
