"""Issue 7 ("Fast at ten thousand articles"): time `dossier build` and `mkdocs build` at scale.

Usage: .venv/bin/python benchmarks/build_bench.py [--shared DIR] [--quick] [--synthetic N | --sizes 1000,10000]
                                                  [--limit N] [--timeout S] [--workdir DIR] [--keep] [--cold-only]

For the 840-article corpus (../shared/corpus/polnear-train) and synthetic dossiers
(benchmarks/synth.py), each in its own temp folder, runs the real CLI in a subprocess:
cold full build (no .dossier-cache, no docs, no lock), warm full build (docs removed,
cache kept) when a cache exists, no-change rebuild, rebuild after editing one seed,
`mkdocs build` of the output and of a bare site with as many plain pages, then reports
sizes of the built site. Prints a table with each target's PASS/FAIL and one JSON line.
Exits 0 with a message when the shared corpus is absent. Wall times on a busy machine
are inflated: CPU seconds and the load average are reported beside them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import io_floor  # noqa: E402
import synth  # noqa: E402

VENV_BIN = Path(sys.executable).parent
SUMMARY = re.compile(r"(\d+) files written, (\d+) removed, (\d+) unchanged")
CACHE = ".dossier-cache"
EDIT = "\n\n“This sentence was added by the benchmark to test one-seed rebuilds,” said Benchmark Editor.\n"
SERVE_EDIT = "\n\n“Live previews are timed from this sentence on,” said Preview Timer.\n"
ABOUT = "# About this dossier\n\nA benchmark dossier built from a news corpus.\n"
BARE_WORDS = (
    "This is a plain page of the bare comparison site. It has one short paragraph of ordinary prose, "
    "so that MkDocs spends its time on the page machinery rather than on the content itself."
)

# Targets of issue 7: (label, unit). Values are compared in _targets().
TARGET_TEXT = {
    "full_build_rate": "≥ 1,000 articles/s (840, cold, both cores)",
    "noop_rebuild": "≤ 0.2 s, 0 files written",
    "one_edit": "≤ 0.3 s, only affected pages",
    "dossier_share": "dossier build ≤ 10% of mkdocs build",
    "mkdocs_vs_bare": "mkdocs ≤ 1.3× bare site (10k)",
    "linearity": "mkdocs 10k/1k ≤ 11",
    "quote_html": "quote page HTML ≤ 20 KB",
    "io_floor": "cold build CPU ≤ 5× the I/O floor's",
    "memory": "peak RSS of the largest process ≤ 1 GB at 10k articles",
    "serve_edit": "edit → served page ≤ 1 s, one rebuild, search index whole",
}


@dataclass
class Run:
    """One subprocess: wall and CPU seconds, peak memory, exit status, captured output."""

    wall: float = 0.0
    cpu: float = 0.0  # user + sys of the process and its waited-for children (workers)
    max_rss_mb: float = 0.0  # the largest single process (GNU time)
    tree_rss_mb: float = 0.0  # all processes of the run together, sampled every 0.2 s
    status: int | None = None
    timed_out: bool = False
    out: str = ""
    err: str = ""

    def summary(self) -> dict:
        return {
            "wall_s": round(self.wall, 3),
            "cpu_s": round(self.cpu, 3),
            "max_rss_mb": round(self.max_rss_mb, 1),
            "tree_rss_mb": round(self.tree_rss_mb, 1),
            "status": self.status,
            "timed_out": self.timed_out,
        }


@dataclass
class Case:
    name: str
    articles: int
    dir: Path
    results: dict = field(default_factory=dict)


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def _tree_rss_kb(root: int) -> int:
    """Resident memory of root and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as fh:
                stat = fh.read()
            fields = stat[stat.rindex(")") + 2 :].split()
            parents[int(d)] = int(fields[1])
            rss[int(d)] = int(fields[21]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
        except (OSError, ValueError, IndexError):
            continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += [c for c, p in parents.items() if p == pid]
    return total


def run(cmd: list[str], cwd: Path, timeout: float, label: str, env: dict | None = None) -> Run:
    """Run cmd under GNU time (when present) in its own process group; kill the group on timeout."""
    gnu_time = shutil.which("time") or ("/usr/bin/time" if Path("/usr/bin/time").exists() else None)
    stats = cwd / f".bench-{os.getpid()}-time.txt"
    full = [gnu_time, "-v", "-o", str(stats), *cmd] if gnu_time else cmd
    r = Run()
    log(f"{label}: {' '.join(cmd)}")
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t0 = time.perf_counter()
        before = os.times()
        p = subprocess.Popen(
            full, cwd=cwd, stdout=out, stderr=err, env={**os.environ, **(env or {})}, start_new_session=True
        )
        peak = 0
        stop = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not stop.wait(0.2):
                peak = max(peak, _tree_rss_kb(p.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        next_note = 60.0
        while True:
            try:
                p.wait(timeout=5)
                break
            except subprocess.TimeoutExpired:
                elapsed = time.perf_counter() - t0
                if elapsed > timeout:
                    os.killpg(p.pid, signal.SIGKILL)  # our own session: the CLI and its workers
                    p.wait()
                    r.timed_out = True
                    log(f"{label}: timed out after {timeout:.0f} s")
                    break
                if elapsed > next_note:
                    log(f"{label}: still running ({elapsed:.0f} s)")
                    next_note += 60
        r.wall = time.perf_counter() - t0
        stop.set()
        after = os.times()
        r.cpu = (after.children_user - before.children_user) + (
            after.children_system - before.children_system
        )
        r.status = p.returncode
        r.tree_rss_mb = peak / 1024
        out.seek(0)
        err.seek(0)
        r.out, r.err = out.read(), err.read()
    if stats.exists():
        text = stats.read_text()
        stats.unlink()
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
        r.max_rss_mb = int(m.group(1)) / 1024 if m else 0.0
        user = re.search(r"User time \(seconds\): ([\d.]+)", text)
        system = re.search(r"System time \(seconds\): ([\d.]+)", text)
        if user and system:
            r.cpu = float(user.group(1)) + float(system.group(1))
    r.tree_rss_mb = max(r.tree_rss_mb, r.max_rss_mb)
    log(f"{label}: {r.wall:.2f} s wall, {r.cpu:.2f} s CPU, exit {r.status}")
    return r


def snapshot(folder: Path) -> dict[str, tuple[int, int, str]]:
    """(inode, mtime, content hash) of every file: which files a build touched, and whether it had to."""
    snap = {}
    for p in folder.rglob("*"):
        if p.is_file():
            st = p.stat()
            digest = hashlib.blake2b(p.read_bytes(), digest_size=16).hexdigest()
            snap[p.relative_to(folder).as_posix()] = (st.st_ino, st.st_mtime_ns, digest)
    return snap


def changed(before: dict, after: dict) -> tuple[list[str], list[str]]:
    """(files touched, of which rewritten with identical content: needless writes)."""
    touched = sorted(k for k in after.keys() | before.keys() if before.get(k) != after.get(k))
    same = [k for k in touched if k in before and k in after and before[k][2] == after[k][2]]
    return touched, same


def section(rel: str) -> str:
    head = rel.split("/", 1)[0]
    return head if head in ("articles", "quotes", "people") and "/" in rel else "other"


def clear_caches(case: Path) -> list[str]:
    """Remove every .dossier-cache under the case folder (wherever the engine keeps it)."""
    found = [p for p in case.rglob(CACHE) if p.is_dir()]
    for p in found:
        shutil.rmtree(p)
    return [p.relative_to(case).as_posix() for p in found]


def fresh_docs(case: Path) -> Path:
    docs = case / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    docs.mkdir()
    (docs / "about.md").write_text(ABOUT, "utf-8")  # the hand-written page the nav names
    return docs


def mkdocs_config(case: Path, docs: str, site: str, dossier_plugin: bool, builds: bool = False) -> Path:
    """The project's mkdocs.yml, pointed at this case; the dossier plugin only decorates pages.

    With ``enabled: false`` the plugin does not rebuild the dossier (timed separately) but
    still adds its CSS and the quote pages' preview tags, as in a real `mkdocs build`;
    ``builds`` turns the plugin's build on (for `mkdocs serve`).
    """
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    plugins = []
    for entry in config.get("plugins", []):
        name = entry if isinstance(entry, str) else next(iter(entry))
        if name == "dossier":
            if dossier_plugin:
                plugins.append({"dossier": {"seeds": "seeds", "enabled": builds}})
        else:
            plugins.append(entry)
    config.update(plugins=plugins, docs_dir=docs, site_dir=site)
    if config.get("theme", {}).get("custom_dir"):  # relative to the project's mkdocs.yml
        config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    path = case / f"mkdocs-{docs}{'-serve' if builds else ''}.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), "utf-8")
    return path


def bare_site(case: Path) -> int:
    """docs-bare/: one plain page for every generated page, same paths, one short paragraph each."""
    docs, bare = case / "docs", case / "docs-bare"
    if bare.exists():
        shutil.rmtree(bare)
    n = 0
    for md in docs.rglob("*.md"):
        rel = md.relative_to(docs)
        target = bare / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"# Page {n}\n\n{BARE_WORDS}\n", "utf-8")
        n += 1
    return n


def site_sizes(site: Path) -> dict:
    quotes = [p for p in site.glob("quotes/*/index.html")]
    out: dict = {"quote_pages": len(quotes)}
    if quotes:
        out["quote_html_avg_kb"] = round(sum(p.stat().st_size for p in quotes) / len(quotes) / 1024, 2)
        out["quote_html_max_kb"] = round(max(p.stat().st_size for p in quotes) / 1024, 2)
    index = site / "search" / "search_index.json"
    if index.exists():
        out["search_index_mb"] = round(index.stat().st_size / 1e6, 3)
        docs = json.loads(index.read_text("utf-8")).get("docs", [])
        by = Counter(section(d.get("location", "").split("#", 1)[0]) for d in docs)
        out["search_entries"] = {k: by.get(k, 0) for k in ("articles", "quotes", "people", "other")}
    out["site_mb"] = round(sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1e6, 2)
    return out


def dossier_build(case: Path, timeout: float, label: str, extra: list[str] | None = None) -> dict:
    cmd = [*io_floor.BUILD_CMD, *(extra or [])]
    before = snapshot(case / "docs")
    r = run(cmd, case, timeout, label)
    res = r.summary()
    m = SUMMARY.search(r.out)
    if m:
        res.update(written=int(m.group(1)), removed=int(m.group(2)), unchanged=int(m.group(3)))
    if r.status not in (0, None) and not m:
        res["error"] = (r.err.strip().splitlines() or ["?"])[-1][:300]
    touched, same = changed(before, snapshot(case / "docs"))
    res["files_changed"] = len(touched)
    res["rewritten_unchanged"] = len(same)
    res["changed_by_section"] = dict(Counter(section(t) for t in touched))
    if len(touched) <= 20:
        res["changed_files"] = touched
    return res


def _fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cpu_of(pid: int) -> float:
    """User + system CPU seconds of a running process and its waited-for children."""
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def serve_edit(case: Path, timeout: float) -> dict:
    """Issue 19: `mkdocs serve --dirty` with the plugin building (as `dossier serve` runs it); one
    seed gets a new quote; seconds until the served article page shows it, rebuilds started,
    CPU of the server meanwhile, and the served search index's entries before and after; then
    the quote is taken off again: seconds and CPU until the page no longer shows it."""
    cfg = mkdocs_config(case, "docs", "site", dossier_plugin=True, builds=True)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    log_path = case / "serve.log"
    res: dict = {}
    with open(log_path, "wb") as out:
        p = subprocess.Popen(
            [str(VENV_BIN / "mkdocs"), "serve", "--dirty", "-f", cfg.name, "-a", f"127.0.0.1:{port}"],
            cwd=case,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            start_new_session=True,
        )
        try:
            t0 = time.perf_counter()
            log(f"{case.name} mkdocs serve: first build")
            while _fetch(url)[0] != 200:
                if p.poll() is not None or time.perf_counter() - t0 > timeout:
                    res["error"] = "the server did not come up"
                    return res
                time.sleep(1)
            res["startup_s"] = round(time.perf_counter() - t0, 1)
            index_url = url + "search/search_index.json"
            res["search_entries_before"] = len(json.loads(_fetch(index_url)[1])["docs"])
            articles = json.loads((case / "docs" / "data" / "articles.json").read_text("utf-8"))
            target = articles[len(articles) // 3]
            seed = case / "seeds" / target["seed"].split("/")[-1]
            page = url + target["url"].lstrip("/")
            started = log_path.read_text("utf-8", "replace").count("Detected file changes")
            cpu0 = _cpu_of(p.pid)
            t0 = time.perf_counter()
            with seed.open("a", encoding="utf-8") as fh:
                fh.write(SERVE_EDIT)
            while "Preview Timer" not in _fetch(page)[1]:
                if time.perf_counter() - t0 > timeout:
                    res["error"] = "the edit never showed"
                    return res
                time.sleep(0.05)
            res["edit_to_page_s"] = round(time.perf_counter() - t0, 2)
            res["edit_cpu_s"] = round(_cpu_of(p.pid) - cpu0, 2)
            time.sleep(4)  # MkDocs' watcher looks every 0.5 s: a second rebuild would have started
            text = log_path.read_text("utf-8", "replace")
            res["rebuilds"] = text.count("Detected file changes") - started
            res["search_entries_after"] = len(json.loads(_fetch(index_url)[1])["docs"])
            log(
                f"{case.name} mkdocs serve: edit shown after {res['edit_to_page_s']} s, {res['rebuilds']} rebuild(s)"
            )
            # A second edit (the sentence taken off again): the server's steady state, where the
            # first edit is the first rebuild after it started.
            cpu0 = _cpu_of(p.pid)
            t0 = time.perf_counter()
            seed.write_text(seed.read_text("utf-8").replace(SERVE_EDIT, ""), "utf-8")
            while "Preview Timer" in _fetch(page)[1]:
                if time.perf_counter() - t0 > timeout:
                    res["error"] = "the second edit never showed"
                    return res
                time.sleep(0.05)
            res["edit2_to_page_s"] = round(time.perf_counter() - t0, 2)
            res["edit2_cpu_s"] = round(_cpu_of(p.pid) - cpu0, 2)
            log(f"{case.name} mkdocs serve: second edit shown after {res['edit2_to_page_s']} s")
        finally:
            os.killpg(p.pid, signal.SIGINT)
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
    return res


def cores_compare(case: Path, timeout: float) -> dict:
    """Warm full builds (cache kept, docs removed) rendering on 1 and on 2 worker processes, with
    a busy loop holding one core: CPU and wall of each. os.cpu_count is what the build asks."""
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    out: dict = {}
    try:
        for n in (1, 2):
            fresh_docs(case)
            code = (
                f"import os, sys; os.cpu_count = lambda: {n}; from dossier.cli import main; "
                "sys.exit(main(['build', '--seeds', 'seeds', '--docs', 'docs', '--config', 'dossier.yml']))"
            )
            r = run(
                [sys.executable, "-c", code],
                case,
                timeout,
                f"{case.name} warm build, {n} core(s), one core busy",
            )
            out[f"cores_{n}"] = r.summary()
    finally:
        busy.kill()
        busy.wait()
    return out


def run_case(case: Case, args: argparse.Namespace) -> None:
    """All the steps for one dossier; results land in case.results as they come (partial on timeout)."""
    d, res = case.dir, case.results
    # Cold: nothing from an earlier build.
    clear_caches(d)
    (d / "dossier.lock").unlink(missing_ok=True)
    fresh_docs(d)
    res["cold"] = dossier_build(d, args.timeout, f"{case.name} cold build")
    res["cold"]["articles_per_s"] = round(case.articles / max(res["cold"]["wall_s"], 1e-9), 1)
    res["cold"]["articles_per_cpu_s"] = round(case.articles / max(res["cold"]["cpu_s"], 1e-9), 1)
    if res["cold"]["timed_out"] or args.cold_only:
        return
    res["io_floor"] = io_floor.measure(
        sorted((d / "seeds").iterdir()), io_floor.sizes_of(d / "docs"), d, repeat=2
    )
    log(f"{case.name} I/O floor: {res['io_floor']['safe_cpu_s']} s CPU")
    caches = [p.relative_to(d).as_posix() for p in d.rglob(CACHE) if p.is_dir()]
    res["cache_dirs"] = caches
    if caches:
        fresh_docs(d)
        res["warm"] = dossier_build(
            d, args.timeout, f"{case.name} warm full build (cache kept, docs removed)"
        )
        res["warm"]["articles_per_s"] = round(case.articles / max(res["warm"]["wall_s"], 1e-9), 1)
    res["noop"] = dossier_build(d, args.timeout, f"{case.name} no-change rebuild")
    seeds = sorted((d / "seeds").iterdir())
    victim = seeds[len(seeds) // 2]
    with victim.open("a", encoding="utf-8") as fh:
        fh.write(EDIT)
    res["one_edit"] = dossier_build(d, args.timeout, f"{case.name} rebuild after editing {victim.name}")
    res["one_edit"]["seed"] = victim.name
    if args.no_cards_cold:  # after the rebuilds above, which start from a build with cards
        clear_caches(d)
        fresh_docs(d)
        res["cold_no_cards"] = dossier_build(
            d, args.timeout, f"{case.name} cold build, no cards", ["--no-cards"]
        )
        fresh_docs(d)
        res["warm_no_cards"] = dossier_build(
            d, args.timeout, f"{case.name} warm build, no cards", ["--no-cards"]
        )
    if args.cores:
        res.update(cores_compare(d, args.timeout))
    if args.cores or args.no_cards_cold:
        res["restore"] = dossier_build(d, args.timeout, f"{case.name} build again (all cores, cards)")
    if args.no_mkdocs:
        return
    env = {"NO_MKDOCS_2_WARNING": "1"}
    mk = [str(VENV_BIN / "mkdocs"), "build", "--quiet", "-f"]
    cfg = mkdocs_config(d, "docs", "site", dossier_plugin=True)
    r = run([*mk, str(cfg.name)], d, args.timeout, f"{case.name} mkdocs build (dossier site)", env)
    res["mkdocs"] = r.summary()
    if r.status:
        res["mkdocs"]["error"] = (r.err.strip().splitlines() or ["?"])[-1][:300]
    if not r.timed_out and (d / "site").exists():
        res["site"] = site_sizes(d / "site")
    res["bare_pages"] = bare_site(d)
    cfg = mkdocs_config(d, "docs-bare", "site-bare", dossier_plugin=False)
    r = run([*mk, str(cfg.name)], d, args.timeout, f"{case.name} mkdocs build (bare site)", env)
    res["mkdocs_bare"] = r.summary()
    if not args.no_serve:
        res["serve_edit"] = serve_edit(d, args.timeout)
    # The built sites are large; only their measures are kept.
    for site in ("site", "site-bare", "docs-bare"):
        shutil.rmtree(d / site, ignore_errors=True)


def startup_cost(timeout: float) -> float:
    """Seconds to start Python and import the build: the floor under every CLI figure."""
    cmd = [sys.executable, "-c", "import dossier.cli, dossier.publish.build"]
    best = float("inf")
    for _ in range(2):
        t = time.perf_counter()
        subprocess.run(cmd, check=False, timeout=timeout, cwd=ROOT)
        best = min(best, time.perf_counter() - t)
    return best


def _ok(flag: bool | None) -> str:
    return "n/a" if flag is None else ("PASS" if flag else "FAIL")


def evaluate(cases: list[Case]) -> list[tuple[str, str, str, str]]:
    """(case, measure, value, target verdict) rows; the targets of issue 7."""
    rows: list[tuple[str, str, str, str]] = []
    mk_times: dict[int, float] = {}
    for c in cases:
        r = c.results
        cold = r.get("cold")
        if cold:
            flag = None
            if c.name.startswith("corpus") and not cold["timed_out"]:
                flag = cold["articles_per_s"] >= 1000 and cold["cpu_s"] > cold["wall_s"] * 1.2
            verdict = f"{_ok(flag)} {TARGET_TEXT['full_build_rate']}" if c.name.startswith("corpus") else ""
            rows.append(
                (
                    c.name,
                    "cold full build",
                    _fmt_build(cold) + f", {cold['articles_per_s']:,.0f} art/s",
                    verdict,
                )
            )
            rows.append(
                (c.name, "  CPU / wall (cores used)", f"{cold['cpu_s'] / max(cold['wall_s'], 1e-9):.2f}", "")
            )
            big = c.articles >= 10_000 and not cold["timed_out"]
            rows.append(
                (
                    c.name,
                    "  peak RSS (largest / all)",
                    f"{cold['max_rss_mb']:.0f} / {cold['tree_rss_mb']:.0f} MB "
                    f"({cold['max_rss_mb'] / c.articles:.2f} MB per article)",
                    f"{_ok(cold['max_rss_mb'] <= 1024)} {TARGET_TEXT['memory']}" if big else "",
                )
            )
        if cold and "io_floor" in r:
            f = r["io_floor"]
            ratio = cold["cpu_s"] / max(f["safe_cpu_s"], 1e-9)
            rows.append(
                (
                    c.name,
                    f"I/O floor ({f['files']:,} files, {f['mb']} MB)",
                    f"{f['safe_cpu_s']:.2f} s CPU ({f['safe_wall_s']:.2f} s wall); plain write {f['plain_cpu_s']:.2f} s CPU",
                    "",
                )
            )
            rows.append(
                (
                    c.name,
                    "  cold build / I/O floor (CPU)",
                    f"{ratio:.1f}×",
                    f"{_ok(ratio <= 5)} {TARGET_TEXT['io_floor']}",
                )
            )
        for key, label in (
            ("cold_no_cards", "cold build, no cards"),
            ("warm_no_cards", "warm build, no cards"),
        ):
            if key in r:
                rows.append((c.name, label, _fmt_build(r[key]) + f"; peak {r[key]['max_rss_mb']:.0f} MB", ""))
        for n in (1, 2):
            if f"cores_{n}" in r:
                k = r[f"cores_{n}"]
                rows.append((c.name, f"warm build, {n} core(s), other core busy", _fmt_run(k), ""))
        if "warm" in r:
            w = r["warm"]
            rows.append(
                (c.name, "warm full build", _fmt_build(w) + f", {w['articles_per_s']:,.0f} art/s", "")
            )
        elif cold and not cold["timed_out"]:
            rows.append((c.name, "warm full build", "no .dossier-cache found", ""))
        if "noop" in r:
            n = r["noop"]
            flag = None if n["timed_out"] else (n["wall_s"] <= 0.2 and n.get("written") == 0)
            rows.append(
                (c.name, "no-change rebuild", _fmt_build(n), f"{_ok(flag)} {TARGET_TEXT['noop_rebuild']}")
            )
        if "one_edit" in r:
            e = r["one_edit"]
            # Only affected pages: nothing rewritten with the bytes it already had.
            flag = None if e["timed_out"] else (e["wall_s"] <= 0.3 and e["rewritten_unchanged"] == 0)
            where = ", ".join(f"{k} {v}" for k, v in sorted(e["changed_by_section"].items()))
            rows.append(
                (
                    c.name,
                    "one-seed edit",
                    _fmt_build(e) + f" ({where})",
                    f"{_ok(flag)} {TARGET_TEXT['one_edit']}",
                )
            )
        if "mkdocs" in r:
            m = r["mkdocs"]
            rows.append((c.name, "mkdocs build", _fmt_run(m), ""))
            if not m["timed_out"]:
                mk_times[c.articles] = m["wall_s"]
            if cold and not m["timed_out"] and not cold["timed_out"]:
                share = cold["wall_s"] / m["wall_s"]
                rows.append(
                    (
                        c.name,
                        "dossier / mkdocs (cold)",
                        f"{share:.1%}",
                        f"{_ok(share <= 0.10)} {TARGET_TEXT['dossier_share']}",
                    )
                )
                if "warm" in r:
                    rows.append(
                        (c.name, "dossier / mkdocs (warm)", f"{r['warm']['wall_s'] / m['wall_s']:.1%}", "")
                    )
        if "mkdocs_bare" in r and "mkdocs" in r:
            b, m = r["mkdocs_bare"], r["mkdocs"]
            rows.append((c.name, f"mkdocs bare site ({r['bare_pages']:,} pages)", _fmt_run(b), ""))
            if not b["timed_out"] and not m["timed_out"]:
                # CPU seconds: on a shared machine wall times stretch with the load of the moment.
                ratio = m["cpu_s"] / b["cpu_s"]
                big = c.articles >= 10_000
                verdict = (
                    f"{_ok(ratio <= 1.3)} {TARGET_TEXT['mkdocs_vs_bare']}" if big else "(target is at 10k)"
                )
                wall = m["wall_s"] / b["wall_s"]
                rows.append(
                    (c.name, "mkdocs dossier / bare (CPU)", f"{ratio:.2f}× (wall {wall:.2f}×)", verdict)
                )
        if "serve_edit" in r:
            e = r["serve_edit"]
            if "error" in e:
                rows.append((c.name, "edit under mkdocs serve", e["error"], ""))
            else:
                flag = (
                    e["edit_to_page_s"] <= 1
                    and e["rebuilds"] == 1
                    and e["search_entries_after"] >= e["search_entries_before"]
                )
                rows.append(
                    (
                        c.name,
                        "edit under mkdocs serve",
                        f"page shows it after {e['edit_to_page_s']:.2f} s ({e['edit_cpu_s']:.2f} s CPU), "
                        f"a second edit after {e.get('edit2_to_page_s', float('nan')):.2f} s "
                        f"({e.get('edit2_cpu_s', float('nan')):.2f} s CPU); "
                        f"{e['rebuilds']} rebuild(s); search entries {e['search_entries_before']:,} → "
                        f"{e['search_entries_after']:,}",
                        f"{_ok(flag)} {TARGET_TEXT['serve_edit']}",
                    )
                )
        if "site" in r:
            s = r["site"]
            if "quote_html_avg_kb" in s:
                flag = s["quote_html_avg_kb"] <= 20
                rows.append(
                    (
                        c.name,
                        f"quote page HTML ({s['quote_pages']:,})",
                        f"avg {s['quote_html_avg_kb']:.1f} KB, max {s['quote_html_max_kb']:.1f} KB",
                        f"{_ok(flag)} {TARGET_TEXT['quote_html']}",
                    )
                )
            if "search_index_mb" in s:
                e = s["search_entries"]
                by = ", ".join(f"{k} {v:,}" for k, v in e.items())
                rows.append((c.name, "search index", f"{s['search_index_mb']:.1f} MB; {by}", ""))
    if len(mk_times) >= 2:
        small, big = min(mk_times), max(mk_times)
        ratio = mk_times[big] / mk_times[small]
        limit = 1.1 * big / small
        rows.append(
            (
                "synthetic",
                f"mkdocs {big:,} / {small:,}",
                f"{ratio:.2f}",
                f"{_ok(ratio <= limit)} ≤ {limit:.1f}",
            )
        )
    return rows


def _fmt_build(r: dict) -> str:
    if r["timed_out"]:
        return f"timed out after {r['wall_s']:.0f} s"
    files = f"; {r['written']} written" if "written" in r else f"; exit {r['status']}"
    if r.get("rewritten_unchanged"):
        files += f", {r['rewritten_unchanged']} of them with unchanged bytes"
    return f"{r['wall_s']:.2f} s ({r['cpu_s']:.2f} s CPU){files}"


def _fmt_run(r: dict) -> str:
    if r["timed_out"]:
        return f"timed out after {r['wall_s']:.0f} s"
    return f"{r['wall_s']:.1f} s ({r['cpu_s']:.1f} s CPU), exit {r['status']}"


def prepare(args: argparse.Namespace, work: Path) -> list[Case]:
    cases = []
    paths = synth.source_paths(args.shared, args.limit)
    if not args.skip_corpus:
        d = work / f"corpus-{len(paths)}"
        (d / "seeds").mkdir(parents=True)
        for p in paths:
            shutil.copy2(p, d / "seeds" / p.name)
        cases.append(Case(f"corpus-{len(paths)}", len(paths), d))
    if args.quick:
        return cases
    sizes = (
        [int(s) for s in args.sizes.split(",")]
        if args.sizes
        else ([args.synthetic] if args.synthetic else [])
    )
    for n in sizes:
        d = work / f"synthetic-{n}"
        log(f"making {n:,} synthetic articles in {d}/seeds")
        synth.synthesize(args.shared, d / "seeds", n, seed=args.seed, limit=args.limit)
        cases.append(Case(f"synthetic-{n}", n, d))
    return cases


def warm_edits(project: Path, rounds: int) -> list[dict]:
    """One-seed edits rebuilt in one process, as under `mkdocs serve`: CPU seconds by stage.

    ``project`` has seeds/ and docs/ built before (e.g. `dossier build --no-cards`). The first
    build in this process is a cold process's (extractions unpickled from .dossier-cache, linking
    from scratch) and runs every stage even when its seeds are those of the last build, as the
    plugin's first build under serve does (a run of this benchmark leaves the last build with the
    sentence on); each later one is warm (unchanged seeds' extractions and the link memory kept,
    linking replayed). The edit is the benchmark's sentence toggled on and off the middle seed.
    A build that finds nothing changed (the no-change path) is a row of its own, "no change".
    """
    import types

    import dossier.publish.clock as clock
    from dossier.model import SiteOptions
    from dossier.pipeline import keep_warm
    from dossier.publish.build import build

    keep_warm()  # as the MkDocs plugin does under serve

    clock.time = types.SimpleNamespace(perf_counter=time.process_time)  # stage times in CPU seconds
    seeds = project / "seeds"
    target = sorted(p for p in seeds.iterdir() if p.is_file())[len(list(seeds.iterdir())) // 2]
    original = target.read_text("utf-8")
    out = []
    try:
        for n in range(rounds + 1):
            target.write_text(original + EDIT if n % 2 == 0 else original, "utf-8")
            c0 = time.process_time()
            r = build(seeds, project / "docs", site=SiteOptions(cards=False), reuse_unchanged=n > 0)
            cpu = round(time.process_time() - c0, 3)
            t = r.timings
            row = {
                "build": "no change" if r.dossier is None else "cold process" if n == 0 else "warm",
                "cpu_s": cpu,
                **{k: t[k] for k in ("read+extract", "link", "registry", "render", "sync") if k in t},
                "regrouped": t.get("link.regrouped"),
                "changed": None if r.dossier is None or r.dossier.changed is None else len(r.dossier.changed),
                "load": round(os.getloadavg()[0], 1),
            }
            log(json.dumps(row))
            out.append(row)
    finally:
        target.write_text(original, "utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--warm-edit",
        type=Path,
        metavar="PROJECT",
        help="only time one-seed edits rebuilt in this process (a built project: seeds/, docs/)",
    )
    ap.add_argument("--rounds", type=int, default=4, help="edits for --warm-edit (default 4)")
    ap.add_argument("--shared", type=Path, default=synth.DEFAULT_SHARED)
    ap.add_argument("--quick", action="store_true", help="only the corpus case (no synthetic dossier)")
    ap.add_argument("--synthetic", type=int, default=10_000, help="synthetic dossier size (0: none)")
    ap.add_argument("--sizes", help="several synthetic sizes, e.g. 1000,10000 (mkdocs time linearity)")
    ap.add_argument("--limit", type=int, help="use only the first N corpus articles (smoke tests)")
    ap.add_argument("--seed", type=int, default=7, help="synthetic dossier seed")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds allowed per step (default 3600)")
    ap.add_argument(
        "--cold-only", action="store_true", help="only the cold build of each case (time, peak memory)"
    )
    ap.add_argument("--no-mkdocs", action="store_true", help="skip the mkdocs builds")
    ap.add_argument("--no-serve", action="store_true", help="skip the edit under mkdocs serve")
    ap.add_argument(
        "--no-cards-cold", action="store_true", help="also a cold and a warm build without share cards"
    )
    ap.add_argument(
        "--cores", action="store_true", help="warm builds on 1 and 2 cores with one core kept busy"
    )
    ap.add_argument(
        "--skip-corpus", action="store_true", help="only the synthetic dossiers (not with --quick)"
    )
    ap.add_argument("--workdir", type=Path, help="work here instead of a new temp folder (must not exist)")
    ap.add_argument("--keep", action="store_true", help="keep the work folder (seeds, docs) afterwards")
    args = ap.parse_args(argv)
    if args.warm_edit:
        print(json.dumps({"warm_edits": warm_edits(args.warm_edit, args.rounds)}))
        return 0
    if not synth.corpus_or_skip(args.shared):
        return 0
    if args.workdir:
        if args.workdir.resolve().is_relative_to(ROOT):
            print(
                f"error: {args.workdir} is inside the repository; benchmarks work elsewhere", file=sys.stderr
            )
            return 2
        args.workdir.mkdir(parents=True)
        work = args.workdir
    else:
        work = Path(tempfile.mkdtemp(prefix="dossier-bench-"))
    log(f"working in {work}")
    cases: list[Case] = []
    try:
        startup = startup_cost(args.timeout)
        cases = prepare(args, work)
        for case in cases:
            try:
                run_case(case, args)
            except KeyboardInterrupt:
                log(f"{case.name}: interrupted; reporting what was measured")
                break
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    rows = evaluate(cases)
    w1 = max(len(r[0]) for r in rows) if rows else 10
    w2 = max(len(r[1]) for r in rows) if rows else 10
    w3 = max(len(r[2]) for r in rows) if rows else 10
    print(f"python start + import dossier.publish.build: {startup:.2f} s (included in every CLI figure)")
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    for case, measure, value, verdict in rows:
        print(f"{case:<{w1}}  {measure:<{w2}}  {value:<{w3}}  {verdict}")
    partial = any(
        v.get("timed_out") for c in cases for v in c.results.values() if isinstance(v, dict)
    ) or any("mkdocs" not in c.results and not args.no_mkdocs for c in cases)
    print(
        json.dumps(
            {
                "startup_s": round(startup, 3),
                "load_avg": [round(x, 2) for x in os.getloadavg()],
                "cpus": os.cpu_count(),
                "partial": partial,
                "cases": {c.name: {"articles": c.articles, **c.results} for c in cases},
                "verdicts": {
                    f"{r[0]}: {r[1].strip()}": r[3].split(" ", 1)[0]
                    for r in rows
                    if r[3].startswith(("PASS", "FAIL"))
                },
            },
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
