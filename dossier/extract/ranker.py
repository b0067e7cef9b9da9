"""The learned speaker ranker: a linear model over each candidate's features picks the source.

The weights are a JSON file in the package (``data/ranker.json``), trained on the PolNeAR train split
by ``benchmarks/train_ranker.py`` (logistic regression over (quotation, candidate) pairs: is this
candidate the annotated source?). Scoring is a sum of weights in plain Python: no numpy or
scikit-learn at run time.
"""

from __future__ import annotations

import json
import math
from functools import cache
from importlib.resources import files
from itertools import repeat

from .candidates import Candidate

MODEL_FILE = "ranker.json"


class Ranker:
    def __init__(self, weights: dict[str, float], bias: float = 0.0) -> None:
        self.weights = weights
        self.bias = bias

    def score(self, features: list[str]) -> float:
        # Features must come in a fixed order (a float sum depends on it): candidates.featurise
        # lists them from sorted tags, never from a set.
        return self.bias + sum(map(self.weights.get, features, repeat(0.0)))

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

    def to_json(self) -> str:
        """Deterministic bytes: sorted features, weights rounded to 6 decimals, zero weights dropped."""
        weights = {k: round(v, 6) for k, v in sorted(self.weights.items()) if round(v, 6) != 0.0}
        return json.dumps({"bias": round(self.bias, 6), "weights": weights}, indent=0, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Ranker:
        data = json.loads(text)
        return cls(dict(data["weights"]), float(data.get("bias", 0.0)))


@cache
def shipped() -> Ranker:
    """The model that ships inside the package."""
    return Ranker.from_json((files(__package__) / "data" / MODEL_FILE).read_text(encoding="utf-8"))
