"""Command line: ``dossier build | serve | quotes | check | add | new``.

Exit codes: 0 success, 1 a problem with the user's input (one line per problem,
naming the file; no traceback), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from . import __version__
from .errors import DossierError

if TYPE_CHECKING:
    from .site import SiteOptions

PROGRESS_FROM = 50  # seeds; below this a progress bar is noise
# `dossier serve --no-cards` tells the plugin's builds under mkdocs serve so.
NO_CARDS_ENV = "DOSSIER_NO_CARDS"


def _progress(n: int, total: int) -> None:
    if total < PROGRESS_FROM or not sys.stderr.isatty():
        return
    width = 30
    done = width * n // total
    sys.stderr.write(f"\rreading seeds [{'#' * done}{'.' * (width - done)}] {n}/{total}")
    if n == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _seeds(parser: argparse.ArgumentParser, what: str = "folder of seed articles") -> None:
    parser.add_argument("--seeds", type=Path, default=Path("seeds"), help=f"{what} (default: seeds)")


def _paths(parser: argparse.ArgumentParser) -> None:
    _seeds(parser)
    parser.add_argument(
        "--docs", type=Path, default=Path("docs"), help="MkDocs docs folder to write into (default: docs)"
    )
    _config(parser)
    parser.add_argument(
        "--no-cards", action="store_true", help="no share-card images for quote and person pages"
    )
    parser.add_argument(
        "--site-url",
        help="where the site is published, for absolute URLs in feeds and citations "
        "(default: site_url in mkdocs.yml)",
    )


def _mkdocs_settings(path: Path) -> dict:
    """site_url and site_name from an mkdocs.yml, if there is one that reads as a mapping."""
    import yaml  # here: the CLI's start-up stays quick

    class AnyTagLoader(yaml.SafeLoader):
        """mkdocs.yml may hold !!python/name tags (Material's extensions): read them as nothing."""

    AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        data = yaml.load(path.read_text("utf-8"), Loader=AnyTagLoader)  # noqa: S506 - a safe loader
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def _site_options(args: argparse.Namespace, site_url: str | None = None) -> SiteOptions:
    from .site import SiteOptions

    config = getattr(args, "config_file", None) or Path("mkdocs.yml")
    settings = _mkdocs_settings(config)
    url = site_url or args.site_url or settings.get("site_url")
    name = settings.get("site_name")
    return SiteOptions(
        cards=not args.no_cards,
        site_url=str(url) if url else None,
        name=str(name) if name else SiteOptions.name,
        templates=project_templates(config),
    )


def project_templates(mkdocs_yml: Path) -> Path:
    """A project's page templates: templates/ beside its mkdocs.yml (the plugin finds the same)."""
    return mkdocs_yml.resolve().parent / "templates"


def _config(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        type=Path,
        default=Path("dossier.yml"),
        help="the editor's curation file (default: dossier.yml; optional)",
    )


def cmd_build(args: argparse.Namespace, site: SiteOptions | None = None) -> int:
    from .build import build

    site = site or _site_options(args)
    result = build(args.seeds, args.docs, progress=_progress, curation=args.config, site=site)
    r = result.report
    n = result.summary
    print(
        f"dossier: {n['articles']} articles, {n['quotes']} quotes, {n['people']} people; "
        f"{len(r.written)} files written, {len(r.removed)} removed, {r.unchanged} unchanged"
    )
    for rel in r.skipped:
        print(
            f"dossier: kept your own docs/{rel} (the generated home page is written only when you have none)"
        )
    for w in result.warnings:
        print(f"warning: {w}", file=sys.stderr)
    if result.problems:
        print(f"dossier: {len(result.problems)} seed(s) could not be used:", file=sys.stderr)
        for p in result.problems:
            print(f"error: {p}", file=sys.stderr)
        return 1
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    # mkdocs serve gives the site the server's address: build with it, so the plugin's build
    # that follows finds nothing to change.
    mount = urlsplit(str(_mkdocs_settings(args.config_file).get("site_url") or "/")).path or "/"
    status = cmd_build(args, _site_options(args, f"http://{args.dev_addr}{mount}"))
    if status and not args.keep_going:
        print("dossier: fix the problems above, or pass --keep-going to serve anyway", file=sys.stderr)
        return status
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", str(args.config_file), "-a", args.dev_addr]
    if not args.full:
        # The generator rewrites only pages whose content changed, so MkDocs' dirty mode
        # re-renders exactly those: an edit shows in the browser without a full rebuild.
        cmd.append("--dirty")
    env = dict(os.environ, **({NO_CARDS_ENV: "1"} if args.no_cards else {}))
    return run_until_stopped(cmd, env)


# How long `mkdocs serve` gets to shut down after being told to, before it is killed.
STOP_GRACE = 5.0


def run_until_stopped(cmd: list[str], env: dict[str, str] | None = None) -> int:
    """Run a child until it exits or this process is told to stop; then stop it too.

    SIGINT (Ctrl-C), SIGTERM and SIGHUP to this process are passed on to the child as SIGINT,
    on which `mkdocs serve` shuts its server down; a child still running STOP_GRACE seconds
    later is killed. The child has a process group of its own, so Ctrl-C reaches it once,
    through here. Returns the child's exit status, or 0 when stopped by a signal.
    """
    proc = subprocess.Popen(cmd, process_group=0, env=env)
    stopping: list[int] = []

    def forward(signum: int, frame: object) -> None:
        stopping.append(signum)
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    try:
        while True:
            try:
                status = proc.wait(timeout=STOP_GRACE if stopping else None)
                return 0 if stopping else status
            except subprocess.TimeoutExpired:
                proc.kill()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _read_all(paths: list[Path]) -> tuple[list, int]:
    """Read the seeds under the given files or folders; prints problems, returns (articles, status)."""
    from .errors import SeedError
    from .read import find_seeds, read_article

    articles, status, seen = [], 0, set()
    for root in paths:
        if not root.exists():
            print(f"error: {root}: no such file or folder", file=sys.stderr)
            status = 1
            continue
        refused: list[str] = []
        for path in find_seeds(root, refused):
            try:
                article = read_article(path)
            except SeedError as exc:
                print(f"error: {exc}", file=sys.stderr)
                status = 1
                continue
            if article.id not in seen:
                seen.add(article.id)
                articles.append(article)
        for line in refused:
            print(f"error: {line}", file=sys.stderr)
            status = 1
    return articles, status


def cmd_quotes(args: argparse.Namespace) -> int:
    from .build import run_pipeline
    from .curation import load
    from .extract import quote_record

    articles, status = _read_all(args.paths or [Path("seeds")])
    cur = None if args.raw else load(args.config)
    d = run_pipeline(articles, cur)
    by_id = {q.id: q for q in d.quotes}
    rows = []
    for article in articles:
        ex = d.extractions[article.id]
        for i, q in enumerate(ex.quotes):
            row = quote_record(article, ex, q)
            if cur is not None:
                linked = by_id.get(d.quote_of.get((article.id, i), ""))
                if linked is None:  # the editor said it is not a quote
                    continue
                speaker, to = d.person(linked.speaker), d.person(linked.addressee)
                row.update(speaker=speaker.name if speaker else None, medium=linked.medium)
                row.update(addressee=to.name if to else row["addressee"], status=linked.status)
            rows.append(row)
    if args.jsonl:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
    else:
        for row in rows:
            who = row["speaker"] or "?"
            via = " ".join(x for x in (row["cue"], row["medium"] and f"[{row['medium']}]") if x)
            text = " ".join(row["text"].split())
            print(
                f"{row['article']}:{row['start']}-{row['end']}  {who:<20} {via:<24} “{text[:80]}{'…' if len(text) > 80 else ''}”"
            )
    return status


def cmd_check(args: argparse.Namespace) -> int:
    """Validate seeds and dossier.yml; report what an editor should look at."""
    from collections import Counter

    from .build import run_pipeline
    from .curation import CurationError, load

    errors: list[str] = []
    try:
        cur = load(args.config)
    except CurationError as exc:
        errors += exc.problems
        cur = None
    articles, status = _read_all([args.seeds])
    if status:
        errors.append(f"{args.seeds}: some seeds could not be read (above)")
    errors += _check_lock(args.seeds.parent / "dossier.lock", args.repair_lock)
    d = run_pipeline(articles, cur)
    errors += d.problems
    from .confusables import mixed_script_names

    for person, problem in mixed_script_names(d.people):
        seed = d.article(person.articles[0]).path if person.articles else str(args.config)
        errors.append(f"{seed}: {problem}")
    unattributed = [q for q in d.quotes if not q.speaker]
    quoted = Counter(q.speaker for q in d.quotes)
    lonely = [p for p in d.people if p.mention_count <= 1 and not p.curated and not quoted[p.id]]
    for q in unattributed:
        o = q.occurrences[0]
        print(f"info: {o.article}:{o.start}: quote with no speaker: “{q.text[:70]}”")
    for p in lonely:
        print(f"info: {p.name!r} is mentioned once and not in {args.config}; add them if they matter")
    if cur is not None:
        from .curate import curation_report

        for line in curation_report(d, cur):
            print(f"warning: {line}")
    for e in errors:
        print(f"error: {e}", file=sys.stderr)
    print(
        f"dossier check: {len(articles)} articles, {len(d.quotes)} quotes ({len(unattributed)} with no speaker), "
        f"{len(d.people)} people; {len(errors)} error(s)"
    )
    return 1 if errors else 0


def _check_lock(path: Path, repair: bool) -> list[str]:
    """Problems with the quote-id registry; with ``repair``, damaged lines are set aside first."""
    from . import registry

    if repair and (moved := registry.repair(path)):
        lines = ", ".join(map(str, moved))
        print(f"dossier: moved line(s) {lines} of {path} to {path}.damaged")
    parsed = registry.read(path)
    for w in parsed.warnings:
        print(f"info: {w}")
    if parsed.errors:
        print(f"info: {registry.REPAIR_HINT}")
    return parsed.errors


def cmd_add(args: argparse.Namespace) -> int:
    from .add import SeedIndex, add_file, expand
    from .errors import SeedError

    index = SeedIndex.scan(args.seeds)
    status = 0
    for path in expand(args.paths):
        try:
            r = add_file(path, args.seeds, index, force=args.force)
        except SeedError as exc:
            print(f"error: {exc}", file=sys.stderr)
            status = 1
            continue
        for w in r.warnings:
            print(f"warning: {path}: {w}", file=sys.stderr)
        if r.status == "duplicate":
            print(f"dossier: {path} is already in the dossier as {r.seed} ({r.reason}); not added")
        else:
            found = ", ".join(r.fields) or "no metadata"
            print(f"dossier: {r.status} {r.seed} from {path} ({found}; original kept)")
    return status


def cmd_new(args: argparse.Namespace) -> int:
    from .scaffold import new

    title = args.title or f"Dossier: {args.dir.resolve().name}"
    new(args.dir, title)
    print(f"dossier: created {args.dir} ({title!r})")
    print("next:")
    print(f"  cd {args.dir}")
    print("  dossier add ~/Downloads/*.html     # or put .txt/.md articles in seeds/ yourself")
    print("  dossier serve                      # build and look at it on http://127.0.0.1:8000")
    print("  git init && git add . && git commit -m 'New dossier'   # commit dossier.lock too")
    print("  requirements.txt says where the publishing workflow installs dossier from: check it")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="dossier",
        description="Turn a folder of news articles into an annotated, cross-linked MkDocs dossier.",
    )
    p.add_argument("--version", action="version", version=f"dossier {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    b = sub.add_parser(
        "build", help="generate the dossier pages into docs/", description="Read seeds/, write docs/."
    )
    _paths(b)
    b.set_defaults(func=cmd_build)
    s = sub.add_parser(
        "serve",
        help="build, then serve the site with live reload",
        description="Build, then run mkdocs serve.",
    )
    _paths(s)
    s.add_argument(
        "-f",
        "--config-file",
        type=Path,
        default=Path("mkdocs.yml"),
        help="MkDocs config (default: mkdocs.yml)",
    )
    s.add_argument(
        "-a", "--dev-addr", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)"
    )
    s.add_argument("--keep-going", action="store_true", help="serve even when some seeds could not be used")
    s.add_argument(
        "--full",
        action="store_true",
        help="re-render every page on each change (default: only changed pages)",
    )
    s.set_defaults(func=cmd_serve)
    q = sub.add_parser(
        "quotes",
        help="list the quotations found in seeds",
        description="Extract quotations from seed files or folders.",
    )
    q.add_argument("paths", nargs="*", type=Path, help="seed files or folders (default: seeds)")
    q.add_argument("--jsonl", action="store_true", help="one JSON object a line (the evaluator's format)")
    q.add_argument("--raw", action="store_true", help="the extractor's output, without the curation file")
    _config(q)
    q.set_defaults(func=cmd_quotes)
    c = sub.add_parser(
        "check",
        help="validate seeds and dossier.yml",
        description="Validate seeds and the curation file; report orphaned or ambiguous anchors, "
        "quotes with no speaker and people mentioned once. Exit 1 on errors.",
    )
    _seeds(c)
    _config(c)
    c.add_argument(
        "--repair-lock",
        action="store_true",
        help="move damaged or repeated lines of dossier.lock to dossier.lock.damaged",
    )
    c.set_defaults(func=cmd_check)
    a = sub.add_parser(
        "add",
        help="add saved web pages, Markdown or text files as seeds",
        description="Turn saved web pages (.html/.htm), Markdown and plain text into seeds with front matter; "
        "the originals are kept in SEEDS/originals/.",
    )
    a.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="article files, or folders of them")
    _seeds(a, "seed folder to add to")
    a.add_argument("--force", action="store_true", help="overwrite a seed of the same name")
    a.set_defaults(func=cmd_add)
    n = sub.add_parser(
        "new",
        help="start a dossier of your own in a new folder",
        description="Create DIR with mkdocs.yml (your title), an empty seeds/, a commented dossier.yml, "
        ".gitignore and the GitHub Pages workflow: nothing of the demo.",
    )
    n.add_argument("dir", type=Path, metavar="DIR", help="the folder to create (absent or empty)")
    n.add_argument("--title", help='the site title (default: "Dossier: DIR")')
    n.set_defaults(func=cmd_new)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except DossierError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
