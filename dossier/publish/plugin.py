"""MkDocs plugin ``dossier``: ``mkdocs build|serve|gh-deploy`` run the dossier build first.

With ``plugins: [search, dossier]`` the generated pages are refreshed before
MkDocs collects files, ``mkdocs serve`` also watches the seeds folder, and a
failed dossier build during ``serve`` is logged while the last good pages keep
being served. Link previews (Open Graph, share cards, schema.org Quotation JSON-LD),
redirects and feed links are printed into pages' <head> by the theme override shipped in
``dossier/overrides`` (so any engine that reads ``theme.custom_dir`` keeps them): the plugin
adds that folder to the theme when mkdocs.yml does not name it.

Generated pages (front matter key ``dossier``) are mostly raw HTML (see
dossier.write.common). Two page events handle them, whether or not the plugin builds:

- a fast path: ``on_page_markdown`` sets each run of raw HTML blocks aside and leaves a
  one-word placeholder paragraph, so Python-Markdown parses only the headings and notes;
  ``on_page_content`` puts the blocks back. The page renders as it would without it.
- links: raw HTML is not Markdown, so MkDocs neither rewrites nor checks its ``.md`` links.
  ``on_page_content`` turns each into the target page's URL (as MkDocs would, with or
  without ``use_directory_urls``) and warns about a link to a page that is not in the
  site, which fails ``mkdocs build --strict``.

Under ``mkdocs serve --dirty`` (``dossier serve``), a rebuild after an edit leaves the generated
files the dossier build did not write out of MkDocs' work (``leave_built_alone``): the server
already holds their built pages, so MkDocs renders what changed instead of walking the whole
dossier's pages, dates and share cards. ``dossier serve --full`` renders everything each time.
Under any ``mkdocs serve``, MkDocs' list of the docs/ files (and of the theme's) is made from the
last build's (``listing.DocsListing``) instead of a File made and matched again for each of them.

And ``on_page_context`` hands Material's search plugin the page without the bodies of the
sections it leaves out anyway (under a ``data-search-exclude`` heading), then puts them back:
the same index, for a fraction of the HTML parsing.
"""

from __future__ import annotations

import contextlib
import html
import json
import logging
import os
import posixpath
import re
import secrets
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files

from ..errors import DossierError
from ..page_format import FRONT_MATTER_JSON
from ..templates import project_templates
from .listing import DocsListing, RebuildFiles, list_from_last
from .live import (
    CompiledTemplates,
    LiveWatch,
    OwnWritesFilter,
    RebuildOnChange,
    SearchIndexText,
    compile_once,
    material_search,
    merge_search_index,
    rebuild_requester,
    watch_docs,
)
from .output import load_manifest

log = logging.getLogger("mkdocs.plugins.dossier")
ASSETS = Path(__file__).parent.parent / "assets"
OVERRIDES = Path(__file__).parent.parent / "overrides"
CSS = "assets/dossier.css"
# attr_list marks generated headings ({ data-search-exclude }). No editor or seed text reaches it:
# headings go through markup.md_text (which escapes "{"), and curation notes arrive as HTML that
# curate.render_note made and cleaned, in raw HTML blocks Markdown passes through untouched.
NEEDED_EXTENSIONS = ("admonition", "tables", "attr_list")
# A relative link to a .md page (or a generated download: citation files) in a generated
# page's HTML: no scheme, not absolute.
MD_HREF = re.compile(r'href="([^"#:/][^"#:]*\.(?:md|bib|csl\.json))(#[^"]*)?"')


class DossierConfig(Config):
    seeds = c.Type(str, default="seeds")
    curation = c.Type(str, default="dossier.yml")
    enabled = c.Type(bool, default=True)
    cards = c.Type(bool, default=True)  # share-card images for quote and person pages


class DossierPlugin(BasePlugin[DossierConfig]):
    def __init__(self) -> None:
        self.command = "build"
        self.root = Path(".")
        # Placeholder word for raw HTML set aside: letters and digits, which no Markdown
        # extension touches, with a random part no page text can guess.
        self._token = "dossierhtml" + secrets.token_hex(6)
        self._aside: dict[str, list[str]] = {}
        self._meta: dict[str, dict] = {}  # generated pages' front matter, read by json (on_page_read_source)
        self._targets: dict = {}  # link targets, per build (see resolve_links)
        self._cut: dict[str, list[str]] = {}  # sections out of the search plugin's way
        self._material_search = False
        self._h1: dict[str, tuple[str, str]] = {}
        self._removed: list[str] = []  # generated files the last dossier build deleted from docs/
        self._docs_watch: OwnWritesFilter | None = None  # under serve: docs/ changes not ours
        self._live: LiveWatch | None = None  # under serve: the folders watched by notifications
        self.dirty = False
        # Under `mkdocs serve --dirty`, after a whole site was built by this process: the docs/
        # files this rebuild must render (written by the dossier build or by someone else).
        # None: let MkDocs judge every file (first build, a failed build, or not under serve).
        self._changed: set[str] | None = None
        self._site_built = False
        self._rendered: set[str] = set()  # URLs of the pages rendered by this build
        self._listing: set[str] = set()  # src_uris of this build's files
        self._listed: tuple[bool, set[str]] | None = None  # the last built site's: see pages_gone
        self._unlist: Callable[[], None] | None = None  # under serve: MkDocs' own get_files back
        self._compiled: CompiledTemplates | None = None  # under serve: the theme's, kept between builds
        self._index_text: SearchIndexText | None = None  # under serve: search entries' JSON, kept
        self._warm = False  # under serve: a build ran the pipeline in this process (its state is kept)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        self.dirty = dirty
        self._warm = False  # MkDocs may hand one plugin object to several runs in a process
        self._compiled = None
        self._index_text = None
        if command == "serve":  # one process rebuilds every edit: keep each build's state for the next
            from ..pipeline import keep_warm

            keep_warm()
            # Each rebuild's list of docs/ made from the last one (see listing.py).
            self._unlist = self._unlist or list_from_last(DocsListing())
            self._compiled = CompiledTemplates()
            self._index_text = SearchIndexText()

    def on_shutdown(self) -> None:
        if self._unlist is not None:
            self._unlist()
            self._unlist = None
        if self._live is not None:
            self._live.stop()

    # First of the plugins: Material's search renders theme templates in its own on_config.
    @event_priority(100)
    def _theme_compiled_once(self, config):
        if self._compiled is not None:
            compile_once(config.theme, self._compiled)
        return config

    def _configure(self, config):
        self.root = project_root(config.config_file_path)
        for ext in NEEDED_EXTENSIONS:
            if ext not in config.markdown_extensions:
                config.markdown_extensions.append(ext)
        if CSS not in config.extra_css:
            config.extra_css.append(CSS)
        add_overrides(config.theme)
        # Only Material's search leaves data-search-exclude sections out; MkDocs' own indexes them.
        self._material_search = material_search(config.plugins) is not None
        return config

    on_config = CombinedEvent(_theme_compiled_once, _configure)

    @property
    def seeds(self) -> Path:
        return self.root / self.config.seeds

    def on_pre_build(self, *, config) -> None:
        self._changed = None
        if not self.config.enabled:
            return
        if not self._docs_watch:
            self._build_dossier(config)
            return
        # Under serve: what the build writes into docs/ is judged after it, against its manifest.
        foreign = self._docs_watch.build_started()
        written = None
        try:
            written = self._build_dossier(config)
            if written is not None and self.dirty and self._site_built:
                self._changed = foreign | set(written)
        finally:
            if written is not None and self._docs_watch.generated():
                self._docs_watch.build_finished(self._removed, written=written)
            else:  # the first build, or one that failed: what the manifest says
                try:
                    ours = load_manifest(Path(config.docs_dir))
                except DossierError:
                    ours = {}
                self._docs_watch.build_finished(self._removed, manifest=ours)

    def _build_dossier(self, config) -> list[str] | None:
        """Run the dossier build; the docs/ files it wrote, or None when it failed."""
        from ..model import NO_CARDS_ENV, SiteOptions
        from .build import build

        site = SiteOptions(
            cards=self.config.cards and not os.environ.get(NO_CARDS_ENV),
            site_url=config.get("site_url") or None,
            name=config.get("site_name") or SiteOptions.name,
            templates=project_templates(self.root),
        )
        try:
            result = build(
                self.seeds,
                Path(config.docs_dir),
                curation=self.root / self.config.curation,
                site=site,
                # Under serve, the first build runs every stage even when nothing changed: the
                # state it keeps is what the first edit is rebuilt from (without it, that edit
                # reads every extraction back and links from scratch: 2 s CPU more at 840).
                reuse_unchanged=self._warm or self.command != "serve",
            )
        except DossierError as exc:
            if self.command == "serve":
                log.error(f"dossier: {exc} — still serving the last good pages")
                return None
            raise PluginError(f"dossier: {exc}") from None
        except Exception as exc:  # noqa: BLE001 - a bug must not take the live server down
            if self.command != "serve":
                raise
            log.error(
                f"dossier: the build failed ({type(exc).__name__}: {exc}) — still serving the last good pages"
            )
            return None
        for w in result.warnings:
            # Curation problems (orphaned notes...) need the editor's eyes; other notices don't.
            (log.warning if w.startswith("curation:") else log.info)(f"dossier: {w}")
        for p in result.problems:
            log.error(f"dossier: {p}")
        self._warm = self._warm or result.dossier is not None
        r = result.report
        self._removed = list(r.removed)
        log.info(
            f"dossier: {result.summary['articles']} articles, {result.summary['quotes']} quotes; "
            f"{len(r.written)} pages written, {len(r.removed)} removed"
        )
        return r.written

    def on_files(self, files, *, config):
        self._targets = {}
        self._rendered = set()
        self._listing = set(files.src_uris)
        if files.get_file_from_path(CSS) is None:
            files.append(File(CSS, str(ASSETS.parent), config.site_dir, config.use_directory_urls))
        if self._changed is not None and self._docs_watch is not None:
            files = leave_built_alone(files, self._docs_watch.generated() - self._changed, config.nav)
        return files

    def on_page_read_source(self, *, page, config) -> str | None:
        """A generated page's front matter read by json (it is JSON laid out as YAML, see
        markup.page_front_matter: libyaml's parse with PyYAML's Python constructor costs ten times
        more): MkDocs gets the rest, with no front matter left to parse, and the page data is handed
        over first thing in ``on_page_markdown``. Any other page, or JSON that does not read (an
        infinite float), is left to MkDocs' YAML. (An event MkDocs 1.6 calls deprecated: were it
        gone, MkDocs would read the same data as YAML.)"""
        try:
            source = page.file.content_string
        except (OSError, ValueError):
            return None  # MkDocs reads it again and says what went wrong
        if not source.startswith(FRONT_MATTER_JSON):
            return None
        end = source.find("\n---\n")  # a line of JSON never starts with "-"
        try:
            meta = json.loads(source[4:end]) if end > 0 else None
        except ValueError:
            return None
        if not isinstance(meta, dict):
            return None
        self._meta[page.file.src_uri] = meta
        return "\n" + source[end + 5 :]  # a blank first line: no MultiMarkdown meta read either

    # First of the plugins to see a page's Markdown: its data is in place for the others.
    @event_priority(100)
    def _page_data(self, markdown: str, *, page, config, files) -> str:
        meta = self._meta.pop(page.file.src_uri, None)
        if meta is not None:
            page.meta = meta
        return markdown

    # Last of the plugins to see the Markdown, first to see the HTML: others see whole pages.
    @event_priority(-100)
    def _set_aside(self, markdown: str, *, page, config, files) -> str:
        if not _generated(page):
            return markdown
        markdown, blocks = set_html_aside(markdown, self._token)
        if blocks:
            self._aside[page.file.src_uri] = blocks
        return markdown

    on_page_markdown = CombinedEvent(_page_data, _set_aside)

    @event_priority(100)
    def on_page_content(self, html: str, *, page, config, files) -> str:
        if not _generated(page):
            return html
        blocks = self._aside.pop(page.file.src_uri, None)
        if blocks:
            html, missing = put_html_back(html, blocks, self._token)
            if missing:
                log.warning(f"dossier: {page.file.src_uri}: {missing} raw HTML blocks lost in rendering")
        return resolve_links(html, page, files, self._targets)

    # Material's search parses each page's HTML and then drops the sections under a heading
    # marked data-search-exclude (lists of quotes, sources' context): most of a quote or person
    # page. Just before it runs, those sections' bodies are cut out; right after, put back.
    @event_priority(100)
    def _before_search(self, context, *, page, config, nav):
        self._rendered.add(page.url)
        if (
            self._material_search
            and _generated(page)
            and not ((page.meta.get("search") or {}).get("exclude"))
        ):
            page.content, cut = cut_unsearched(page.content, self._token)
            if cut:
                self._cut[page.file.src_uri] = cut
            if page.meta["dossier"].get("kind") == "quote":
                # A quote's heading names only its speaker; its search result is titled by its
                # words and speaker: an empty h1 makes Material's search use the page's title.
                page.content, swap = _blank_h1(page.content)
                if swap:
                    self._h1[page.file.src_uri] = swap
        return context

    @event_priority(-100)
    def _after_search(self, context, *, page, config, nav):
        swap = self._h1.pop(page.file.src_uri, None)
        if swap:
            page.content = page.content.replace(swap[0], swap[1], 1)
        cut = self._cut.pop(page.file.src_uri, None)
        if cut:
            page.content, missing = put_html_back(page.content, cut, self._token, "<!--{}-->")
            if missing:
                log.warning(f"dossier: {page.file.src_uri}: {missing} sections lost after indexing")
        return context

    on_page_context = CombinedEvent(_before_search, _after_search)

    def on_build_error(self, *, error: Exception) -> None:
        self._site_built = False  # pages may be missing from the site: MkDocs judges them all again

    @event_priority(100)  # before the search plugin writes its index
    def on_post_build(self, *, config) -> None:
        """Keep the search index whole after a dirty build; delete the built pages of generated
        files the dossier build removed (a seed gone).

        ``mkdocs serve --dirty`` and ``mkdocs build --dirty`` keep every file of the site
        folder they did not write again, so without this a removed article's pages would be
        served until a restart.
        """
        search = material_search(config.plugins)
        if search is not None:
            merge_search_index(search, self._rendered, pages_gone(self._listed, self._listing, config))
            index = getattr(search, "search_index", None)
            if self._index_text is not None and index is not None:
                self._index_text.install(index)
        self._listed = (config.use_directory_urls, self._listing)
        self._site_built = True
        site = Path(config.site_dir).resolve()
        for rel in self._removed:
            built = File(rel, config.docs_dir, config.site_dir, config.use_directory_urls)
            target = Path(built.abs_dest_path).resolve()
            if site not in target.parents:
                continue
            target.unlink(missing_ok=True)
            if config.use_directory_urls and rel.endswith(".md") and target.parent != site:
                with contextlib.suppress(OSError):
                    target.parent.rmdir()  # only when empty
        self._removed = []

    def on_serve(self, server, *, config, builder):
        self._live = LiveWatch(server)
        if self.config.enabled and self._warm:  # after the first build, before any edit
            from ..read.article import find_seeds
            from .cache import CACHE_DIR, load_extractor

            try:
                load_extractor(find_seeds(self.seeds), self.seeds.parent / CACHE_DIR)  # (as build.py)
            except Exception as exc:  # noqa: BLE001 - a head start must not keep the server from starting
                log.info(f"dossier: the extractor was not loaded ahead ({type(exc).__name__}: {exc})")
        if self.config.enabled:
            # The build's own writes into docs/ must not ask for another rebuild.
            handler = OwnWritesFilter(Path(config.docs_dir), lambda: None)
            if watch_docs(server, config.docs_dir, handler, self._live):
                self._docs_watch = handler
        request = rebuild_requester(server)
        if self.seeds.exists() and request is not None:
            self._live.schedule(RebuildOnChange(request), self.seeds)
        elif self.seeds.exists():
            server.watch(str(self.seeds))
        if (self.root / self.config.curation).exists():
            server.watch(str(self.root / self.config.curation))
        if project_templates(self.root).is_dir():  # an edited page template re-renders its pages
            server.watch(str(project_templates(self.root)))
        return server

    def on_post_page(self, output: str, *, page, config) -> str:
        if not _generated(page):
            return output  # the user's own pages are left exactly as MkDocs made them
        return compact(output)


def project_root(config_file: str | None) -> Path:
    """The folder of mkdocs.yml, relative to the working folder when it can be, in one form for
    every build: `mkdocs serve` reads the config first by the name given, then by its absolute
    path, and a root named two ways made each rebuild's seeds look like another project's (the
    state kept for the next build, the seed stamps: all missed)."""
    folder = os.path.abspath(os.path.dirname(config_file or "mkdocs.yml"))
    try:
        return Path(os.path.relpath(folder))
    except ValueError:  # another drive (Windows)
        return Path(folder)


def add_overrides(theme) -> None:
    """Put the package's theme override just after the user's own ``custom_dir`` (whose files
    win), unless mkdocs.yml already names it."""
    ours = os.path.realpath(OVERRIDES)
    if any(os.path.realpath(d) == ours for d in theme.dirs):
        return
    theme.dirs.insert(1 if theme.custom_dir else 0, str(OVERRIDES))


_H1 = re.compile(r"(<h1[^>]*>)(.*?)(</h1>)", re.S)


def leave_built_alone(files: Files, unchanged: set[str], nav) -> RebuildFiles:
    """Under `mkdocs serve --dirty`: leave out of this rebuild the generated files in
    ``unchanged``, whose built pages this server already holds. MkDocs then neither makes their
    Page objects, nor checks their dates, nor copies them, nor loops over them at all — it
    processes the files an edit changed, not the whole dossier. They stay in the list for
    look-ups, with their URLs, so links to them from the pages rendered resolve as before. Pages
    the nav names stay; with no ``nav`` in mkdocs.yml every page is in the nav, and only the other
    files (share cards, data, feeds) are left out."""
    by_uri = files.src_uris  # manifest paths are already POSIX: no get_file_from_path per file
    # Set operations, not a loop over the whole dossier's files (30,000 at 840 articles).
    left = (unchanged & by_uri.keys()) - nav_paths(nav)
    if nav is None:
        left = {rel for rel in left if not by_uri[rel].is_documentation_page()}
    return RebuildFiles(files, left)


def pages_gone(listed: tuple[bool, set[str]] | None, listing: set[str], config) -> set[str]:
    """The URLs of the last built site's pages that this build's files (``listing``, their
    src_uris) no longer have: a difference of two sets of paths, then a File made for each path
    gone, where the set of every page's URL cost a loop over the whole dossier's files per rebuild
    (≈ 0.03 s CPU at 840 articles). ``listed``: ``use_directory_urls`` and the src_uris of the last
    build that reached its end (None: none yet); when the setting changed, every URL is new."""
    if listed is None:
        return set()
    directory_urls, last = listed
    gone = last - listing if directory_urls == config.use_directory_urls else last
    made = (File(uri, config.docs_dir, config.site_dir, directory_urls) for uri in gone)
    return {f.url for f in made if f.is_documentation_page()}


def nav_paths(nav) -> set[str]:
    """Every path named in an mkdocs.yml ``nav`` (nested lists and mappings), "/" stripped."""
    if isinstance(nav, str):
        return {nav.lstrip("/")}
    if isinstance(nav, dict):
        return set().union(set(), *(nav_paths(v) for v in nav.values()))
    if isinstance(nav, list):
        return set().union(set(), *(nav_paths(v) for v in nav))
    return set()


def _blank_h1(html: str) -> tuple[str, tuple[str, str] | None]:
    """The page with its first h1 emptied, and (empty h1, original h1) to put it back."""
    m = _H1.search(html)
    if not m:
        return html, None
    empty = m.group(1) + m.group(3)
    return html[: m.start()] + empty + html[m.end() :], (empty, m.group(0))


def _generated(page) -> bool:
    return isinstance((page.meta or {}).get("dossier"), dict)


def set_html_aside(markdown: str, token: str) -> tuple[str, list[str]]:
    """Replace each run of raw HTML blocks with a placeholder paragraph ``<token><n>``.

    In a generated page a raw HTML block is a chunk between blank lines whose first
    character is "<" (nothing else there starts with one: md_text escapes it).
    """
    chunks = markdown.split("\n\n")
    out: list[str] = []
    blocks: list[str] = []
    run: list[str] = []
    for chunk in chunks:
        if chunk.startswith("<"):
            run.append(chunk)
            continue
        if run:
            out.append(f"{token}{len(blocks)}")
            blocks.append("\n\n".join(run))
            run = []
        out.append(chunk)
    if run:
        out.append(f"{token}{len(blocks)}")
        blocks.append("\n\n".join(run))
    return "\n\n".join(out), blocks


def put_html_back(
    html_text: str, blocks: list[str], token: str, placeholder: str = "<p>{}</p>"
) -> tuple[str, int]:
    """Put the blocks set aside back in place of their placeholders; count the missing."""
    found: set[int] = set()

    def back(m: re.Match) -> str:
        n = int(m.group(1))
        found.add(n)
        return blocks[n]

    out = re.sub(placeholder.format(re.escape(token) + "([0-9]+)"), back, html_text)
    return out, len(blocks) - len(found)


# A heading Material's search skips; its section's body runs to the next heading. (Found apart:
# one pattern with a lazy body up to a look-ahead tried the look-ahead at every character.)
EXCLUDED_HEADING = re.compile(r"<h([1-6])(?=[^>]*\sdata-search-exclude[\s>=])[^>]*>.*?</h\1>", re.S)
NEXT_HEADING = re.compile(r"<h[1-6][\s>]")


def cut_unsearched(html_text: str, token: str) -> tuple[str, list[str]]:
    """Cut the bodies of sections under a data-search-exclude heading, leaving ``<!--token<n>-->``.

    Material's search parser makes a section of each heading and what follows up to the next
    one, and leaves out a section whose heading has data-search-exclude: without their bodies
    it builds the same index. A body holding a <div> (an admonition, which could hold a
    heading of its own) is left alone, so what is cut is always whole elements.
    """
    if "data-search-exclude" not in html_text:
        return html_text, []
    cut: list[str] = []
    parts: list[str] = []
    kept = pos = 0  # text before `kept` is in parts; the next heading is looked for from `pos`
    while (m := EXCLUDED_HEADING.search(html_text, pos)) is not None:
        nxt = NEXT_HEADING.search(html_text, m.end())
        end = nxt.start() if nxt else len(html_text)
        body = html_text[m.end() : end]
        if body.strip() and "<div" not in body:
            parts += (html_text[kept : m.end()], f"<!--{token}{len(cut)}-->")
            cut.append(body)
            kept = end
        pos = end
    parts.append(html_text[kept:])
    return "".join(parts), cut


def resolve_links(html_text: str, page, files, targets: dict | None = None) -> str:
    """Turn relative .md links of a generated page's HTML into URLs; warn about missing pages.

    ``targets`` caches (folder, link) -> File across the pages of one build.
    """
    if ".md" not in html_text:
        return html_text
    base = posixpath.dirname(page.file.src_uri)
    targets = {} if targets is None else targets
    resolved: dict[str, str] = {}

    def url(m: re.Match) -> str:
        path, anchor = m.group(1), m.group(2) or ""
        if path not in resolved:
            key = (base, path)
            if key not in targets:
                src = posixpath.normpath(posixpath.join(base, unquote(html.unescape(path))))
                targets[key] = files.src_uris.get(src)  # normpath made it a POSIX src_uri already
            f = targets[key]
            if f is None:
                log.warning(f"dossier: {page.file.src_uri} links to '{path}', which is not in the site")
                resolved[path] = path
            else:
                resolved[path] = f.url_relative_to(page.file)
        return f'href="{resolved[path]}{anchor}"'

    return MD_HREF.sub(url, html_text)


def compact(output: str) -> str:
    """Drop the theme's blank lines and indentation: a fifth of a generated page's bytes.

    Only for generated pages, which hold no <pre> or <textarea> where white space matters;
    line breaks are kept, so inline scripts and text between tags read the same.
    """
    if "<pre" in output or "<textarea" in output:
        return output
    # map/filter rather than a generator: the same lines, without a Python frame per line.
    return "\n".join(filter(None, map(str.strip, output.splitlines()))) + "\n"
