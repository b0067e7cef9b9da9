"""The data export's records kept between builds of one process (dossier/write/data.py): the files
are the bytes json.dumps makes of the whole list, whatever was kept, and a record that changes
is encoded again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dossier.pipeline import load_articles, run_pipeline
from dossier.write import article_slugs, data
from dossier.write.data import render_data

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).parent / "hostile"


def plain(records: list) -> bytes:
    return (json.dumps(records, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


@pytest.fixture
def kept():
    data.keep_records(True)
    yield
    data.keep_records(False)


HOSTILE_RECORDS = [
    {"text": 'line one\nline two "quoted" \\ back', "pieces": [[1, 2], []], "empty": {}, "none": None},
    {"nested": {"a": [{"b": []}, {}], "u": "\u2028 \u00e9 \U0001f600", "tab": "\t"}, "n": 0.125},
    {},
    [],
    "a string record",
]


def test_kept_records_give_the_bytes_of_the_whole_list(kept):
    assert data._dump(HOSTILE_RECORDS, "t") == plain(HOSTILE_RECORDS)
    again = [*HOSTILE_RECORDS[:2], {"changed": True}, *HOSTILE_RECORDS[2:]]
    assert data._dump(again, "t") == plain(again)  # two kept, one new, in another place
    assert data._dump([], "t") == plain([])
    # A record equal in value but another object is the same text; a changed one is not kept.
    first = [{"id": "q1", "text": "old words"}]
    assert data._dump(first, "u") == plain(first)
    first[0]["text"] = "new words"
    assert data._dump(first, "u") == plain(first)


def test_the_export_of_a_real_dossier_is_the_same_with_records_kept(kept):
    articles, extractions, _, _ = load_articles(ROOT / "seeds")
    hostile, hostile_ex, _, _ = load_articles(HOSTILE)
    d = run_pipeline([*articles, *hostile], None, {**extractions, **hostile_ex})
    slugs = article_slugs(d)
    data.keep_records(False)
    want = render_data(d, slugs)
    data.keep_records(True)
    assert render_data(d, slugs) == want  # every record encoded
    assert render_data(d, slugs) == want  # every record kept
    assert len(data._RECORDS["quotes"]) == len({json.dumps(r) for r in json.loads(want["data/quotes.json"])})
