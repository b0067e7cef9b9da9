"""Compile dossier/extract with mypyc into the virtual environment (scripts/setup.sh runs this).

Usage: .venv/bin/python scripts/compile_extract.py [--force]


The build goes to <venv>/dossier-compiled/ with the digest of the sources it was made from; the package
uses it only while that digest matches (dossier/extract/native.py), so an edit is never shadowed by a
stale build: until this runs again, extraction is pure Python. Does nothing when the build is current.
Needs mypy (the compile extra, pinned in constraints.txt), the setuptools every Python 3.11 venv has,
a C compiler and Python's headers; exits 1 when the build fails (extraction then stays pure Python).
The compiler's output goes to <venv>/dossier-compiled.log.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DOSSIER_PURE"] = "1"  # this process reads the sources; it never needs the old build

from dossier.extract.native import BUILD, DIGEST_FILE, compiled_sources, sources_digest  # noqa: E402


@contextmanager
def to_log(path: Path) -> Iterator[None]:
    """This process's and the compiler's output (both file descriptors, which gcc inherits) into path."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with path.open("wb") as fh:
        os.dup2(fh.fileno(), 1)
        os.dup2(fh.fileno(), 2)
        try:
            yield
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])


def build(into: Path, scratch: Path) -> None:
    """mypyc's C for the modules, compiled to extension modules under into/dossier/extract/."""
    from mypyc.build import mypycify
    from setuptools import setup

    paths = [str(p.relative_to(ROOT)) for p in compiled_sources()]
    os.chdir(ROOT)  # mypy names the modules from their paths and reads [tool.mypy] in pyproject.toml
    extensions = mypycify(
        ["--cache-dir", str(scratch / "mypy-cache"), *paths],
        opt_level="3",
        target_dir=str(scratch / "c"),
        # The shared library in the package too, not a top-level module on sys.path.
        group_name="dossier.extract.compiled",
    )
    setup(
        name="dossier-extract-compiled",
        ext_modules=extensions,
        script_args=["build_ext", "--build-lib", str(into), "--build-temp", str(scratch / "o")],
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--force", action="store_true", help="rebuild even when the build is current")
    args = ap.parse_args(argv)
    digest = sources_digest()
    stamp = BUILD / DIGEST_FILE
    if not args.force and stamp.is_file() and stamp.read_text(encoding="ascii").strip() == digest:
        print(f"compile_extract: {BUILD} is current")
        return 0
    fresh = BUILD.with_name(BUILD.name + ".new")
    log = BUILD.with_name(BUILD.name + ".log")
    shutil.rmtree(fresh, ignore_errors=True)
    print(f"compile_extract: compiling dossier/extract with mypyc (a minute or two; log: {log})", flush=True)
    with tempfile.TemporaryDirectory(prefix="dossier-compile-") as scratch:
        try:
            with to_log(log):
                build(fresh, Path(scratch))
        except (Exception, SystemExit) as e:  # setuptools reports a failed compiler as SystemExit
            shutil.rmtree(fresh, ignore_errors=True)
            print(
                f"compile_extract: build failed ({e!r}, see {log}); extraction stays pure Python",
                file=sys.stderr,
            )
            return 1
    if sources_digest() != digest:
        shutil.rmtree(fresh, ignore_errors=True)
        print("compile_extract: sources changed during the build; run it again", file=sys.stderr)
        return 1
    (fresh / DIGEST_FILE).write_text(digest + "\n", encoding="ascii")
    shutil.rmtree(BUILD, ignore_errors=True)
    fresh.rename(BUILD)
    print(f"compile_extract: built {len(compiled_sources())} modules into {BUILD}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
