"""The data export's records kept between builds of one process (dossier/write/data.py): the files
are the bytes json.dumps makes of the whole list, whatever was kept; only the records named as
changed since the dossier the kept texts were made from are made again, and texts kept from
another dossier are never used."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from dossier.pipeline import load_articles, run_pipeline
from dossier.write import article_slugs, data
from dossier.write.data import RecordChanges, render_data

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
]


def test_record_texts_join_into_the_bytes_of_the_whole_list():
    assert data._join([data._record_text(r) for r in HOSTILE_RECORDS]) == plain(HOSTILE_RECORDS)
    assert data._join([]) == plain([])


@pytest.fixture(scope="module")
def dossier_and_slugs():
    articles, extractions, _, _ = load_articles(ROOT / "seeds")
    hostile, hostile_ex, _, _ = load_articles(HOSTILE)
    d = run_pipeline([*articles, *hostile], None, {**extractions, **hostile_ex})
    return d, article_slugs(d)


def nothing_since(d) -> RecordChanges:
    return RecordChanges(d, {"quotes": set(), "people": set(), "articles": set()})


def test_the_export_of_a_real_dossier_is_the_same_with_records_kept(kept, dossier_and_slugs):
    d, slugs = dossier_and_slugs
    data.keep_records(False)
    want = render_data(d, slugs)
    assert json.loads(want["data/quotes.json"])  # (a dossier with quotes)
    data.keep_records(True)
    assert render_data(d, slugs) == want  # every record made
    assert render_data(d, slugs, nothing_since(d)) == want  # every record kept


def test_only_records_named_are_made_again_and_only_from_the_same_dossier(kept, dossier_and_slugs):
    d, slugs = dossier_and_slugs
    render_data(d, slugs)
    q = d.quotes[0]
    # Another dossier, the first quote's words edited: named, its record is made again ...
    edited = dataclasses.replace(q, text=q.text + " (edited)")
    d2 = dataclasses.replace(d, quotes=[edited, *d.quotes[1:]])
    changes = nothing_since(d)
    changes.ids["quotes"].add(q.id)
    got = json.loads(render_data(d2, slugs, changes)["data/quotes.json"])
    assert got[0]["quotation"] == edited.text
    # ... not named, the kept text would stand (what the incremental renderer must never let happen)
    d3 = dataclasses.replace(d2, quotes=[q, *d.quotes[1:]])
    stale = json.loads(render_data(d3, slugs, nothing_since(d2))["data/quotes.json"])
    assert stale[0]["quotation"] == edited.text
    # Changes relative to a dossier the kept texts were not made from: every record is made.
    data.keep_records(False)
    want = render_data(d, slugs)
    data.keep_records(True)
    render_data(d2, slugs, changes)
    assert render_data(d, slugs, nothing_since(d3)) == want
    # Other site options (the citation's permanent link): every record is made.
    site = dataclasses.replace(d.site, site_url="https://example.org/")
    moved = dataclasses.replace(d, site=site)
    render_data(d, slugs)
    assert "https://example.org/" in render_data(moved, slugs, nothing_since(d))["data/quotes.json"].decode()
