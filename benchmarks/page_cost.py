"""Issue 19, part 3: where each page's time goes in `mkdocs build`, ours beside a bare site.

Usage: .venv/bin/python benchmarks/page_cost.py CASE [--bare] [--repeat N] [--json]
       .venv/bin/python benchmarks/page_cost.py CASE --serve-edit [--rounds N] [--json]

CASE is a folder holding a built dossier's ``docs/`` (e.g. ``build_bench.py --workdir CASE --keep``,
or ``dossier build --docs CASE/docs``). The script writes the project's mkdocs.yml pointed at it
(as build_bench does: the dossier plugin decorating pages, not building), then runs `mkdocs build`
in this process with CPU timers (``time.process_time``) around each step MkDocs takes per page:
reading the source and its front matter, each plugin's page events, Markdown, the theme's
template render, writing; and around the steps taken once (collecting files, the nav, static
files, post-build). With ``--bare`` it does the same for a bare site with one plain page at the
path of every generated page (build_bench.bare_site), side by side: each site is built in a
forked process of its own, both at once. Prints milliseconds of CPU per page, per
step, and one JSON line with ``--json``. No profiler: the figures are the build's own cost (the
timers themselves add ≈ 1 µs per call). The best of ``--repeat`` builds is kept, step by step.

With ``--serve-edit`` (CASE also holds the dossier's ``seeds/``) it times what `dossier serve` does
after an edit instead: in this process, as `mkdocs serve --dirty` runs it (the config read again,
the plugin building, its docs/ watch in place), a first whole build, then ``--rounds`` rebuilds each
after one seed gets build_bench's serve sentence appended or taken off again; the same timers,
CPU seconds of each rebuild by step.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build_bench  # noqa: E402

# Steps timed once per build (module, function) and per page; names as printed.
ONCE = {
    "collect files": ("mkdocs.commands.build", "get_files"),
    "nav": ("mkdocs.commands.build", "get_navigation"),
}
PAGE_METHODS = {
    "read source + front matter": ("mkdocs.structure.pages", "Page", "read_source"),
    "Markdown": ("mkdocs.structure.pages", "Page", "render"),
    "template context": ("mkdocs.commands.build", None, "get_context"),
    "write file": ("mkdocs.utils", None, "write_file"),
}


class Timers:
    def __init__(self) -> None:
        self.cpu: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._stack: list[str] = []

    @contextmanager
    def step(self, name: str):
        # Nested steps are charged to the innermost only: the outer one's clock pauses.
        t = time.process_time()
        if self._stack:
            self.cpu[self._stack[-1]] += t
        self._stack.append(name)
        try:
            yield
        finally:
            t2 = time.process_time()
            self.cpu[name] += t2 - t
            self.calls[name] += 1
            self._stack.pop()
            if self._stack:
                self.cpu[self._stack[-1]] -= t2

    def wrap(self, name: str, fn):
        def timed(*args, **kwargs):
            with self.step(name):
                return fn(*args, **kwargs)

        return timed


def instrument(timers: Timers) -> list:
    """Patch MkDocs' steps with timers; returns (owner, attribute, original) to undo it."""
    import importlib

    import jinja2
    import mkdocs.commands.build as build_mod
    from mkdocs.plugins import PluginCollection

    undo = []

    def patch(owner, attr: str, name: str) -> None:
        orig = getattr(owner, attr)
        undo.append((owner, attr, orig))
        setattr(owner, attr, timers.wrap(name, orig))

    for name, (mod, fn) in ONCE.items():
        patch(importlib.import_module(mod), fn, name)
    for name, (mod, cls, fn) in PAGE_METHODS.items():
        owner = importlib.import_module(mod)
        if cls:
            owner = getattr(owner, cls)
        patch(owner, fn, name)  # build.py calls these through the module or class: patched there
    patch(jinja2.Template, "render", "theme templates")
    patch(build_mod.Files, "copy_static_files", "copy static files")

    orig_run = PluginCollection.run_event

    def run_event(self, name, item=None, **kwargs):
        # Time each plugin's method of the event under "plugin: event".
        pass_item = item is not None
        for method in self.events[name]:
            origin = self._event_origins.get(method, "?")
            with timers.step(f"{origin}: {name}"):
                result = method(item, **kwargs) if pass_item else method(**kwargs)
            if result is not None:
                item = result
        return item

    undo.append((PluginCollection, "run_event", orig_run))
    PluginCollection.run_event = run_event
    return undo


def measure(config_file: Path) -> tuple[dict[str, float], int]:
    """CPU seconds by step of one `mkdocs build` of config_file, and its page count."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    timers = Timers()
    undo = instrument(timers)
    try:
        config = load_config(str(config_file))
        config.plugins.on_startup(command="build", dirty=False)
        gc.collect()
        t0 = time.process_time()
        with timers.step("other (MkDocs' own loops, config)"):
            build(config)
        total = time.process_time() - t0
        config.plugins.on_shutdown()
    finally:
        for owner, attr, orig in reversed(undo):
            setattr(owner, attr, orig)
    pages = timers.calls["Markdown"]
    out = dict(timers.cpu)
    out["total"] = total
    return out, pages


def serve_rebuilds(case: Path, rounds: int) -> list[dict[str, float]]:
    """CPU seconds by step of ``rounds`` dirty rebuilds under serve, each after a one-seed edit."""
    import tempfile

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer

    cfg = build_bench.mkdocs_config(case, "docs", "site", dossier_plugin=True, builds=True)
    site_dir = tempfile.mkdtemp(prefix="site-", dir=case)
    serve_url = "http://127.0.0.1:8000/"

    def get_config():  # as mkdocs.commands.serve does before each build
        config = load_config(str(cfg), site_dir=site_dir)
        config.site_url = serve_url
        return config

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=True)
    build(config, serve_url=serve_url, dirty=True)
    # Not bound nor served: the plugin's on_serve only sets up its watches on it.
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=8000, root=site_dir)
    server.watch(config.docs_dir)
    config.plugins.on_serve(server, config=config, builder=lambda: None)
    seeds = sorted((case / "seeds").iterdir())
    seed = seeds[len(seeds) // 3]
    original = seed.read_text("utf-8")
    out = []
    try:
        for n in range(rounds):
            seed.write_text(original + build_bench.SERVE_EDIT if n % 2 == 0 else original, "utf-8")
            time.sleep(0.5)  # the watches see the edit, as before a real rebuild
            timers = Timers()
            undo = instrument(timers)
            try:
                gc.collect()
                t0 = time.process_time()
                with timers.step("other (MkDocs' own loops, config)"):
                    with timers.step("read the config"):
                        config = get_config()
                    build(config, serve_url=serve_url, dirty=True)
                total = time.process_time() - t0
            finally:
                for owner, attr, orig in reversed(undo):
                    setattr(owner, attr, orig)
            out.append({**timers.cpu, "total": total, "pages rendered": timers.calls["Markdown"]})
    finally:
        seed.write_text(original, "utf-8")
        config.plugins.on_shutdown()
        __import__("shutil").rmtree(site_dir, ignore_errors=True)
    return out


def print_serve_edits(runs: list[dict[str, float]]) -> None:
    steps = sorted(
        set().union(*runs) - {"total", "pages rendered"}, key=lambda k: -max(r.get(k, 0.0) for r in runs)
    )
    print(f"load average: {' '.join(f'{x:.1f}' for x in __import__('os').getloadavg())}")
    print(
        f"{'step (CPU s) of each rebuild':<44}"
        + "".join(f"{'edit ' + str(i + 1):>10}" for i in range(len(runs)))
    )
    for step in [*steps, "total"]:
        if max(r.get(step, 0.0) for r in runs) >= 0.005 or step == "total":
            print(f"{step:<44}" + "".join(f"{r.get(step, 0.0):>10.3f}" for r in runs))
    print(f"{'pages rendered':<44}" + "".join(f"{int(r['pages rendered']):>10}" for r in runs))


def best_of(config_file: Path, repeat: int) -> tuple[dict[str, float], int]:
    runs = [measure(config_file) for _ in range(repeat)]
    keys = set().union(*(r[0] for r in runs))
    return {k: min(r[0].get(k, 0.0) for r in runs) for k in keys}, runs[0][1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("case", type=Path, help="folder holding a built dossier's docs/")
    ap.add_argument("--bare", action="store_true", help="also the bare site with as many plain pages")
    ap.add_argument("--repeat", type=int, default=1, help="builds per site; the best of each step is kept")
    ap.add_argument("--json", action="store_true", help="also print one JSON line")
    ap.add_argument("--serve-edit", action="store_true", help="time rebuilds after an edit under serve")
    ap.add_argument("--rounds", type=int, default=4, help="rebuilds for --serve-edit (default 4)")
    args = ap.parse_args(argv)
    case = args.case.resolve()
    if not (case / "docs" / "index.md").exists():
        print(f"error: {case}/docs holds no built dossier (run `dossier build` first)", file=sys.stderr)
        return 2
    import logging

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    if args.serve_edit:
        runs = serve_rebuilds(case, args.rounds)
        print_serve_edits(runs)
        if args.json:
            print(json.dumps({"serve_edits": runs}))
        return 0
    sites = {"ours": build_bench.mkdocs_config(case, "docs", "site", dossier_plugin=True)}
    if args.bare:
        build_bench.bare_site(case)
        sites["bare"] = build_bench.mkdocs_config(case, "docs-bare", "site-bare", dossier_plugin=False)
    # Each site in a process of its own, forked before any build and run at the same time: a
    # site built after the other in one process paid for the first one's heap (the bare site
    # measured 15-20% dearer that way), and builds minutes apart see different loads.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(len(sites), mp_context=multiprocessing.get_context("fork")) as pool:
        futures = {name: pool.submit(best_of, cfg, args.repeat) for name, cfg in sites.items()}
        results = {name: f.result() for name, f in futures.items()}
    steps = sorted(
        set().union(*(r[0] for r in results.values())) - {"total"},
        key=lambda k: -results["ours"][0].get(k, 0.0),
    )
    print(f"load average: {' '.join(f'{x:.1f}' for x in __import__('os').getloadavg())}")
    header = "".join(f"{name + ' ms/page':>16}" for name in results)
    print(f"{'step (CPU)':<44}{header}")
    for step in [*steps, "total"]:
        row = "".join(f"{1000 * r.get(step, 0.0) / max(n, 1):>16.3f}" for r, n in results.values())
        print(f"{step:<44}{row}")
    print(f"{'pages':<44}" + "".join(f"{n:>16}" for _, n in results.values()))
    if "bare" in results:
        ratio = results["ours"][0]["total"] / results["bare"][0]["total"]
        print(f"ours / bare (CPU): {ratio:.2f}×")
    if args.json:
        print(json.dumps({name: {"pages": n, "cpu_s": r} for name, (r, n) in results.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
