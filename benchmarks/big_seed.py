"""Peak memory of a build that meets a 50 MB seed, and the cost of the largest seed accepted.

    .venv/bin/python benchmarks/big_seed.py [--mb 50] [--cap-seed]

Generates the files in a temp dir (never committed). Policy (dossier/read/article.py): one article
is at most MAX_ARTICLE_BYTES (1 MiB); a bigger seed is refused from its size before a byte
is read, so a build meeting a 50 MB seed stays at the memory of the other seeds. With
--cap-seed it also times read + extract of a seed just under the cap.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def demo_text() -> str:
    return "\n\n".join(p.read_text("utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))


def write_big(path: Path, size: int) -> None:
    chunk = demo_text().encode("utf-8")
    with path.open("wb") as fh:
        written = 0
        while written < size:
            fh.write(chunk)
            written += len(chunk)


# The build runs in a fresh interpreter that reports its own peak RSS (RUSAGE_CHILDREN would
# give the maximum over every child so far).
CHILD = (
    "import resource, sys; from dossier.cli import main; code = main(['build']); "
    "print(f'PEAK_KB={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}'); sys.exit(code)"
)


def child_build(cwd: Path) -> tuple[float, int, float, list[str]]:
    """Run `dossier build` in cwd; return (peak RSS in MB, exit code, seconds, last stderr lines)."""
    t0 = time.perf_counter()
    run = subprocess.run([sys.executable, "-c", CHILD], cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    peak = int(run.stdout.rsplit("PEAK_KB=", 1)[1].split()[0]) / 1024
    return peak, run.returncode, seconds, run.stderr.strip().splitlines()[-2:]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=50, help="size of the big seed (default 50)")
    ap.add_argument("--cap-seed", action="store_true", help="also time read+extract of a seed at the cap")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        shutil.copytree(ROOT / "seeds", project / "seeds")
        base_mb, code, secs, _ = child_build(project)
        print(f"demo build (2 seeds): peak RSS {base_mb:.0f} MB, {secs:.1f} s, exit {code}")
        write_big(project / "seeds" / "big.txt", int(args.mb * 1024 * 1024))
        shutil.rmtree(project / "docs")
        peak, code, secs, tail = child_build(project)
        print(f"build with a {args.mb:.0f} MB seed: peak RSS {peak:.0f} MB, {secs:.1f} s, exit {code}")
        for line in tail:
            print("   ", line)
    if args.cap_seed:
        from dossier.extract import extract
        from dossier.read.article import MAX_ARTICLE_BYTES, read_text

        text = (demo_text() * (MAX_ARTICLE_BYTES // len(demo_text()) + 1))[: MAX_ARTICLE_BYTES - 1024]
        t0 = time.perf_counter()
        article = read_text(text, "cap")
        t1 = time.perf_counter()
        ex = extract(article)
        t2 = time.perf_counter()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"seed at the cap ({len(text) / 1024:.0f} KB): read {t1 - t0:.1f} s, extract {t2 - t1:.1f} s, "
            f"{len(ex.quotes)} quotes, peak RSS {rss:.0f} MB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
