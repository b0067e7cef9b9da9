"""Helpers for the end-to-end tests: build a project with mkdocs, screenshots, and a crawl.

The crawl checks a built site at file level: every href/src of every HTML page must
resolve to a file. No browser needed: links are resolved the way a browser would (against the page's own URL,
directory URLs ending in index.html), and fragments are checked against the target's ids.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"


def mkdocs_build(project: Path, *extra: str) -> Path:
    """Run `mkdocs build` in a project folder as a user would; return its site/ folder."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *extra],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, f"mkdocs build failed in {project}:\n{proc.stdout}\n{proc.stderr}"
    return project / "site"


def make_project(
    dest: Path, seeds: Path | dict[str, str] | None = None, mkdocs_yml: str | None = None
) -> Path:
    """A copy of the demo project (seeds/, docs/about.md, mkdocs.yml), optionally other seeds/config."""
    dest.mkdir(parents=True, exist_ok=True)
    if seeds is None:
        shutil.copytree(ROOT / "seeds", dest / "seeds")
    elif isinstance(seeds, dict):
        (dest / "seeds").mkdir()
        for name, text in seeds.items():
            (dest / "seeds" / name).write_text(text, "utf-8")
    else:
        shutil.copytree(seeds, dest / "seeds")
    (dest / "docs").mkdir()
    shutil.copy(ROOT / "docs" / "about.md", dest / "docs" / "about.md")
    (dest / "mkdocs.yml").write_text(mkdocs_yml or (ROOT / "mkdocs.yml").read_text("utf-8"), "utf-8")
    shutil.copytree(ROOT / "overrides", dest / "overrides")  # the demo's theme.custom_dir
    return dest


def screenshot(page, name: str, full_page: bool = True) -> Path:
    """Save a PNG in test-artifacts/ (git-ignored) for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


LINK_ATTRS = {
    "a": ("href",),
    "link": ("href",),
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "object": ("data",),
    "embed": ("src",),
    "form": ("action",),
}


@dataclass
class PageInfo:
    links: list[tuple[str, str]] = field(default_factory=list)  # (tag, url)
    ids: set[str] = field(default_factory=set)
    meta: dict[str, str] = field(default_factory=dict)
    canonical: str | None = None


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.info = PageInfo()

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        for key in ("id", "name") if tag == "a" else ("id",):
            if a.get(key):
                self.info.ids.add(a[key])
        for attr in LINK_ATTRS.get(tag, ()):
            value = a.get(attr)
            if not value:
                continue
            if attr == "srcset":
                for part in value.split(","):
                    if part.strip():
                        self.info.links.append((tag, part.strip().split()[0]))
            else:
                self.info.links.append((tag, value))
        if tag == "link" and "canonical" in a.get("rel", "").split():
            self.info.canonical = a.get("href")
        if tag == "meta" and (a.get("property") or a.get("name")):
            self.info.meta[a.get("property") or a.get("name")] = a.get("content", "")


def parse(path: Path) -> PageInfo:
    p = _Parser()
    p.feed(path.read_text("utf-8", errors="replace"))
    return p.info


def page_url(site: Path, file: Path, base: str) -> str:
    """The URL a built file is served at, under ``base`` (e.g. http://127.0.0.1/ or the site_url)."""
    rel = file.relative_to(site).as_posix()
    if rel.endswith("index.html"):
        rel = rel[: -len("index.html")]
    return urljoin(base, rel)


def url_to_file(site: Path, url: str, base: str) -> Path | None:
    """The file under ``site`` that serves ``url``, or None when the URL is outside the site."""
    parts, b = urlsplit(url), urlsplit(base)
    if (parts.scheme, parts.netloc) != (b.scheme, b.netloc) or not parts.path.startswith(b.path):
        return None
    rel = unquote(parts.path[len(b.path) :])
    rel = posixpath.normpath(rel) if rel else ""
    if rel in (".", ""):
        rel = ""
    if rel.startswith(".."):
        return None
    target = site / rel
    if target.is_dir() or parts.path.endswith("/"):
        target = target / "index.html"
    return target


@dataclass
class Crawl:
    pages: int = 0
    checked: int = 0
    broken: list[str] = field(default_factory=list)
    bad_fragments: list[str] = field(default_factory=list)
    outside: set[str] = field(default_factory=set)
    unsafe: list[str] = field(default_factory=list)


def crawl(site: Path, base: str = "http://127.0.0.1/") -> Crawl:
    """Check every link and asset of every HTML page in ``site`` as served under ``base``."""
    result = Crawl()
    infos = {f: parse(f) for f in sorted(site.rglob("*.html"))}
    for file, info in infos.items():
        result.pages += 1
        here = page_url(site, file, base)
        for tag, raw in info.links:
            raw = raw.strip()
            scheme = urlsplit(raw).scheme.lower()
            if scheme in ("javascript", "vbscript", "data") and tag in (
                "a",
                "iframe",
                "object",
                "embed",
                "form",
            ):
                result.unsafe.append(f"{file.relative_to(site)}: <{tag}> {raw[:80]}")
                continue
            if scheme in ("mailto", "tel", "data", "blob"):
                continue
            url = urljoin(here, raw)
            target = url_to_file(site, url, base)
            if target is None:
                result.outside.add(f"{urlsplit(url).scheme}://{urlsplit(url).netloc}")
                # an absolute path that escapes the site's base path is broken once published
                if urlsplit(url).netloc == urlsplit(base).netloc:
                    result.broken.append(f"{file.relative_to(site)}: {raw} (outside {base})")
                continue
            result.checked += 1
            if not target.is_file():
                result.broken.append(f"{file.relative_to(site)}: {raw}")
                continue
            frag = unquote(urlsplit(url).fragment)
            # (anchors starting "__" on the same page are Material's own UI toggles)
            own_ui = target == file and frag.startswith("__")
            if (
                frag
                and target.suffix == ".html"
                and tag == "a"
                and frag not in infos[target].ids
                and not own_ui
            ):
                result.bad_fragments.append(f"{file.relative_to(site)}: {raw}")
    return result
