"""MkDocs plugin ``dossier``: ``mkdocs build|serve|gh-deploy`` run the dossier build first.

With ``plugins: [search, dossier]`` the generated pages are refreshed before
MkDocs collects files, ``mkdocs serve`` also watches the seeds folder, and a
failed dossier build during ``serve`` is logged while the last good pages keep
being served. Quote pages get Open Graph tags and schema.org Quotation JSON-LD
in their <head>, from their front matter, for link previews.
"""

from __future__ import annotations

import html
import json
import logging
import os
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File

from .errors import DossierError

log = logging.getLogger("mkdocs.plugins.dossier")
ASSETS = Path(__file__).parent / "assets"
CSS = "assets/dossier.css"
NEEDED_EXTENSIONS = ("admonition", "tables", "attr_list")


class DossierConfig(Config):
    seeds = c.Type(str, default="seeds")
    curation = c.Type(str, default="dossier.yml")
    enabled = c.Type(bool, default=True)


class DossierPlugin(BasePlugin[DossierConfig]):
    def __init__(self) -> None:
        self.command = "build"
        self.root = Path(".")

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_config(self, config):
        self.root = Path(os.path.dirname(config.config_file_path or "mkdocs.yml") or ".")
        for ext in NEEDED_EXTENSIONS:
            if ext not in config.markdown_extensions:
                config.markdown_extensions.append(ext)
        if CSS not in config.extra_css:
            config.extra_css.append(CSS)
        return config

    @property
    def seeds(self) -> Path:
        return self.root / self.config.seeds

    def on_pre_build(self, *, config) -> None:
        if not self.config.enabled:
            return
        from .build import build

        try:
            result = build(self.seeds, Path(config.docs_dir), curation=self.root / self.config.curation)
        except DossierError as exc:
            if self.command == "serve":
                log.error(f"dossier: {exc} — still serving the last good pages")
                return
            raise PluginError(f"dossier: {exc}") from None
        for w in result.warnings:
            # Curation problems (orphaned notes...) need the editor's eyes; other notices don't.
            (log.warning if w.startswith("curation:") else log.info)(f"dossier: {w}")
        for p in result.problems:
            log.error(f"dossier: {p}")
        r = result.report
        log.info(
            f"dossier: {result.summary['articles']} articles, {result.summary['quotes']} quotes; "
            f"{len(r.written)} pages written, {len(r.removed)} removed"
        )

    def on_files(self, files, *, config):
        if files.get_file_from_path(CSS) is None:
            files.append(File(CSS, str(ASSETS.parent), config.site_dir, config.use_directory_urls))
        return files

    def on_serve(self, server, *, config, builder):
        if self.seeds.exists():
            server.watch(str(self.seeds))
        if (self.root / self.config.curation).exists():
            server.watch(str(self.root / self.config.curation))
        return server

    def on_post_page(self, output: str, *, page, config) -> str:
        meta = (page.meta or {}).get("dossier")
        if not isinstance(meta, dict):
            return output  # the user's own pages are left exactly as MkDocs made them
        if meta.get("kind") == "redirect":
            target = f"../{meta['to']}/" if config.use_directory_urls else f"{meta['to']}.html"
            tag = f'<meta http-equiv="refresh" content="0; url={html.escape(target, quote=True)}">'
            output = output.replace("</head>", tag + "\n</head>", 1)
        elif meta.get("kind") == "quote":
            head = preview_head(meta, page.meta.get("description", ""), page.canonical_url, config.site_name)
            output = output.replace("</head>", head + "</head>", 1)
        return compact(output)


def compact(output: str) -> str:
    """Drop the theme's blank lines and indentation: a fifth of a generated page's bytes.

    Only for generated pages, which hold no <pre> or <textarea> where white space matters;
    line breaks are kept, so inline scripts and text between tags read the same.
    """
    if "<pre" in output or "<textarea" in output:
        return output
    return "\n".join(line for line in (raw.strip() for raw in output.splitlines()) if line) + "\n"


def preview_head(meta: dict, description: str, url: str | None, site_name: str) -> str:
    """Open Graph tags and schema.org Quotation JSON-LD for a quote page."""
    speaker = meta.get("speaker_name") or "Unattributed"
    text = meta.get("text", "")
    og = {
        "og:type": "article",
        "og:title": f"“{_cut(text, 90)}” — {speaker}",
        "og:description": description,
        "og:site_name": site_name,
    }
    if url:
        og["og:url"] = url
    tags = [f'<meta property="{k}" content="{html.escape(str(v), quote=True)}">' for k, v in og.items()]
    tags.append('<meta name="twitter:card" content="summary">')
    ld = {
        "@context": "https://schema.org",
        "@type": "Quotation",
        "text": text,
        "spokenByCharacter": {"@type": "Person", "name": speaker},
        "isBasedOn": [
            {
                k: v
                for k, v in (
                    ("@type", "NewsArticle"),
                    ("headline", s.get("title")),
                    ("datePublished", s.get("date")),
                    ("url", s.get("url")),
                )
                if v  # schema.org has no null: leave unknown fields out
            }
            for s in meta.get("sources", [])
        ],
    }
    if meta.get("date"):
        ld["dateCreated"] = meta["date"]
    if url:
        ld["url"] = url
    # json.dumps does not escape "<", so "</script>" inside a quote would end the block: escape it.
    payload = (
        json.dumps(ld, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
    tags.append(f'<script type="application/ld+json">{payload}</script>')
    return "\n".join(tags) + "\n"


def _cut(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n].rsplit(" ", 1)[0] + "…"
