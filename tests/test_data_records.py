"""The data export (dossier/write/data.py): the parts a long-lived process writes hold every record
of the whole lists a one-shot build writes; records kept between builds of one process: the
files are the bytes json.dumps makes of each list,
whatever was kept; only the records named as changed since the dossier the kept texts were made
from are made again, only their parts are new objects, and texts kept from another dossier are
never used."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import pytest

from dossier.pipeline import load_articles, run_pipeline
from dossier.publish.output import digest
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


def parts(files: dict[str, bytes], kind: str = "") -> dict[str, bytes]:
    """The export's parts (data/<kind>/<part>.json) among its files."""
    return {path: b for path, b in files.items() if path.startswith(f"data/{kind}") and path.count("/") == 2}


def quotes_in_parts(files: dict[str, bytes]) -> list[dict]:
    listed = json.loads(files[data.PARTS_LIST])["quotes"]
    return [r for rel in listed for r in json.loads(files[f"data/{rel}"])]


def test_the_parts_hold_the_whole_lists_records_each_in_its_order(dossier_and_slugs, tmp_path: Path):
    d, slugs = dossier_and_slugs
    one_shot = render_data(d, slugs)  # a one-shot build: the whole lists only, as published
    assert sorted(one_shot) == sorted(f"data/{kind}.json" for kind in data.KINDS)
    data.keep_records(True)  # a long-lived process: the parts only
    try:
        files = render_data(d, slugs)
    finally:
        data.keep_records(False)
    assert not one_shot.keys() & files.keys()
    listed = json.loads(files[data.PARTS_LIST])
    for kind in data.KINDS:
        whole = json.loads(one_shot[f"data/{kind}.json"])
        assert whole, kind
        position = {r["id"]: n for n, r in enumerate(whole)}
        assert sorted(f"data/{rel}" for rel in listed[kind]) == sorted(parts(files, kind))
        seen = []
        for rel in listed[kind]:
            records = json.loads(files[f"data/{rel}"])
            assert plain(records) == files[f"data/{rel}"]  # the bytes json.dumps makes of the part
            assert records and all(f"{kind}/{data.part_of(r['id'])}.json" == rel for r in records)
            assert [position[r["id"]] for r in records] == sorted(position[r["id"]] for r in records)
            seen += records
        assert sorted(seen, key=lambda r: position[r["id"]]) == whole
    for path, b in files.items():  # as read back by read_export
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(b)
    assert data.read_export(tmp_path, "quotes") == quotes_in_parts(files)


def test_an_edit_makes_only_its_records_parts_again(kept, dossier_and_slugs):
    d, slugs = dossier_and_slugs
    before = render_data(d, slugs)
    q = d.quotes[len(d.quotes) // 2]
    edited = dataclasses.replace(q, text=q.text + " (edited)")
    d2 = dataclasses.replace(d, quotes=[edited if x is q else x for x in d.quotes])
    changes = nothing_since(d)
    changes.ids["quotes"].add(q.id)
    after = render_data(d2, slugs, changes)
    new = {p for p, b in parts(after).items() if b is not before[p]}
    assert new == {f"data/quotes/{data.part_of(q.id)}.json"}
    assert edited.text in after[f"data/quotes/{data.part_of(q.id)}.json"].decode()
    # A quote gone: its part only (and, were it the last of its part, the list of parts).
    d3 = dataclasses.replace(d2, quotes=[x for x in d2.quotes if x is not edited])
    gone = render_data(d3, slugs, nothing_since(d2))
    assert {p for p, b in parts(gone).items() if b is not after.get(p)} <= {
        f"data/quotes/{data.part_of(q.id)}.json"
    }
    assert q.id not in {r["id"] for r in quotes_in_parts(gone)}
    assert len(quotes_in_parts(gone)) == len(d.quotes) - 1


def test_a_kept_part_is_hashed_once_as_sha256(kept, dossier_and_slugs):
    d, slugs = dossier_and_slugs
    files = parts(render_data(d, slugs))
    some = next(iter(files.values()))
    assert digest(some) == hashlib.sha256(some).hexdigest()
    some.sha = "stands for the hash made at the last build"
    again = parts(render_data(d, slugs, nothing_since(d)))
    assert digest(again[next(iter(files))]) == some.sha  # the same object: not hashed again


def nothing_since(d) -> RecordChanges:
    return RecordChanges(d, {"quotes": set(), "people": set(), "articles": set()})


def test_the_export_of_a_real_dossier_is_the_same_with_records_kept(kept, dossier_and_slugs):
    d, slugs = dossier_and_slugs
    data.keep_records(False)
    whole = json.loads(render_data(d, slugs)["data/quotes.json"])
    assert whole  # (a dossier with quotes)
    data.keep_records(True)
    want = render_data(d, slugs)  # every record made
    assert sorted(quotes_in_parts(want), key=lambda r: r["id"]) == sorted(whole, key=lambda r: r["id"])
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
    got = quotes_in_parts(render_data(d2, slugs, changes))
    assert next(r for r in got if r["id"] == q.id)["quotation"] == edited.text
    # ... not named, the kept text would stand (what the incremental renderer must never let happen)
    d3 = dataclasses.replace(d2, quotes=[q, *d.quotes[1:]])
    stale = quotes_in_parts(render_data(d3, slugs, nothing_since(d2)))
    assert next(r for r in stale if r["id"] == q.id)["quotation"] == edited.text
    # Changes relative to a dossier the kept texts were not made from: every record is made.
    data.keep_records(False)  # (forgets the kept texts)
    data.keep_records(True)
    want = parts(render_data(d, slugs))
    render_data(d2, slugs, changes)
    assert parts(render_data(d, slugs, nothing_since(d3))) == want
    # Other site options (the citation's permanent link): every record is made.
    site = dataclasses.replace(d.site, site_url="https://example.org/")
    moved = dataclasses.replace(d, site=site)
    render_data(d, slugs)
    assert any(
        b"https://example.org/" in b
        for b in parts(render_data(moved, slugs, nothing_since(d)), "quotes").values()
    )
