"""Generated pages' front matter is written without PyYAML's emitter (markup.page_front_matter), as
JSON laid out as YAML: every YAML loader MkDocs may use, and json (the plugin's), must read back
exactly the values the page was made from."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.publish.build import build
from dossier.write.markup import FRONT_MATTER_JSON, front_matter, page_front_matter, theme_text

ROOT = Path(__file__).resolve().parent.parent
LOADERS = [yaml.SafeLoader] + ([yaml.CSafeLoader] if hasattr(yaml, "CSafeLoader") else [])

# Strings a YAML reader could take for something else, or fold, or refuse.
HOSTILE = [
    "",
    " ",
    "yes",
    "No",
    "ON",
    "off",
    "true",
    "False",
    "null",
    "Null",
    "~",
    "y",
    "n",
    "123",
    "0x1F",
    "0o17",
    "017",
    "1_000",
    "1:20",
    "-1.5e3",
    ".inf",
    "-.Inf",
    ".NaN",
    "2018-04-26",
    "2018-04-26T17:25:00",
    "2018-04-26 17:25",
    " leading",
    "trailing ",
    "a: b",
    "a:b",
    "key:",
    "# comment",
    "a #b",
    "- item",
    "-",
    "? x",
    "[x, y]",
    "{a: b}",
    "&anchor",
    "*alias",
    "!tag x",
    "!!python/object:os.system",
    "|",
    ">",
    "%YAML 1.1",
    "@handle",
    "`tick`",
    "'single'",
    '"double"',
    "back\\slash",
    "\\n literally",
    "line\nbreak",
    "two\n\nbreaks",
    "carriage\r\nreturn",
    "tab\there",
    "nel\x85next",
    "line\u2028separator",
    "para\u2029separator",
    "\ufeffbom",
    "nul\x00byte",
    "del\x7f",
    "c1\x9b",
    "bell\x07",
    "esc\x1b[31m",
    "non\ufffechar",
    "---",
    "...",
    "--- x",
    "<script>alert(1)</script>",
    "“curly” — dash…",
    "emoji 😀 astral 𝔘",
    "<<",
    "=",
    "a  b",
    "Mr. Smith",
    "articles/001-f7b43fe09d3c56d2.md",
]


def roundtrip(data: dict) -> list[dict]:
    """The front matter as each YAML loader reads it, and as json does (what the plugin uses)."""
    text = page_front_matter(data, "body")
    assert text.startswith(FRONT_MATTER_JSON) and text.endswith("---\n\nbody\n")
    fm = text[4 : text.index("\n---\n", 0) + 1]
    read = [yaml.load(fm, Loader) for Loader in LOADERS]
    try:
        read.append(json.loads(fm))
    except ValueError:  # only an infinite float, which JSON cannot hold: the plugin leaves it to YAML
        assert ".inf" in fm
    return read


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_strings_read_back_as_written(value):
    data = {"dossier": {"text": value, value or "empty": [value, {"k": value}], "n": [[1, 2], []]}}
    for got in roundtrip(data):
        assert got == data


def test_theme_keys_are_escaped_then_read_back():
    data = {"title": '<b>"Hi"</b> & yes', "description": "no", "dossier": {"title": "<b>"}}
    for got in roundtrip(data):
        assert got["title"] == "&lt;b&gt;&quot;Hi&quot;&lt;/b&gt; &amp; yes"
        assert got["description"] == "no"
        assert got["dossier"] == {"title": "<b>"}  # raw data under dossier


scalars = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"])),  # lone surrogates cannot be written as UTF-8
    st.integers(),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(st.characters(exclude_categories=["Cs"]), max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=8), values))
def test_any_page_data_reads_back(data):
    data.pop("title", None), data.pop("description", None)  # escaped for the theme (above)
    for got in roundtrip(data):
        assert got == data


def _legacy_front_matter(data: dict, body: str) -> str:
    """What page_front_matter wrote before: the same escaping, PyYAML's dumper."""
    data = {
        k: theme_text(v) if k in ("title", "description") and isinstance(v, str) else v
        for k, v in data.items()
    }
    return front_matter(data, body)


def test_real_pages_hold_what_pyyaml_wrote(tmp_path, monkeypatch):
    """The demo dossier built twice, with PyYAML's dumper and with ours: same pages, same values."""
    ours = tmp_path / "ours"
    build(ROOT / "seeds", ours, lock=tmp_path / "a.lock", cache=False)
    for module in list(sys.modules.values()):
        if (module.__name__ or "").startswith("dossier.write") and hasattr(module, "page_front_matter"):
            monkeypatch.setattr(module, "page_front_matter", _legacy_front_matter)
    theirs = tmp_path / "theirs"
    build(ROOT / "seeds", theirs, lock=tmp_path / "b.lock", cache=False)
    pages = sorted(p.relative_to(ours) for p in ours.rglob("*.md"))
    assert len(pages) > 20 and pages == sorted(p.relative_to(theirs) for p in theirs.rglob("*.md"))
    differ = 0
    for rel in pages:
        a, b = (root.joinpath(rel).read_text("utf-8") for root in (ours, theirs))
        differ += a != b  # the front matter is written differently (JSON, a YAML flow mapping)...
        _, fm_a, body_a = a.split("---\n", 2)
        _, fm_b, body_b = b.split("---\n", 2)
        assert body_a == body_b, rel
        for Loader in LOADERS:  # ...and reads back the same
            assert yaml.load(fm_a, Loader) == yaml.load(fm_b, Loader), rel
        assert json.loads(fm_a) == yaml.load(fm_b, LOADERS[0]), rel
    assert differ > len(pages) // 2
