"""Pathological seeds, doubled from 50 KB to 800 KB (and 1 MiB): does every stage stay linear?

    .venv/bin/python benchmarks/pathological.py [--kinds dense,per-paragraph,...] [--max-kb 800]

Five shapes of input that made the build quadratic or worse (issue 18), generated here from
made-up words (deterministic, nothing read from ../shared):

- dense: one paragraph packed with short attributed quotes;
- per-paragraph: one quote in every paragraph;
- transcript: a long interview transcript, SPEAKER: line after line, quotes inside;
- capitalised: runs of capitalised words (name-like) with quotes between them;
- nested: quotes inside quotes inside quotes.

Each size is built from scratch by ``dossier build`` in a fresh interpreter; the table gives
wall seconds, CPU seconds (the build and its render workers), peak memory (the build process and its render workers), the bytes written
into docs/ over the seed's size, and each doubling's CPU-time ratio (wall time on a shared
machine mostly measures the neighbours). Targets (issue 18): each
doubling at most 2.3x the time; 1 MiB builds in at most 10 s and 500 MB, writing at most
20x its size into docs/. The last line of stdout is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SYLLABLES = [
    "ba",
    "be",
    "bi",
    "bo",
    "bu",
    "da",
    "de",
    "di",
    "do",
    "du",
    "ka",
    "ke",
    "ki",
    "ko",
    "ku",
    "la",
    "le",
    "li",
    "lo",
    "lu",
    "ma",
    "me",
    "mi",
    "mo",
    "mu",
    "na",
    "ne",
    "ni",
    "no",
    "nu",
    "ra",
    "re",
    "ri",
    "ro",
    "ru",
    "sa",
    "se",
    "si",
    "so",
    "su",
    "ta",
    "te",
    "ti",
    "to",
    "tu",
    "va",
    "ve",
    "vi",
    "vo",
    "vu",
]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3)))


def _words(rng: random.Random, n: int) -> str:
    return " ".join(_word(rng) for _ in range(n))


def _name(rng: random.Random) -> str:
    return f"{_word(rng).capitalize()} {_word(rng).capitalize()}"


def _quote(rng: random.Random, names: list[str]) -> str:
    return f"“{_words(rng, rng.randint(4, 12)).capitalize()},” said {rng.choice(names)}."


def dense(rng: random.Random, size: int, names: list[str]) -> str:
    parts, n = [], 0
    while n < size:
        part = _quote(rng, names)
        parts.append(part)
        n += len(part.encode()) + 1
    return "Headline of the dense piece\n\n" + " ".join(parts) + "\n"


def per_paragraph(rng: random.Random, size: int, names: list[str]) -> str:
    parts, n = [], 0
    while n < size:
        part = f"{_words(rng, 8).capitalize()}. {_quote(rng, names)} {_words(rng, 6).capitalize()}."
        parts.append(part)
        n += len(part.encode()) + 2
    return "Headline of the long piece\n\n" + "\n\n".join(parts) + "\n"


def transcript(rng: random.Random, size: int, names: list[str]) -> str:
    parts, n = [], 0
    while n < size:
        who = rng.choice(names).split()[1].upper()
        part = f"{who}: {_words(rng, 20).capitalize()}. He told me, “{_words(rng, 6)}.” {_words(rng, 10)}."
        parts.append(part)
        n += len(part.encode()) + 1
    return "Transcript of the hearing\n\n" + "\n".join(parts) + "\n"


def capitalised(rng: random.Random, size: int, names: list[str]) -> str:
    parts, n = [], 0
    while n < size:
        run = " ".join(_word(rng).capitalize() for _ in range(rng.randint(5, 30)))
        part = f"{run} {_quote(rng, names)}"
        parts.append(part)
        n += len(part.encode()) + 2
    return "Capitals Of The Record\n\n" + "\n\n".join(parts) + "\n"


def nested(rng: random.Random, size: int, names: list[str]) -> str:
    parts, n = [], 0
    while n < size:
        inner = f"‘{_words(rng, 4)} “{_words(rng, 3)} ‘{_words(rng, 2)}’ {_words(rng, 3)}” {_words(rng, 4)}’"
        part = f"“{_words(rng, 5).capitalize()} {inner} {_words(rng, 5)},” said {rng.choice(names)}."
        parts.append(part)
        n += len(part.encode()) + 2
    return "Nested quotes\n\n" + "\n\n".join(parts) + "\n"


KINDS: dict[str, Callable[[random.Random, int, list[str]], str]] = {
    "dense": dense,
    "per-paragraph": per_paragraph,
    "transcript": transcript,
    "capitalised": capitalised,
    "nested": nested,
}


def make_seed(kind: str, size: int) -> bytes:
    rng = random.Random(f"{kind}-{size}")
    names = [_name(rng) for _ in range(40)]
    data = KINDS[kind](rng, size, names).encode("utf-8")
    if len(data) >= size:  # cut at the last space before the size: 1 MiB is the seed cap
        data = data[: data.rfind(b" ", 0, size - 1)] + b"\n"
    return data


# The build runs in a fresh interpreter reporting its own peak RSS and its children's (the
# render's forked workers); RUSAGE_CHILDREN here would give the maximum over every run so far.
CHILD = (
    "import resource, sys; from dossier.cli import main; code = main(['build']); "
    "s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN); "
    "print(f'PEAK_KB={s.ru_maxrss} {c.ru_maxrss} {s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime}'); "
    "sys.exit(code)"
)


def run_one(kind: str, size: int, timeout: float) -> dict:
    with tempfile.TemporaryDirectory(prefix="dossier-patho-") as tmp:
        project = Path(tmp)
        (project / "seeds").mkdir()
        seed = make_seed(kind, size)
        (project / "seeds" / f"{kind}.txt").write_bytes(seed)
        t0 = time.perf_counter()
        try:
            run = subprocess.run(
                [sys.executable, "-c", CHILD], cwd=project, capture_output=True, text=True, timeout=timeout
            )
        except subprocess.TimeoutExpired:
            return {"kind": kind, "kb": size // 1024, "seconds": None, "timeout": timeout}
        seconds = time.perf_counter() - t0
        own, children, cpu = run.stdout.rsplit("PEAK_KB=", 1)[1].split()[:3]
        # Share cards (docs/cards/) are images of a fixed size per quote, not text that grows
        # with the seed: left out of the ratio.
        docs = sum(
            f.stat().st_size
            for f in (project / "docs").rglob("*")
            if f.is_file() and f.relative_to(project / "docs").parts[0] != "cards"
        )
        shutil.rmtree(project / "docs", ignore_errors=True)
        return {
            "kind": kind,
            "kb": size // 1024,
            "seed_bytes": len(seed),
            "seconds": round(seconds, 2),
            "cpu_seconds": round(float(cpu), 2),
            "peak_mb": round(max(int(own), int(children)) / 1024),
            "docs_ratio": round(docs / len(seed), 1),
            "exit": run.returncode,
            "error": run.stderr.strip().splitlines()[-1] if run.returncode else "",
        }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kinds", default=",".join(KINDS), help="comma-separated: " + ", ".join(KINDS))
    ap.add_argument("--max-kb", type=int, default=800, help="largest doubled size (default 800)")
    ap.add_argument("--no-mib", action="store_true", help="skip the 1 MiB run")
    ap.add_argument("--timeout", type=float, default=300, help="seconds before a run is abandoned")
    args = ap.parse_args()
    sizes = []
    kb = 50
    while kb <= args.max_kb:
        sizes.append(kb * 1024)
        kb *= 2
    if not args.no_mib:
        sizes.append(1024 * 1024)
    rows: list[dict] = []
    print(
        f"{'kind':<14} {'size':>7} {'seconds':>8} {'cpu s':>7} {'x prev':>7} {'peak MB':>8} {'docs/seed':>9}  note"
    )
    for kind in args.kinds.split(","):
        prev = None
        for size in sizes:
            row = run_one(kind, size, args.timeout)
            rows.append(row)
            if row["seconds"] is None:
                print(f"{kind:<14} {size // 1024:>5}KB  timeout after {args.timeout:.0f} s")
                break
            ratio = ""
            if prev and row["kb"] == 2 * prev["kb"]:
                # CPU time: on a shared machine, wall time mostly measures the neighbours.
                row["doubling"] = round(row["cpu_seconds"] / max(prev["cpu_seconds"], 0.01), 2)
                ratio = f"{row['doubling']:.2f}"
            note = row["error"][:60] if row["exit"] else ""
            print(
                f"{kind:<14} {row['kb']:>5}KB {row['seconds']:>8.2f} {row['cpu_seconds']:>7.2f} {ratio:>7} "
                f"{row['peak_mb']:>8} "
                f"{row['docs_ratio']:>9}  {note}",
                flush=True,
            )
            prev = row
    mib = [r for r in rows if r["kb"] == 1024 and r["seconds"] is not None]
    verdict = {
        "mib_cpu_seconds_max": max((r["cpu_seconds"] for r in mib), default=None),
        "doubling_max": max((r["doubling"] for r in rows if "doubling" in r), default=None),
        "mib_seconds_max": max((r["seconds"] for r in mib), default=None),
        "mib_peak_mb_max": max((r["peak_mb"] for r in mib), default=None),
        "mib_docs_ratio_max": max((r["docs_ratio"] for r in mib), default=None),
    }
    print(
        f"targets: doubling <= 2.3x CPU time (worst {verdict['doubling_max']}); 1 MiB <= 10 s "
        f"(worst {verdict['mib_seconds_max']} wall, {verdict['mib_cpu_seconds_max']} CPU), "
        f"<= 500 MB (worst {verdict['mib_peak_mb_max']}), "
        f"docs <= 20x (worst {verdict['mib_docs_ratio_max']})"
    )
    print(json.dumps({"rows": rows, **verdict}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
