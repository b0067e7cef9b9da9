"""Turn untrusted text into Markdown or HTML that renders literally, and emit front matter safely.

Seed text is data, never markup: every character that could start HTML, a
Markdown construct or a pymdown extension (``==mark==``, ``:emoji:``, ``^^ins^^``,
``--8<--``, tables, attribute lists) becomes a numeric character reference,
which Python-Markdown passes through untouched and browsers display as the
character itself. Letters, digits, spaces and ordinary punctuation stay as they
are so the generated Markdown remains readable.

Most of a generated page is raw HTML, which Markdown does not process: there
text goes through ``html_text`` (only ``& < >`` escaped, white space tamed) and
attribute values through ``html_attr``; ``md_text`` is for the Markdown parts
(headings).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

import yaml

from ..page_format import FRONT_MATTER_JSON

# Characters that start markup wherever they stand become entities. Others only matter in
# some places, and each entity costs Python-Markdown an inline-pattern match, so ordinary
# prose ("40-year-old", "he said: ", "(R-Ohio)") is left as typed: parentheses and "!" can't
# form a link or image with [ ] < escaped; ":" only before a word character (emoji
# ":smile:", "javascript:"); "-" and "+" only in runs ("--8<--", "-->"); "#" only at the
# start of a line (see _LEAD).
_ALWAYS = "&<>\\`*_[]{}|~=^$@"
_LIST_NUMBER = re.compile(r"^(\d+)([.)])")
# Punctuation that opens a block at the start of a line: "!!! note" (admonition), "??? note"
# (details), "/// tab" (pymdown blocks), "%" ... so a leading one always becomes an entity.
_LEAD = re.compile(r"^[!\"'%,./;?#:+-]")
_SPACE = re.compile(r"[ \t\r\n\u2028\u2029]+")


# Control characters become U+FFFD and the always-escaped set becomes entities in one C-speed
# pass; the contextual patterns, rare in prose, then run only where they can match.
_CONTROLS = [*range(0, 9), 11, 12, *range(14, 32), 127]  # no business in a page (tab, LF, CR kept)
_TABLE = str.maketrans({**{chr(c): "\ufffd" for c in _CONTROLS}, **{c: f"&#{ord(c)};" for c in _ALWAYS}})
_CONTEXTUAL = re.compile(
    ":(?=[\\w+-])|-(?=-)|(?<=-)-|\\+(?=\\+)|(?<=\\+)\\+|(?i:\\((?=(?:c|r|tm)\\)))|(?<=[0-9cC+])/"
)


def _entity(m: re.Match) -> str:
    return f"&#{ord(m.group(0))};"


@lru_cache(maxsize=1 << 15)  # names, titles and dates recur on thousands of pages
def md_text(text: str) -> str:
    """Escape text for use inside a Markdown paragraph, heading, list item or link label."""
    if "  " in text or "\n" in text or "\r" in text or "\t" in text or "\u2028" in text or "\u2029" in text:
        text = _SPACE.sub(" ", text)
    text = text.translate(_TABLE).strip()
    text = _CONTEXTUAL.sub(_entity, text)
    text = _LEAD.sub(_entity, text)
    # "1. " or "1) " at the start would open an ordered list.
    return _LIST_NUMBER.sub(lambda m: f"{m[1]}&#{ord(m[2])};", text)


# Raw HTML blocks: Python-Markdown passes them through untouched, so only what HTML itself
# reads as markup is escaped (html.escape's job for text: & < >), control characters become
# U+FFFD, and runs of white space become one space so a block never holds a blank line (which
# would end it) or a line break that Markdown would read as one. str.replace and a regex scan
# run at C speed; str.translate with a table looks up every character (4x slower here).
_CONTROL = re.compile("[" + "".join(f"\\x{c:02x}" for c in _CONTROLS) + "]")


def html_text(text: str) -> str:
    """Escape text for the content of an element in a raw HTML block (not Markdown).

    White space at the edges is kept (collapsed to one space) so pieces join as in the source.
    """
    if "\n" in text or "\r" in text or "  " in text or "\t" in text or "\u2028" in text or "\u2029" in text:
        text = _SPACE.sub(" ", text)
    if _CONTROL.search(text):
        text = _CONTROL.sub("\ufffd", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def html_attr(text: str) -> str:
    """Escape text for an HTML attribute value in double quotes, in raw HTML or inline in Markdown.

    Built on md_text: inside a Markdown paragraph or heading Python-Markdown runs its code-span,
    escape and link patterns before it sets inline HTML aside, so a backtick or bracket in a
    value must be an entity there too. Values are short (names, URLs); the cost is nothing.
    """
    return md_text(text).replace('"', "&#34;").replace("'", "&#39;")


# Page-level keys MkDocs themes print into the HTML *unescaped* (Material's <title>, header,
# <meta name="description">): they are HTML-escaped here; everything under "dossier" stays raw data.
_THEME_KEYS = ("title", "description")


def theme_text(text: str) -> str:
    """Escape text that a theme template inserts verbatim into HTML text or a double-quoted attribute."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def page_front_matter(data: dict, body: str) -> str:
    """A generated page: front matter and a body, with the keys the theme prints unescaped made safe.

    The front matter is JSON laid out as a YAML flow mapping (one top-level key a line): any YAML
    loader reads it (MkDocs, other engines, python-frontmatter), and the dossier plugin reads it
    with ``json`` instead, a tenth of libyaml's parse with PyYAML's Python constructor (see
    ``FRONT_MATTER_JSON``). Only what pages hold is written — mappings, lists, strings, numbers,
    booleans, None; strings double-quoted with JSON's escapes, and every character YAML would
    fold or refuse escaped too. Read back by any YAML loader, or by ``json`` (when no float is
    infinite), it gives ``data``. Written here rather than by PyYAML's Python representer (1.5 s
    of a cold build at 840 articles).
    """
    data = {k: theme_text(v) if k in _THEME_KEYS and isinstance(v, str) else v for k, v in data.items()}
    entries = ",\n ".join(f"{_string(k)}: {_flow(v)}" for k, v in data.items())
    return f"{FRONT_MATTER_JSON}{entries}}}\n---\n\n{body.rstrip()}\n"


# What json.dumps leaves raw but YAML would fold (line breaks NEL, LS, PS) or refuse (C1 controls,
# DEL, BOM, non-characters) inside a double-quoted string.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


# A string written between double quotes as it is: nothing JSON or YAML would escape.
_AS_IS = re.compile('[^"\\\\\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]*')


def _string(value: str) -> str:
    if _AS_IS.fullmatch(value):
        return f'"{value}"'
    # JSON's escapes (\", \\, \n, \t, \uXXXX...) all mean the same in a YAML double-quoted string.
    quoted = json.dumps(value, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _flow(value: object) -> str:
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_string(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(map(_flow, value)) + "]"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:
            return ".nan"
        if value in (float("inf"), float("-inf")):
            return ".inf" if value > 0 else "-.inf"  # YAML only (json then fails; MkDocs reads YAML)
        text = repr(value)  # YAML 1.1 reads a float only with a "." in it: 1e-05 -> 1.0e-05
        return text if "." in text or "e" not in text else text.replace("e", ".0e")
    raise TypeError(f"front matter cannot hold {type(value).__name__} {value!r}")


# libyaml's emitter is ~20x faster than the pure-Python one and emits the same safe YAML.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def front_matter(data: dict, body: str) -> str:
    """A Markdown file: YAML front matter (always via the serializer, values exact) and a body."""
    dumped = yaml.dump(
        data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False
    )
    return f"---\n{dumped}---\n\n{body.rstrip()}\n"
