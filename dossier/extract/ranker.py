"""The learned speaker ranker: a linear model over each candidate's features picks the source.

The weights are a JSON file in the package (``data/ranker.json``), trained on the PolNeAR train split
by ``benchmarks/train_ranker.py`` (a pairwise logistic regression: is this candidate rather than that
one of the same quotation the annotated source?). Scoring is a sum of weights in plain Python: no numpy or
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
        """The highest-scoring candidate (ties: the earlier one) and its share of the candidates'
        softmax (the model compares candidates of one quotation, so only score differences mean
        anything), or (None, 0)."""
        scores = [self.score(c.features) for c in cands]
        if not scores:
            return None, 0.0
        top = max(scores)
        return cands[scores.index(top)], 1.0 / sum(math.exp(max(-30.0, s - top)) for s in scores)


@cache
def shipped() -> Ranker:
    """The model that ships inside the package."""
    return Ranker.packaged(MODEL_FILE)
