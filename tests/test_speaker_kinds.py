"""What a quote page shows is what the data says: people, organisations and unnamed sources."""

from __future__ import annotations

import json
from pathlib import Path

from dossier.publish.build import build

ARTICLE = (
    "Senate Passes Budget\n\n"
    "The Senate passed the budget on Tuesday.\n\n"
    '"The plan is flawed and will raise the deficit," The New York Times said in an editorial on Wednesday.\n\n'
    'Senator Ann Lowe disagreed. "It is a good plan," she said.\n\n'
    '"The numbers do not add up," a senior aide said.\n'
)


def _built(tmp_path: Path) -> Path:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "seeds" / "2019-05-01-budget.txt").write_text(ARTICLE, encoding="utf-8")
    build(tmp_path / "seeds", tmp_path / "docs", cache=False)
    return tmp_path / "docs"


def test_speakers_are_people_organisations_or_descriptions(tmp_path):
    docs = _built(tmp_path)
    quotes = json.loads((docs / "data" / "quotes.json").read_text("utf-8"))
    quotes = quotes if isinstance(quotes, list) else quotes["quotes"]
    kinds = {q["speaker"]: q["speaker_kind"] for q in quotes}
    assert kinds == {
        "The New York Times": "organisation",
        "Ann Lowe": "person",
        "a senior aide": "description",
    }
    people = json.loads((docs / "data" / "people.json").read_text("utf-8"))
    people = people if isinstance(people, list) else people["people"]
    assert {p["name"]: p["kind"] for p in people} == {
        "Ann Lowe": "person",
        "The New York Times": "organisation",
    }
    # The organisation has a page; the unnamed aide has none, and their quote page says who they are.
    assert (docs / "people" / "the-new-york-times.md").exists()
    assert not any("aide" in p.name for p in (docs / "people").iterdir())
    aide = [p for p in (docs / "quotes").glob("*.md") if "numbers" in p.read_text("utf-8")]
    assert aide and "# Quote by A senior aide" in aide[0].read_text("utf-8")
