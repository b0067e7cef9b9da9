"""Wording across sources: how each outlet cut the same statement, on the demo's merged tweet."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from dossier.publish.build import build
from dossier.write.wording import compare, label, render_comparison

ROOT = Path(__file__).resolve().parent.parent
TWEET = "I really appreciate this dialogue with John Legend"


class _Text(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.tags: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.parts.append(data)


def _tweet(project: Path) -> tuple[dict, str]:
    docs = project / "docs"
    build(project / "seeds", docs, curation=ROOT / "dossier.yml")
    quotes = json.loads((docs / "data" / "quotes.json").read_text("utf-8"))
    q = next(q for q in quotes if q["quotation"].startswith(TWEET))
    return q, (docs / "quotes" / f"{q['id']}.md").read_text("utf-8")


def test_demo_tweet_shows_where_each_source_stops(project):
    q, page = _tweet(project)
    assert q["numOccurrences"] == 2
    section = page.split("## Wording across sources", 1)[1].split("\n## ", 1)[0]
    text = " ".join("".join(_Text(section).parts).split())
    # which source is which, by the order the Sources section lists them
    radio = next(n for n, o in enumerate(q["occurrences"], 1) if "truly hearing" not in o["wording"])
    eonline = 3 - radio
    # the radio piece stops at "think of empathy"; E! runs on to "truly hearing all sides"
    assert re.search(rf"\[{radio}\] .* stops at “…don't think of empathy,?”", text)
    assert f"[only in {eonline}: This is year one." in text
    assert text.count("truly hearing all sides") == 1 and "truly hearing all sides.]" in text
    # the common words are shown once, outside any bracket
    assert text.count("I'm still the kid from the telethon") == 1
    assert text.index("I'm still the kid") < text.index(f"[only in {eonline}:")
    assert "ins" in _Text(section).tags  # marked in markup too, not only by colour


def test_identical_wordings_give_no_view():
    assert compare("We will win.", ["We will win.", "we will WIN"]) is None
    assert compare("We will win.", ["We will win."]) is None


def test_three_sources_additions_and_omissions():
    base = "one two three four five six"
    c = compare(base, ["one two three four five six", "two three four", "one two three four five six seven"])
    assert c is not None
    shown = render_comparison(c, ["A", "B", "C"])
    words = " ".join("".join(_Text(shown).parts).split())
    assert "[not in 2: one]" in words
    assert "[not in 2: five six]" in words
    assert "[only in 3: seven]" in words
    cuts = {cut.number: cut for cut in c.cuts}
    assert cuts[2].printed == 3 and cuts[2].starts_at[0] == "two" and cuts[2].stops_at[-1] == "four"
    assert cuts[3].added == 1 and not cuts[1].stops_at


def test_labels_name_the_fewer_sources():
    assert label(frozenset({2}), 2) == "only in 2"
    assert label(frozenset({1, 2, 4}), 4) == "not in 3"


def test_hostile_wording_is_escaped():
    c = compare("<b>bold</b> & more", ["<b>bold</b> & more", "<script>alert(1)</script> & more"])
    html = render_comparison(c, ['"><img src=x onerror=alert(1)>', "B"])
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html
