"""dossier.yml: validation with positions, every correction kind, anchors, notes, check."""

from __future__ import annotations

import shutil
from pathlib import Path

import frontmatter
import pytest

from dossier.cli import main
from dossier.link.curate import sanitize_note
from dossier.link.curation import CurationError, parse
from dossier.link.linker import link
from dossier.model import ExtractedQuote, Extraction, LocalPerson
from dossier.publish.build import build
from dossier.read.article import read_text

ROOT = Path(__file__).resolve().parent.parent
EONLINE = "001_f7b43fe09d3c56d2"

STORY = (
    "Council Votes On Budget\n\n"
    'Mayor Ann Lee spoke first. "We will fund every library in this city next year," Lee said on Monday.\n\n'
    'Bo Chan, a councillor, disagreed. "This budget is a fantasy built on borrowed money," he said.\n\n'
    'The local paper called the plan "ambitious" in an editorial.\n'
)


def project(tmp_path: Path, curation: str | None, story: str = STORY) -> Path:
    (tmp_path / "seeds").mkdir(exist_ok=True)
    (tmp_path / "seeds" / "council.txt").write_text(story, "utf-8")
    if curation is not None:
        (tmp_path / "dossier.yml").write_text(curation, "utf-8")
    return tmp_path


def run(tmp: Path):
    return build(tmp / "seeds", tmp / "docs")


def quote_meta(tmp: Path) -> list[dict]:
    out = []
    for p in sorted((tmp / "docs/quotes").glob("*.md")):
        if p.name != "index.md":
            meta = frontmatter.load(p)["dossier"]
            if meta["kind"] == "quote":
                out.append(meta)
    return out


def by_words(tmp: Path, words: str) -> dict:
    return next(m for m in quote_meta(tmp) if words in m["text"])


# ---- validation --------------------------------------------------------------


@pytest.mark.parametrize(
    "text, where, expected",
    [
        ("people:\n  - name: [unclosed\n", ":3:1:", "not valid YAML"),
        ("people:\n  - name: A\n    nickname: B\n", ":3:5:", "unknown key 'nickname'"),
        ("people:\n  - name: A\n    aliases: {x: 1}\n", ":3:14:", "aliases must be a list"),
        ("people:\n  - name: Ann Lee\n  - name: ann lee\n", ":3:5:", "duplicate person 'ann lee'"),
        ("corrections:\n  - quote: x\n    medium: pigeon\n", ":3:13:", "medium must be one of"),
        ("notes:\n  - quote: x\n    status: maybe\n    text: t\n", ":3:13:", "status must be one of"),
        ("notes:\n  - person: A\n    article: b\n    text: t\n", ":2:5:", "exactly one of"),
        ("colours: blue\n", ":1:1:", "unknown key 'colours'"),
        ("corrections:\n  - quote: x\n", ":2:5:", "changes nothing"),
        ("people:\n  - name: A\n    links: {wikipedia: 'javascript:alert(1)'}\n", ":3:24:", "http(s) URL"),
    ],
)
def test_schema_errors_name_file_line_and_column(text, where, expected):
    with pytest.raises(CurationError) as exc:
        parse(text, "dossier.yml")
    message = str(exc.value)
    assert f"dossier.yml{where}" in message and expected in message


def test_broken_file_stops_the_build_and_loses_nothing(tmp_path):
    tmp = project(tmp_path, "people:\n  - name: Ann Lee\n")
    run(tmp)
    before = {p: p.read_bytes() for p in (tmp / "docs").rglob("*") if p.is_file()}
    broken = "people:\n  - name: Ann Lee\n    bogus: 1\n"
    (tmp / "dossier.yml").write_text(broken, "utf-8")
    with pytest.raises(CurationError, match="dossier.yml:3:5: unknown key 'bogus'"):
        run(tmp)
    assert {p: p.read_bytes() for p in (tmp / "docs").rglob("*") if p.is_file()} == before
    assert (tmp / "dossier.yml").read_text("utf-8") == broken


# ---- people ---------------------------------------------------------------------


def test_curated_person_gets_name_aliases_description_and_links(tmp_path):
    tmp = project(
        tmp_path,
        "people:\n  - name: Ann Lee\n    aliases: [Mayor Lee]\n    description: Mayor since 2019.\n"
        "    links: {wikipedia: 'https://en.wikipedia.org/wiki/Ann_Lee'}\n",
    )
    run(tmp)
    page = frontmatter.load(tmp / "docs/people/ann-lee.md")
    assert page["dossier"]["description"] == "Mayor since 2019."
    assert "Mayor Lee" in page["dossier"]["aliases"]
    assert "Mayor since 2019." in page.content and "wikipedia.org" in page.content


def _linked(
    texts: dict[str, tuple[str, list[tuple[str, list[str]]], list[tuple[str, str]]]],
    curation: str | None = None,
):
    """A linked dossier from hand-made extractions: {id: (text, [(name, variants)], [(quoted words, speaker)])},
    with the curation ``curation`` (dossier.yml text) as the linker's input."""
    articles, extractions = [], {}
    for aid, (text, people, quotes) in texts.items():
        art = read_text(text, aid)
        ex = Extraction(aid, people=[LocalPerson(n, n, variants=v) for n, v in people])
        for words_, speaker in quotes:
            start = text.index(words_)
            ex.quotes.append(
                ExtractedQuote(start, start + len(words_), words_, speaker=speaker, speaker_name=speaker)
            )
        articles.append(art)
        extractions[aid] = ex
    return link(articles, extractions, parse(curation) if curation is not None else None)


def test_same_person_and_different_people():
    src = {
        "a": (
            '"The bridge opens in May," John Smith said.\n',
            [("John Smith", ["Smith"])],
            [("The bridge opens", "John Smith")],
        ),
        "b": (
            '"Not before June," Smith said. Jo Smithe agreed.\n',
            [("Smith", []), ("Jo Smithe", [])],
            [("Not before June", "Smith")],
        ),
    }
    d = _linked(src)
    smith = [p for p in d.people if p.name == "John Smith"]
    assert len(smith) == 1 and smith[0].articles == ["a", "b"]  # the linker joined the lone "Smith"
    d = _linked(src, "corrections:\n  - different_people: [John Smith, Smith]\n")
    by_name = {p.name: p for p in d.people}
    assert by_name["John Smith"].articles == ["a"] and by_name["Smith"].articles == ["b"]
    june = next(q for q in d.quotes if "June" in q.text)
    assert june.speaker == by_name["Smith"].id
    d = _linked(src, "corrections:\n  - same_person: [John Smith, Jo Smithe]\n")
    merged = [p for p in d.people if "Jo Smithe" in [p.name, *p.aliases]]
    assert len(merged) == 1 and merged[0].name == "John Smith"
    # A curated person keeps their name and record whatever same_person joins to them.
    d = _linked(
        src,
        "people:\n  - name: Jo Smithe\n    description: Engineer.\ncorrections:\n  - same_person: [John Smith, Jo Smithe]\n",
    )
    (jo,) = [p for p in d.people if "John Smith" in [p.name, *p.aliases]]
    assert (jo.id, jo.name, jo.description, jo.curated) == ("jo-smithe", "Jo Smithe", "Engineer.", True)
    assert jo.articles == ["a", "b"] and d.quotes[0].speaker == jo.id


# ---- quote corrections -------------------------------------------------------------


BRIDGE = "The bridge opens in May for every car and bus"


def _two_printings(second_speaker: str) -> dict:
    """One statement printed by two articles; the second names another speaker."""
    return {
        "a": (f'"{BRIDGE}," John Smith said.\n', [("John Smith", [])], [(BRIDGE, "John Smith")]),
        "b": (f'"{BRIDGE}," {second_speaker} said.\n', [(second_speaker, [])], [(BRIDGE, second_speaker)]),
    }


def test_corrected_speaker_joins_the_statement_before_grouping():
    src = _two_printings("Bo Chan")
    assert len(_linked(src).quotes) == 2  # two speakers: two statements
    d = _linked(src, "corrections:\n  - quote: {exact: bridge opens, article: b}\n    speaker: John Smith\n")
    (q,) = d.quotes
    smith = next(p for p in d.people if p.name == "John Smith")
    assert q.speaker == smith.id and [o.article for o in q.occurrences] == ["a", "b"]
    assert q.id.startswith("john-smith-the-bridge-opens")  # made once, naming the right speaker
    assert {d.quote_of[(aid, src[aid][0].index(BRIDGE))] for aid in "ab"} == {q.id}


def test_not_a_quote_drops_only_the_printings_it_points_at():
    src = _two_printings("John Smith")
    d = _linked(src, "corrections:\n  - quote: {exact: bridge opens, article: a}\n    not_a_quote: true\n")
    (q,) = d.quotes
    assert [o.article for o in q.occurrences] == ["b"] and ("a", 1) not in d.quote_of


def test_corrected_date_puts_the_quote_in_date_order():
    src = {
        aid: (f'"{words_}," Ann Lee said.\n', [("Ann Lee", [])], [(words_, "Ann Lee")])
        for aid, words_ in (("a", "We open in May"), ("b", "We close in June"))
    }
    d = _linked(src, "corrections:\n  - quote: We close in June\n    date: 2001-02-03\n")
    assert [q.text for q in d.quotes] == ["We close in June", "We open in May"]
    assert d.quotes[0].date == "2001-02-03" and not d.quotes[0].date_inferred


def test_different_people_that_separate_no_one_are_reported_and_make_no_person():
    src = {"a": ('"We open in May," John Smith said. Smith smiled.\n', [("John Smith", ["Smith"])], [])}
    d = _linked(
        src,
        "corrections:\n  - different_people: [John Smith, Smith]\n  - different_people: [John Smith, Jo Lee]\n",
    )
    assert [p.name for p in d.people] == ["John Smith"]
    assert "dossier.yml:2: 'Smith' is only another name of 'John Smith'" in d.problems[0]
    assert "dossier.yml:3: 'John Smith' and 'Jo Lee' are already different people" in d.problems[1]


def test_speaker_medium_date_addressee_corrections(tmp_path):
    curation = (
        "corrections:\n"
        "  - quote: This budget is a fantasy\n"
        "    speaker: Dee Park\n"
        "    medium: statement\n"
        "    date: 2020-02-03\n"
        "    addressee: Ann Lee\n"
    )
    tmp = project(tmp_path, curation)
    run(tmp)
    q = by_words(tmp, "fantasy")
    assert q["speaker_name"] == "Dee Park"
    assert q["medium"] == "statement"
    assert q["date"] == "2020-02-03" and q["date_inferred"] is False
    assert q["addressee"] == "ann-lee"
    assert (tmp / "docs/people/dee-park.md").exists()


def test_not_a_quote_removes_it_everywhere(tmp_path):
    tmp = project(tmp_path, None)
    run(tmp)
    assert by_words(tmp, "library")
    (tmp / "dossier.yml").write_text(
        "corrections:\n  - quote: fund every library\n    not_a_quote: true\n", "utf-8"
    )
    result = run(tmp)
    assert not [m for m in quote_meta(tmp) if "library" in m["text"]]
    assert all("library" not in q.text for q in result.dossier.quotes)
    data = (tmp / "docs/data/quotes.json").read_text("utf-8")
    assert "library" not in data


def test_speaker_null_unattributes(tmp_path):
    tmp = project(tmp_path, "corrections:\n  - quote: fund every library\n    speaker: null\n")
    run(tmp)
    assert by_words(tmp, "library")["speaker"] is None


# ---- anchors and notes --------------------------------------------------------------


NOTE = (
    "notes:\n"
    "  - quote: {exact: fund every library, prefix: We will, suffix: in this city}\n"
    "    status: disputed\n"
    "    author: Desk\n"
    "    date: 2020-02-04\n"
    "    text: |\n"
    "      The library budget was cut in March. <script>alert(1)</script>\n"
    "      [source](javascript:alert(2))\n"
)


def test_note_and_status_show_on_quote_and_person_pages(tmp_path):
    tmp = project(tmp_path, NOTE)
    run(tmp)
    q = by_words(tmp, "library")
    assert q["status"] == "disputed"
    page = next(p for p in (tmp / "docs/quotes").glob("*library*.md"))
    text = page.read_text("utf-8")
    assert '<div class="admonition warning"><p class="admonition-title">Disputed: note by Desk' in text
    assert "The library budget was cut in March." in text
    assert "<script>" not in text and "javascript:" not in text
    person = (tmp / "docs/people/ann-lee.md").read_text("utf-8")
    assert "## Disputed" in person


def test_anchor_survives_edits_around_the_quote(tmp_path):
    tmp = project(tmp_path, NOTE)
    run(tmp)
    edited = STORY.replace("Mayor Ann Lee spoke first.", "After a long debate, Mayor Ann Lee finally spoke.")
    edited = edited.replace("Lee said on Monday", "Lee told reporters on Monday")
    (tmp / "seeds/council.txt").write_text(edited, "utf-8")
    result = run(tmp)
    assert not [w for w in result.warnings if "orphaned" in w]
    assert by_words(tmp, "library")["status"] == "disputed"


def test_removed_passage_is_reported_as_orphan_not_lost(tmp_path, capsys):
    tmp = project(tmp_path, NOTE)
    run(tmp)
    cut = "\n\n".join(p for p in STORY.split("\n\n") if "library" not in p)
    (tmp / "seeds/council.txt").write_text(cut, "utf-8")
    result = run(tmp)
    assert any("dossier.yml:2: orphaned" in w and "fund every library" in w for w in result.warnings)
    assert "fund every library" in (tmp / "dossier.yml").read_text("utf-8")
    code = main(["check", "--seeds", str(tmp / "seeds"), "--config", str(tmp / "dossier.yml")])
    assert code == 1
    assert "orphaned" in capsys.readouterr().err


def test_ambiguous_anchor_is_reported(tmp_path):
    tmp = project(tmp_path, 'notes:\n  - quote: "y"\n    text: which one?\n')
    result = run(tmp)  # "y" is in "every library" (Lee) and in "fantasy" (Chan): two quotes
    assert any("dossier.yml:2: ambiguous" in w for w in result.warnings)


def test_notes_on_article_person_and_dossier(tmp_path):
    curation = (
        "notes:\n"
        "  - article: council\n    text: Printed on page 3.\n"
        "  - person: Bo Chan\n    text: Leads the opposition.\n"
        "  - dossier: true\n    text: Compiled for the budget story.\n"
    )
    tmp = project(tmp_path, curation)
    result = run(tmp)
    assert result.dossier.article_notes["council"][0]["text"].startswith("Printed on page 3")
    assert "Leads the opposition." in (tmp / "docs/people/bo-chan.md").read_text("utf-8")
    assert result.dossier.notes[0]["text"].startswith("Compiled for")


def test_sanitize_note_keeps_markdown_and_cuts_html_and_unsafe_links():
    out = sanitize_note(
        "**bold** <img src=x onerror=alert(1)> [ok](https://a.org) [bad](javascript:x)\n[d]: data:text/html,x"
    )
    assert "**bold**" in out and "[ok](https://a.org)" in out
    assert "<img" not in out and "javascript:" not in out and "data:" not in out


# ---- the demo ----------------------------------------------------------------------------


def demo(tmp_path: Path, with_curation: bool) -> Path:
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    if with_curation:
        shutil.copy(ROOT / "dossier.yml", tmp_path / "dossier.yml")
    run(tmp_path)
    return tmp_path


def test_demo_curation_applies_and_check_passes(tmp_path, capsys):
    tmp = demo(tmp_path, True)
    kanye = frontmatter.load(tmp / "docs/people/kanye-west.md")
    assert kanye["dossier"]["description"].startswith("American rapper")
    assert "Yeezy" in kanye["dossier"]["aliases"]
    tweet = by_words(tmp, "I really appreciate this dialogue")
    assert tweet["status"] == "verified" and len(tweet["sources"]) == 2
    code = main(["check", "--seeds", str(tmp / "seeds"), "--config", str(tmp / "dossier.yml")])
    assert code == 0, capsys.readouterr().err


def test_demo_is_right_without_curation(tmp_path):
    tmp = demo(tmp_path, False)
    tweet = by_words(tmp, "I really appreciate this dialogue")
    assert tweet["speaker_name"] == "Kanye West" and len(tweet["sources"]) == 2
    hey = by_words(tmp, "Hey it's JL")
    assert hey["speaker_name"] == "John Legend"
    assert {p.stem for p in (tmp / "docs/people").glob("*.md")} >= {
        "kanye-west",
        "john-legend",
        "chrissy-teigen",
    }
