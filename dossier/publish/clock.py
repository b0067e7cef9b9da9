"""Wall seconds per stage of a build (BuildResult.timings; benchmarks print them)."""

from __future__ import annotations

import time


class Clock:
    """Wall seconds between calls, by name."""

    def __init__(self) -> None:
        self.times: dict[str, float] = {}
        self._last = time.perf_counter()

    def __call__(self, stage: str) -> None:
        now = time.perf_counter()
        self.times[stage] = round(now - self._last, 4)
        self._last = now
