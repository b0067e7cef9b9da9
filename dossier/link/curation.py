"""The editor's file, ``dossier.yml``: people, corrections and notes that survive every rebuild.

Loading validates the file against its schema while it still has line numbers
(yaml.compose keeps them), so every error reads ``dossier.yml:LINE:COL: what was
expected``. The build never writes this file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from ..errors import DossierError
from ..model import Anchor, Correction, CuratedPerson, Curation, Note

STATUSES = ("verified", "unverified", "disputed", "misattributed")
MEDIA = (
    "tweet",
    "text message",
    "interview",
    "radio interview",
    "tv interview",
    "statement",
    "post",
    "email",
    "speech",
    "letter",
)


_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
_WIKIDATA = re.compile(r"Q[1-9][0-9]{0,12}")
# No white space, quotes, angle brackets or control characters: a link is an attribute value.
_URL_CHARS = re.compile(r"[^\s\"'<>`\x00-\x1f\x7f]+")


def web_url(value: str) -> bool:
    """An absolute http(s) URL with a host, and nothing that could leave an attribute."""
    if not _URL_CHARS.fullmatch(value):
        return False
    parts = urlsplit(value)
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


class CurationError(DossierError):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            problems[0] if len(problems) == 1 else f"{len(problems)} problems:\n" + "\n".join(problems)
        )


class _Reader:
    """Walks yaml nodes, converting values and collecting errors with positions."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.errors: list[str] = []

    def err(self, node: yaml.Node, message: str) -> None:
        m = node.start_mark
        self.errors.append(f"{self.path}:{m.line + 1}:{m.column + 1}: {message}")

    def mapping(self, node: yaml.Node, what: str, allowed: tuple[str, ...]) -> dict[str, yaml.Node] | None:
        if not isinstance(node, yaml.MappingNode):
            self.err(node, f"{what} must be a mapping (key: value)")
            return None
        out: dict[str, yaml.Node] = {}
        for k, v in node.value:
            key = k.value if isinstance(k, yaml.ScalarNode) else None
            if key not in allowed:
                self.err(k, f"unknown key {key!r} in {what}; expected one of: {', '.join(allowed)}")
                continue
            if key in out:
                self.err(k, f"duplicate key {key!r} in {what}")
                continue
            out[key] = v
        return out

    def fields(self, target: object, m: dict[str, yaml.Node], readers: dict[str, Callable]) -> None:
        """Set each attribute of ``target`` that the mapping gives, read by its reader."""
        for key, read in readers.items():
            if key in m:
                setattr(target, key, read(m[key], key))

    def seq(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if isinstance(node, yaml.ScalarNode) and node.value in ("", "null", "~"):
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.err(node, f"{what} must be a list")
            return []
        return list(node.value)

    def text(self, node: yaml.Node, what: str, allow_null: bool = False) -> str | None:
        if isinstance(node, yaml.ScalarNode):
            if node.tag.endswith(":null"):
                if allow_null:
                    return None
                self.err(node, f"{what} must not be empty")
                return None
            if node.value.strip() == "":
                self.err(node, f"{what} must not be empty")
                return None
            return node.value
        self.err(node, f"{what} must be text")
        return None

    def texts(self, node: yaml.Node, what: str) -> list[str]:
        if isinstance(node, yaml.ScalarNode) and not node.tag.endswith(":null"):
            return [v] if (v := self.text(node, what)) else []
        return [t for n in self.seq(node, what) if (t := self.text(n, f"an item of {what}"))]

    def boolean(self, node: yaml.Node, what: str) -> bool:
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":bool"):
            return node.value.lower() in ("true", "yes", "on")
        self.err(node, f"{what} must be true or false")
        return False

    def date(self, node: yaml.Node, what: str) -> str | None:
        value = self.text(node, what)
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value.strip()[:10]).isoformat()
        except ValueError:
            self.err(node, f"{what} must be a date YYYY-MM-DD, not {value!r}")
            return None

    def anchor(self, node: yaml.Node, what: str) -> Anchor | None:
        if isinstance(node, yaml.ScalarNode):
            exact = self.text(node, what)
            return Anchor(exact) if exact else None
        m = self.mapping(node, what, ("exact", "prefix", "suffix", "article"))
        if m is None:
            return None
        if "exact" not in m:
            self.err(node, f"{what} needs 'exact': the quoted words as printed")
            return None
        exact = self.text(m["exact"], f"{what}.exact")
        if not exact:
            return None
        get = lambda k: (self.text(m[k], f"{what}.{k}") or "") if k in m else ""  # noqa: E731
        return Anchor(exact, get("prefix"), get("suffix"), get("article") or None)


def _person(r: _Reader, node: yaml.Node) -> CuratedPerson | None:
    m = r.mapping(
        node, "a person", ("name", "aliases", "descriptions", "description", "links", "image_credit")
    )
    if m is None:
        return None
    if "name" not in m:
        r.err(node, "a person needs 'name'")
        return None
    name = r.text(m["name"], "name")
    if not name:
        return None
    if _CONTROL.search(name) or not name.strip():
        r.err(m["name"], "name must be one line of text (no line breaks or control characters)")
        return None
    p = CuratedPerson(name=name.strip(), line=node.start_mark.line + 1)
    if "aliases" in m:
        p.aliases = r.texts(m["aliases"], "aliases")
    if "descriptions" in m:
        p.descriptions = r.texts(m["descriptions"], "descriptions")
    if "description" in m:
        p.description = r.text(m["description"], "description")
    if "image_credit" in m:
        p.image_credit = r.text(m["image_credit"], "image_credit")
    if "links" in m:
        links = r.mapping(
            m["links"], "links", ("wikipedia", "wikidata", "website", "wikiquote", "twitter", "other")
        )
        for k, v in (links or {}).items():
            if (value := r.text(v, f"links.{k}")) is not None:
                value = value.strip()
                if not (k == "wikidata" and _WIKIDATA.fullmatch(value)) and not web_url(value):
                    r.err(v, f"links.{k} must be an http(s) URL{' or a Q-id' if k == 'wikidata' else ''}")
                    continue
                p.links[k] = value
    return p


def _correction(r: _Reader, node: yaml.Node) -> Correction | None:
    keys = (
        "quote",
        "speaker",
        "not_a_quote",
        "medium",
        "date",
        "addressee",
        "same_person",
        "different_people",
    )
    m = r.mapping(node, "a correction", keys)
    if m is None:
        return None
    c = Correction(line=node.start_mark.line + 1)
    if "same_person" in m or "different_people" in m:
        if "quote" in m or len(m) != 1:
            r.err(node, "same_person / different_people stand alone in their correction")
            return None
        key = next(iter(m))
        names = r.texts(m[key], key)
        if len(names) < 2:
            r.err(m[key], f"{key} needs at least two names")
            return None
        setattr(c, key, names)
        return c
    if "quote" not in m:
        r.err(node, "a correction needs 'quote' (the words it is about), or same_person / different_people")
        return None
    c.quote = r.anchor(m["quote"], "quote")
    if "speaker" in m:
        c.speaker, c.speaker_set = r.text(m["speaker"], "speaker", allow_null=True), True
    r.fields(c, m, {"not_a_quote": r.boolean, "medium": r.text})
    if c.medium and c.medium not in MEDIA:
        r.err(m["medium"], f"medium must be one of: {', '.join(MEDIA)}")
    r.fields(c, m, {"date": r.date, "addressee": r.text})
    if len(m) == 1:
        r.err(node, "this correction changes nothing: add speaker, not_a_quote, medium, date or addressee")
    return c if c.quote else None


def _note(r: _Reader, node: yaml.Node) -> Note | None:
    keys = ("quote", "person", "article", "dossier", "text", "author", "date", "status", "real_speaker")
    m = r.mapping(node, "a note", keys)
    if m is None:
        return None
    targets = [k for k in ("quote", "person", "article", "dossier") if k in m]
    if len(targets) != 1:
        r.err(node, "a note is about exactly one of: quote, person, article, dossier")
        return None
    if "text" not in m and "status" not in m:
        r.err(node, "a note needs 'text' (Markdown) or a 'status'")
        return None
    n = Note(line=node.start_mark.line + 1, text=(r.text(m["text"], "text") or "") if "text" in m else "")
    readers = {"quote": r.anchor, "person": r.text, "article": r.text, "dossier": r.boolean}
    r.fields(n, m, {**readers, "author": r.text, "date": r.date})
    if "status" in m:
        n.status = r.text(m["status"], "status")
        if n.status not in STATUSES:
            r.err(m["status"], f"status must be one of: {', '.join(STATUSES)}")
            n.status = None
        elif not n.quote:
            r.err(m["status"], "a status belongs to a note about a quote")
    if "real_speaker" in m:
        n.real_speaker = r.text(m["real_speaker"], "real_speaker")
        if n.status != "misattributed":
            r.err(m["real_speaker"], "real_speaker goes with status: misattributed")
    return n


def parse(text: str, path: str = "dossier.yml") -> Curation:
    """Parse and validate; raises CurationError listing every problem."""
    r = _Reader(path)
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else path
        raise CurationError([f"{where}: not valid YAML: {getattr(exc, 'problem', None) or exc}"]) from None
    cur = Curation(path=path)
    if root is None:
        return cur
    top = r.mapping(root, "dossier.yml", ("people", "corrections", "notes"))
    if top is not None:
        seen: dict[str, int] = {}
        for node in r.seq(top["people"], "people") if "people" in top else []:
            if p := _person(r, node):
                key = p.name.lower()
                if key in seen:
                    r.err(
                        node,
                        f"duplicate person {p.name!r} (first at line {seen[key]}); merge the two entries",
                    )
                    continue
                seen[key] = p.line
                cur.people.append(p)
        for node in r.seq(top["corrections"], "corrections") if "corrections" in top else []:
            if c := _correction(r, node):
                cur.corrections.append(c)
        for node in r.seq(top["notes"], "notes") if "notes" in top else []:
            if n := _note(r, node):
                cur.notes.append(n)
    if r.errors:
        raise CurationError(r.errors)
    return cur


def load(path: Path) -> Curation:
    """The curation file, or an empty curation when there is none."""
    if not path.exists():
        return Curation(path=str(path))
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CurationError([f"{path}: cannot be read: {exc}"]) from None
    return parse(text, str(path))
