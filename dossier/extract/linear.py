"""A linear model over sparse string features, as both learned parts of extraction use it (the
speaker ranker, the antecedent ranker): a sum of weights in plain Python, stored as JSON in the
package's data folder, written with deterministic bytes so retraining on the same data changes
nothing."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Self


class LinearModel:
    def __init__(self, weights: dict[str, float], bias: float = 0.0) -> None:
        self.weights = weights
        self.bias = bias

    def score(self, features: list[str]) -> float:
        # A typed loop (compiled to dict look-ups on unboxed floats), adding in the order sum() did.
        weights = self.weights
        total = 0.0
        for f in features:
            total += weights.get(f, 0.0)
        return self.bias + total

    def to_json(self) -> str:
        """Deterministic bytes: sorted features, weights rounded to 6 decimals, zero weights dropped."""
        weights = {k: round(v, 6) for k, v in sorted(self.weights.items()) if round(v, 6) != 0.0}
        return json.dumps({"bias": round(self.bias, 6), "weights": weights}, indent=0, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Self:
        data = json.loads(text)
        return cls(dict(data["weights"]), float(data.get("bias", 0.0)))

    @classmethod
    def packaged(cls, name: str) -> Self:
        """The model shipped as data/<name> inside this package."""
        return cls.from_json((files(__package__) / "data" / name).read_text(encoding="utf-8"))
