"""Read stage: a seed file -> ``Article`` (raw text, paragraphs with offsets and kinds, metadata, dates).

``article`` finds and reads seeds, ``metadata`` classifies paragraphs and finds the byline and date,
``dates`` parses dates, ``html`` turns a saved web page into seed text, ``add`` files new seeds.
"""

from .article import find_seeds, read_article

__all__ = ["find_seeds", "read_article"]
