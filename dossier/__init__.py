"""dossier: turn a folder of news articles into an annotated, cross-linked dossier site."""

__version__ = "0.1.0"
