"""The learned speaker ranker: a linear model over each candidate's features picks the source.

The weights are a JSON file in the package (``data/ranker.json``), trained on the PolNeAR train split
by ``benchmarks/train_ranker.py`` (logistic regression over (quotation, candidate) pairs: is this
candidate the annotated source?). Scoring is a sum of weights in plain Python: no numpy or
scikit-learn at run time.
"""

from __future__ import annotations

import math
from functools import cache

from .candidates import Candidate
from .linear import LinearModel

MODEL_FILE = "ranker.json"


class Ranker(LinearModel):
    def best(self, cands: list[Candidate]) -> tuple[Candidate | None, float]:
        """The highest-scoring candidate (ties: the earlier one) and its probability, or (None, 0)."""
        best, top = None, -math.inf
        for c in cands:
            s = self.score(c.features)
            if s > top:
                best, top = c, s
        if best is None:
            return None, 0.0
        return best, 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, top))))


@cache
def shipped() -> Ranker:
    """The model that ships inside the package."""
    return Ranker.packaged(MODEL_FILE)
