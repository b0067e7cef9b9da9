"""Pages from Jinja2 templates: the package's (``dossier/templates/``), each overridable by file
name from a project's own ``templates/`` folder beside its mkdocs.yml, as MkDocs-Material's
``custom_dir`` overrides its theme (a ChoiceLoader: the project's folder first).

Escaping is decided here, once, by the environment. Everything a template prints is text
unless it is ``Markup``, and text goes through ``markup.html_text`` (``finalize``): the escape
of the raw HTML blocks a page is mostly made of (``& < >``, runs of white space made one space,
so a value can never end its block or start Markdown). Filters pick another context:

  ``md``          text inside Markdown (headings, admonition bodies): ``markup.md_text``
  ``attr_value``  a double-quoted attribute value: ``markup.html_attr``
  ``stripped``    text without white space at its edges (escaped first, then stripped)
  ``join``        joins text escaped as above (Jinja's own would escape it differently)

HTML made outside a template reaches one only through ``trusted`` (see there).

An environment is made once per template set (the sources' digest) and process, so each
template is compiled once; ``use`` picks the set a build renders with.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta
from jinja2.compiler import CodeGenerator
from markupsafe import Markup

from ..errors import DossierError
from ..templates import FOLDER as PACKAGE_TEMPLATES
from ..templates import template_files, templates_digest
from .markup import html_attr, html_text, md_text


@dataclass(slots=True)
class Link:
    """A link as page templates get it: ``href`` relative to the page, ``label`` text."""

    href: Markup  # made by common.page_link: nothing in it to escape
    label: str


_markup = str.__new__  # Markup(text) without Markup.__new__'s checks: text is escaped already


def _text(value: Any) -> Markup:
    """What ``{{ value }}`` prints: Markup as it is, anything else escaped as text."""
    if type(value) is str:  # most values: tested first
        return _markup(Markup, html_text(value))
    if isinstance(value, Markup):
        return value
    return _markup(Markup, html_text(str(value)))


class _Compiler(CodeGenerator):
    """Compiles ``{{ x }}`` to ``finalize(x)`` where Jinja writes ``escape(finalize(x))``: this
    environment's finalize is the escape (it returns Markup), so escape() would only copy what it
    returns, at a third of a page's rendering time. Other contexts (autoescape off) as Jinja does."""

    def _ours(self, frame: Any, finalize: Any) -> bool:
        return frame.eval_ctx.autoescape and not frame.eval_ctx.volatile and finalize.src is not None

    def _output_child_pre(self, node: Any, frame: Any, finalize: Any) -> None:
        if self._ours(frame, finalize):
            self.write(finalize.src)
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: Any, frame: Any, finalize: Any) -> None:
        if self._ours(frame, finalize):
            self.write(")")
        else:
            super()._output_child_post(node, frame, finalize)


def _stripped(value: Any) -> Markup:
    return Markup(_text(value).strip())


def _join(items: Iterable[Any], separator: str = "") -> Markup:
    return Markup(_text(separator).join(_text(item) for item in items))


def trusted(html: str) -> Markup:
    """HTML built outside a template, printed as it is. Only for HTML whose every piece of text
    was escaped where it was built, or that has nothing to escape: the article text with its
    quotes highlighted (articles.highlighted escapes the text between its own tags), curation
    notes (rendered from the editor's Markdown and cleaned by an allow-list in
    curate.render_note), and links between pages (common.rel: paths and anchors made of page ids
    and slugs, which are [a-z0-9-] by construction, see registry.valid_id and slugs.slugify)."""
    return _markup(Markup, html)


@dataclass
class TemplateSet:
    """The templates a build renders with, compiled once."""

    folder: Path | None
    env: jinja2.Environment
    _closure: dict[str, str] = field(default_factory=dict)

    def render(self, name: str, context: dict[str, Any]) -> str:
        if _used is not None:
            _used.add(name)
        try:
            return self.env.get_template(name).render(context)
        except jinja2.TemplateSyntaxError as exc:
            raise DossierError(f"{exc.filename or name}:{exc.lineno}: {exc.message}") from None
        except jinja2.TemplateNotFound as exc:
            raise DossierError(f"{name}: needs the template {exc.name}, which is not there") from None
        except jinja2.TemplateError as exc:
            files = {str(path) for path in template_files(self.folder).values()}
            where = _template_line(exc, files) or name
            raise DossierError(f"{where}: {exc.message or exc}") from None

    def digest(self, name: str) -> str:
        """A hash of a template and every template it includes, imports or extends: what a page
        rendered from it depends on (a reference by variable: every template)."""
        if name not in self._closure:
            loader = self.env.loader
            assert loader is not None
            todo, seen, h = [name], set(), hashlib.sha256()
            while todo:
                current = todo.pop()
                if current in seen:
                    continue
                seen.add(current)
                try:
                    source = loader.get_source(self.env, current)[0]
                except jinja2.TemplateNotFound:
                    h.update(f"{current}\0absent\0".encode())
                    continue
                h.update(f"{current}\0{source}\0".encode())
                try:
                    refs = list(jinja2.meta.find_referenced_templates(self.env.parse(source)))
                except jinja2.TemplateSyntaxError:
                    continue  # rendering it reports the error
                todo += sorted(template_files(self.folder)) if None in refs else refs
            self._closure[name] = h.hexdigest()
        return self._closure[name]


def _template_line(exc: BaseException, files: set[str]) -> str | None:
    """file:line of the template being rendered when ``exc`` was raised (Jinja rewrites the
    traceback so that the template's frames carry its file name and line)."""
    where = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename in files:
            where = f"{tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where


def _environment(folder: Path | None) -> jinja2.Environment:
    package = jinja2.FileSystemLoader(PACKAGE_TEMPLATES)
    loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(folder), package] if folder else [package])
    env = _Environment(
        loader=loader,
        autoescape=True,
        finalize=_text,
        undefined=jinja2.StrictUndefined,  # a misspelt name is an error naming the line, not a blank
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # a changed template makes a new set (use): no stat per page
    )
    env.filters.update(md=lambda v: Markup(md_text(str(v))), attr_value=lambda v: Markup(html_attr(str(v))))
    env.filters.update(stripped=_stripped, join=_join)
    env.tests["link"] = lambda v: isinstance(v, Link)
    return env


class _Environment(jinja2.Environment):
    code_generator_class = _Compiler


_SETS: dict[tuple[Path | None, str], TemplateSet] = {}
_active: TemplateSet | None = None
_used: set[str] | None = None


def use(folder: Path | None) -> TemplateSet:
    """Render with the package's templates and those of ``folder`` (None: the package's only).

    Called at the start of each build: a template edited since the last one makes a new set.
    """
    global _active
    key = (folder, templates_digest(folder))
    if key not in _SETS:
        _SETS.clear()  # the sets of templates as they were: nothing renders with them again
        _SETS[key] = TemplateSet(folder, _environment(folder))
    _active = _SETS[key]
    return _active


def active() -> TemplateSet:
    return _active or use(None)


def render(name: str, context: dict[str, Any]) -> str:
    return active().render(name, context)


@contextlib.contextmanager
def recording() -> Iterator[set[str]]:
    """The names of the templates rendered inside the block (dossier.publish.incremental keys pages by them)."""
    global _used
    outer, _used = _used, set()
    try:
        yield _used
    finally:
        _used = outer
