"""Make a synthetic dossier of N articles from ../shared/corpus/polnear-train, deterministic from a seed.

Usage: .venv/bin/python benchmarks/synth.py OUT_DIR [-n 10000] [--seed 7] [--shared DIR]

Each synthetic article takes a real headline (its first block, kept intact) and the
paragraph structure of one real article, some of whose paragraphs are swapped for
paragraphs of other articles. A paragraph that leans on the one before it (a quote
opening it, a pronoun-led sentence, a colon lead-in) travels with it, so attributions
stay intact. The 840 articles hold only ~17k paragraphs, so a 10k dossier built from
whole paragraphs would print every quote a dozen times and collapse into the 840's
quotes; to keep statements distinct (as in a real 10k dossier), the words *inside* each
longer quotation are replaced by real quoted sentences from elsewhere in the corpus,
while the attribution around them (speaker, cue, punctuation) is left as printed.
Narrative sentences are likewise shuffled between paragraphs. About 10% of paragraphs
are then printed verbatim in 2-3 articles, so the linker has repeated statements to join.

Never write the output into the repository; it is derived from the shared corpus.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared"
CORPUS = Path("corpus") / "polnear-train"

# A paragraph that depends on its predecessor for its speaker or its sense.
_LEANS = re.compile(r"^(?:[“\"‘']|(?:He|She|They|His|Her|Their|It|That|This|But|And)\b)")
# Curly double quotes, or straight ones, with no quote mark of the other kind inside.
_QUOTED = re.compile(r"“([^“”\"]+)”|\"([^“”\"]+)\"")
# Sentence ends: .!? (optionally followed by a closing quote) then space and a capital or a quote.
_SENT_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"‘])")
MIN_PARAGRAPH_WORDS = 8  # shorter lines are mostly subheads, credits and boilerplate
MIN_SWAP_WORDS = 5  # shorter quotations (titles, scare quotes) stay as printed


@dataclass
class Source:
    name: str
    headline: str
    chunks: list[list[str]]  # groups of consecutive paragraphs that belong together


@dataclass
class Pools:
    sources: list[Source]
    chunks: list[list[str]]
    quoted: list[str]  # sentences printed inside quotation marks
    narrative: list[str]  # sentences of paragraphs without quotation marks


@dataclass
class Stats:
    articles: int = 0
    paragraphs: int = 0
    shared_paragraphs: int = 0  # printed in more than one article
    swapped_quotes: int = 0
    bytes: int = 0
    uses: Counter = field(default_factory=Counter)


def corpus_dir(shared: Path) -> Path:
    return shared / CORPUS


def source_paths(shared: Path, limit: int | None = None) -> list[Path]:
    paths = sorted(corpus_dir(shared).glob("*.txt"))
    return paths[:limit] if limit else paths


def corpus_or_skip(shared: Path, limit: int | None = None) -> list[Path]:
    """The corpus articles; when there are none, says the benchmark is skipped (its caller exits 0)."""
    paths = source_paths(shared, limit)
    if not paths:
        print(f"skipped: no articles under {corpus_dir(shared)} (the shared corpus is absent)")
    return paths


def copy_seeds(paths: list[Path], seeds: Path) -> Path:
    """A seeds folder holding copies of these articles."""
    seeds.mkdir(parents=True)
    for p in paths:
        shutil.copy2(p, seeds / p.name)
    return seeds


def _blocks(text: str) -> list[str]:
    return [b.strip() for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if b.strip()]


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENT_END.split(text) if s.strip()]


def _whole(sentence: str, words: int, ends: str) -> bool:
    """A sentence that can stand alone: capitalised, long enough, properly ended."""
    return sentence[:1].isupper() and len(sentence.split()) >= words and sentence[-1] in ends


def load_pools(paths: list[Path]) -> Pools:
    sources: list[Source] = []
    quoted: list[str] = []
    narrative: list[str] = []
    for p in paths:
        blocks = _blocks(p.read_text("utf-8", errors="replace"))
        if len(blocks) < 2:
            continue
        # One paragraph a line; a block of several lines is kept whole (headline + dek, lists).
        body = [b for b in blocks[1:] if len(b.split()) >= MIN_PARAGRAPH_WORDS]
        chunks: list[list[str]] = []
        for par in body:
            if chunks and (_LEANS.match(par) or chunks[-1][-1].rstrip().endswith(":")):
                chunks[-1].append(par)
            else:
                chunks.append([par])
            for m in _QUOTED.finditer(par):
                inner = (m.group(1) or m.group(2)).strip()
                quoted += [s for s in _sentences(inner) if _whole(s, 4, ".!?")]
            if not _QUOTED.search(par) and "“" not in par and '"' not in par:
                narrative += [s for s in _sentences(par) if _whole(s, 6, ".")]
        if chunks:
            sources.append(Source(p.stem, blocks[0], chunks))
    return Pools(sources, [c for s in sources for c in s.chunks], quoted, narrative)


def _swap_quotes(par: str, pools: Pools, rng: random.Random, stats: Stats) -> str:
    """Replace the words inside each longer quotation by as many real quoted sentences."""

    straight_ok = par.count('"') % 2 == 0  # an odd count: a quotation running on from another paragraph

    def repl(m: re.Match[str]) -> str:
        inner = m.group(1) if m.group(1) is not None else m.group(2)
        if m.group(1) is None and not straight_ok:
            return m.group(0)
        core = inner.rstrip()
        if len(core.split()) < MIN_SWAP_WORDS or not core[:1].isupper():
            return m.group(0)  # a title, a scare quote or a continuation fragment
        # Two sentences at least: a single pooled sentence would often recur verbatim across 10k articles.
        n = max(2, min(4, len(_sentences(core))))
        new = " ".join(rng.choice(pools.quoted) for _ in range(n))
        tail = core[-1] if core[-1] in ",.!?" else ""
        if tail == ",":  # “…,” he said: the quote continues the sentence
            new = new.rstrip(".!?") + ","
        elif not tail:
            new = new.rstrip(".!?")
        stats.swapped_quotes += 1
        open_, close = ("“", "”") if m.group(1) is not None else ('"', '"')
        return f"{open_}{new}{inner[len(core) :]}{close}"

    return _QUOTED.sub(repl, par)


def _vary(par: str, pools: Pools, rng: random.Random, stats: Stats) -> str:
    if _QUOTED.search(par):
        new = _swap_quotes(par, pools, rng, stats)
        if new != par:
            return new
        # Only short quotations: fall through, so the paragraph is not the same in every copy.
    sents = _sentences(par)
    if len(sents) < 2:
        return f"{par} {rng.choice(pools.narrative)}" if pools.narrative else par
    # Keep the first sentence (it names who the paragraph is about); shuffle in the rest.
    return " ".join(
        [sents[0]] + [rng.choice(pools.narrative) if rng.random() < 0.6 else s for s in sents[1:]]
    )


def synthesize(
    shared: Path,
    out: Path,
    n: int,
    seed: int = 7,
    share: float = 0.10,
    limit: int | None = None,
) -> Stats:
    """Write n synthetic articles (synth-00000_<source>.txt ...) into out; returns what was made."""
    pools = load_pools(source_paths(shared, limit))
    if not pools.sources:
        raise FileNotFoundError(f"no articles under {corpus_dir(shared)}")
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    stats = Stats()
    # Paragraphs waiting to be printed again: [text, uses left, articles that printed it].
    pending: list[list] = []
    register = share * 0.4  # ~4% registered for 1-2 more uses -> ~10% of paragraphs in shared groups
    for i in range(n):
        src = pools.sources[i % len(pools.sources)] if i < len(pools.sources) else rng.choice(pools.sources)
        paragraphs: list[str] = []
        for chunk in src.chunks:
            if rng.random() < 0.4:
                chunk = rng.choice(pools.chunks)
            for par in chunk:
                # The oldest waiting paragraph not already in this article.
                entry = next((p for p in pending[:3] if i not in p[2]), None)
                if entry and rng.random() < share * 0.6:
                    paragraphs.append(entry[0])
                    entry[2].add(i)
                    stats.uses[entry[0]] += 1
                    entry[1] -= 1
                    if entry[1] == 0:
                        pending.remove(entry)
                    continue
                text = _vary(par, pools, rng, stats)
                paragraphs.append(text)
                stats.uses[text] += 1
                if rng.random() < register:
                    pending.append([text, rng.choice((1, 2)), {i}])
        body = "\n\n".join([src.headline, *paragraphs]) + "\n"
        (out / f"synth-{i:05d}_{src.name[:40]}.txt").write_text(body, "utf-8")
        stats.articles += 1
        stats.paragraphs += len(paragraphs)
        stats.bytes += len(body.encode("utf-8"))
    stats.shared_paragraphs = sum(c for c in stats.uses.values() if c > 1)
    return stats


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, help="folder to write the synthetic seeds into (created)")
    ap.add_argument("-n", type=int, default=10_000, help="number of articles (default 10000)")
    ap.add_argument("--seed", type=int, default=7, help="random seed; the same seed gives the same files")
    ap.add_argument(
        "--share", type=float, default=0.10, help="fraction of paragraphs printed in 2-3 articles"
    )
    ap.add_argument("--limit", type=int, help="use only the first N corpus articles as material")
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    args = ap.parse_args(argv)
    if not corpus_or_skip(args.shared):
        return 0
    if args.out.resolve().is_relative_to(ROOT):
        print(f"error: {args.out} is inside the repository; write synthetic seeds elsewhere", file=sys.stderr)
        return 2
    s = synthesize(args.shared, args.out, args.n, args.seed, args.share, args.limit)
    rows = [
        ("articles", f"{s.articles:,}"),
        ("paragraphs", f"{s.paragraphs:,}"),
        ("shared paragraphs", f"{s.shared_paragraphs:,} ({s.shared_paragraphs / max(1, s.paragraphs):.1%})"),
        ("quotations re-worded", f"{s.swapped_quotes:,}"),
        ("text", f"{s.bytes / 1e6:.1f} MB"),
    ]
    for k, v in rows:
        print(f"{k:<24}{v:>18}")
    print(
        json.dumps(
            {
                "articles": s.articles,
                "paragraphs": s.paragraphs,
                "shared_paragraphs": s.shared_paragraphs,
                "shared_fraction": round(s.shared_paragraphs / max(1, s.paragraphs), 4),
                "swapped_quotes": s.swapped_quotes,
                "bytes": s.bytes,
                "seed": args.seed,
                "out": str(args.out),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
