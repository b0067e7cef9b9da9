"""Quotes of fewer than four words: kept in their article, on the speaker's page and at their
own URL, but neither announced as latest quotes nor listed or counted as statements."""

from __future__ import annotations

import json

from dossier.publish.build import build

SEED = (
    "Candidate Defends Remarks\n\n"
    'Candidate Tom Reed on Sunday called his remarks "locker room talk" and said critics were '
    '"ambitious." Reed added: "I apologize if anyone was offended by what I said back then."\n'
    'Later Reed told reporters, "We will win this state by a wide margin in November."\n'
)


def built(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "2016-10-09-reed.txt").write_text(SEED, "utf-8")
    build(seeds, tmp_path / "docs")
    docs = tmp_path / "docs"
    quotes = json.loads((docs / "data/quotes.json").read_text("utf-8"))
    return docs, quotes


def body(docs, page: str) -> str:
    return (docs / page).read_text("utf-8").split("---", 2)[2]


def test_fragments_are_not_announced_or_listed_as_statements(tmp_path):
    docs, quotes = built(tmp_path)
    fragments = [q for q in quotes if q["fragment"]]
    statements = [q for q in quotes if not q["fragment"]]
    assert any("locker room talk" in q["quotation"] for q in fragments)
    # Each piece under four words (phrases quoted in one sentence may come joined, with " … ").
    assert all(len(piece.split()) < 4 for q in fragments for piece in q["quotation"].split(" … "))
    assert len(statements) == 2
    home, index = body(docs, "index.md"), body(docs, "quotes/index.md")
    for q in fragments:
        assert q["id"] not in home and q["id"] not in index
        assert q["id"] not in body(docs, "timeline.md")
        assert (docs / f"quotes/{q['id']}.md").exists()  # a linkable page of its own
    for q in statements:
        assert q["id"] in home and q["id"] in index
    assert "2 statements from 1 sources" in index


def test_fragments_stay_in_their_article_and_on_the_speakers_page(tmp_path):
    docs, quotes = built(tmp_path)
    fragment = next(q for q in quotes if "locker room talk" in q["quotation"])
    speaker = fragment["speaker_id"]
    assert speaker, "the fragment is attributed"
    person = body(docs, f"people/{speaker}.md")
    phrases = person.split("## Quoted phrases", 1)[1]
    assert fragment["id"] in phrases
    said = [q for q in quotes if q["speaker_id"] == speaker and not q["fragment"]]
    assert f"{len(said)} quotes ·" in person
    article = body(docs, "articles/2016-10-09-reed.md")
    assert f'id="q-{fragment["id"]}"' in article  # highlighted in the text
    assert fragment["id"] in article.split("## Quoted phrases", 1)[1]


def test_latest_quotes_are_dated_statements(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "2016-10-09-reed.txt").write_text(SEED, "utf-8")
    undated = (
        "Crowd Reacts To Debate\n\n"
        '"Nobody in this room believed a word of it tonight," a voice shouted from the back.\n'
        '"This was the best night of the whole campaign season," one supporter told us.\n'
    )
    (seeds / "reactions.txt").write_text(undated, "utf-8")  # no date anywhere
    build(seeds, tmp_path / "docs")
    docs = tmp_path / "docs"
    quotes = json.loads((docs / "data/quotes.json").read_text("utf-8"))
    latest = body(docs, "index.md").split("## Latest quotes", 1)[1]
    for q in quotes:
        shown = q["id"] in latest
        assert shown == (q["date"] is not None and not q["fragment"]), q["quotation"]
    assert any(q["date"] is None for q in quotes)  # the undated article's quotes exist, unannounced
