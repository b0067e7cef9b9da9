"""Command line: ``dossier build | serve | quotes | check | add | new``.

Exit codes: 0 success, 1 a problem with the user's input (one line per problem,
naming the file; no traceback), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .errors import DossierError

if TYPE_CHECKING:
    from .model import SiteOptions

PROGRESS_FROM = 50  # seeds; below this a progress bar is noise


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


def _site_options(args: argparse.Namespace, site_url: str | None = None) -> SiteOptions:
    from .model import SiteOptions
    from .publish.serve import mkdocs_settings
    from .templates import project_templates

    config = getattr(args, "config_file", None) or Path("mkdocs.yml")
    settings = mkdocs_settings(config)
    url = site_url or args.site_url or settings.get("site_url")
    name = settings.get("site_name")
    return SiteOptions(
        cards=not args.no_cards,
        site_url=str(url) if url else None,
        name=str(name) if name else SiteOptions.name,
        templates=project_templates(config.parent),
    )


def _config(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        type=Path,
        default=Path("dossier.yml"),
        help="the editor's curation file (default: dossier.yml; optional)",
    )


def cmd_build(args: argparse.Namespace, site: SiteOptions | None = None) -> int:
    from .publish.build import build

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
    from .publish import serve

    status = cmd_build(args, _site_options(args, serve.served_url(args.config_file, args.dev_addr)))
    if status and not args.keep_going:
        print("dossier: fix the problems above, or pass --keep-going to serve anyway", file=sys.stderr)
        return status
    cmd, env = serve.serve_command(args.config_file, args.dev_addr, args.full, cards=not args.no_cards)
    return serve.run_until_stopped(cmd, env)


def _read_all(paths: list[Path]) -> tuple[list, int]:
    """The seeds under the given files or folders; problems printed, status 1 if any."""
    from .read.article import read_all

    articles, problems = read_all(paths)
    for line in problems:
        print(f"error: {line}", file=sys.stderr)
    return articles, 1 if problems else 0


def cmd_quotes(args: argparse.Namespace) -> int:
    from .link.curation import load
    from .pipeline import quote_rows

    articles, status = _read_all(args.paths or [Path("seeds")])
    rows = quote_rows(articles, None if args.raw else load(args.config))
    for row in rows:
        if args.jsonl:
            print(json.dumps(row, ensure_ascii=False))
            continue
        who = row["speaker"] or "?"
        via = " ".join(x for x in (row["cue"], row["medium"] and f"[{row['medium']}]") if x)
        text = " ".join(row["text"].split())
        print(
            f"{row['article']}:{row['start']}-{row['end']}  {who:<20} {via:<24} “{text[:80]}{'…' if len(text) > 80 else ''}”"
        )
    return status


def cmd_check(args: argparse.Namespace) -> int:
    """Validate seeds and dossier.yml; report what an editor should look at."""
    from .link.check import check
    from .link.curation import CurationError, load
    from .pipeline import run_pipeline

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
    report = check(d, cur, str(args.config))
    errors += report.errors
    for line in report.infos:
        print(f"info: {line}")
    for line in report.warnings:
        print(f"warning: {line}")
    for e in errors:
        print(f"error: {e}", file=sys.stderr)
    print(
        f"dossier check: {len(articles)} articles, {len(d.quotes)} quotes ({report.unattributed} with no speaker), "
        f"{len(d.people)} people; {len(errors)} error(s)"
    )
    return 1 if errors else 0


def _check_lock(path: Path, repair: bool) -> list[str]:
    """Problems with the quote-id registry; with ``repair``, damaged lines are set aside first."""
    from .link import registry

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
    from .errors import SeedError
    from .read.add import SeedIndex, add_file, expand

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
    from .publish.scaffold import new

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
