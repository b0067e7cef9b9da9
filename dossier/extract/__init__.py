"""Extract stage: an Article -> its people and its direct quotations with speakers.

Steps, one module each (BBC R&D's citron is the model: cue -> content -> source -> coreference):
``quotes`` (quotation marks and content spans), ``cues`` (speech verbs and phrases, media words),
``mentions`` (people named in the text), ``sources`` (sentences and the noun phrases next to a cue),
``candidates`` (every possible source of a quote, with features), ``ranker`` (the learned model that
picks one), ``resolve`` (the chosen mention -> a person, an organisation or a description), and
``pipeline`` which runs them in order. Word lists are data files in ``data/``, loaded by ``lexicon``.
"""

from .native import use_compiled

# Before any other module of the package loads: the mypyc build when it is current (native.py).
COMPILED = use_compiled(__path__)

from .pipeline import extract, quote_record  # noqa: E402
from .quotes import count_words  # noqa: E402

__all__ = ["COMPILED", "count_words", "extract", "quote_record"]
