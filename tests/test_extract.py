"""Quotes, speakers, media and addressees on the seeds and on hostile snippets."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.extract import extract, quote_record
from dossier.read.article import read_article, read_text

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


def run(text: str):
    art = read_text(text, "t")
    ex = extract(art)
    check_invariants(art.raw, ex)
    return ex


def check_invariants(raw, ex):
    last = -1
    for q in ex.quotes:
        assert 0 <= q.start <= q.end <= len(raw)
        assert q.text == raw[q.start : q.end]
        assert q.start >= last, "quotes overlap"
        last = q.end
        assert 0.0 <= q.confidence <= 1.0
        if q.source_start is not None:
            assert 0 <= q.source_start <= q.source_end <= len(raw)


def find(ex, snippet):
    hits = [q for q in ex.quotes if snippet in q.text]
    assert hits, f"no quote containing {snippet!r}"
    return hits[0]


def speaker(ex, q):
    p = ex.person(q.speaker)
    return p.name if p else None


@pytest.fixture(scope="module")
def seeds():
    out = {}
    for name in ("000_35de9ac7b62baea6", "001_f7b43fe09d3c56d2"):
        art = read_article(SEEDS / f"{name}.txt")
        ex = extract(art)
        check_invariants(art.raw, ex)
        out[name[:3]] = ex
    return out


def test_seed_quotes_and_speakers(seeds):
    s0, s1 = seeds["000"], seeds["001"]
    assert speaker(s0, find(s0, "I'm not mad people saw it")) == "John Legend"
    assert speaker(s0, find(s0, "He's talking about free thought")) == "John Legend"
    assert speaker(s0, find(s0, "These MAGA folks")) == "John Legend"
    assert speaker(s1, find(s1, "Hey it's JL")) == "John Legend"
    assert speaker(s1, find(s1, "I love you John and I appreciate")) == "Kanye West"
    assert speaker(s1, find(s1, "If you feel something")) == "Kanye West"
    assert speaker(s1, find(s1, "Everyone keeps asking me")) == "Chrissy Teigen"
    assert speaker(s1, find(s1, "And sometimes, I guess")) == "Chrissy Teigen"
    assert speaker(s1, find(s1, "Think freely")) == "John Legend"
    assert speaker(s1, find(s1, "This is year one")) == "Kanye West"
    assert speaker(s1, find(s1, "elaborate and complex google pixel")) == "Chrissy Teigen"
    for ex in (s0, s1):
        assert speaker(ex, find(ex, "I really appreciate this dialogue with John Legend")) == "Kanye West"


def test_seed_headline_single_quote(seeds):
    q = find(seeds["000"], "I Think He Sees Certain Aspects")
    assert speaker(seeds["000"], q) == "John Legend"


def test_seed_titles_are_not_quotes(seeds):
    texts = [q.text for ex in seeds.values() for q in ex.quotes]
    assert not any(t.strip() in ("All of Me", "Jesus Christ Superstar") for t in texts)


def test_seed_media_and_addressees(seeds):
    s0, s1 = seeds["000"], seeds["001"]
    assert find(s0, "I really appreciate this dialogue").medium == "tweet"
    assert find(s1, "If you feel something").medium == "tweet"
    hey = find(s1, "Hey it's JL")
    assert s1.person(hey.addressee).name == "Kanye West"
    haha = find(s1, "Haha. I love you John")
    assert s1.person(haha.addressee).name == "John Legend"
    assert hey.medium == "text message"
    # '"…legacy." In response, … West said, "…"': the next quote's cue; the piece continues Legend's text.
    assert speaker(s1, find(s1, "Don't let this be part of your legacy")) == "John Legend"
    assert speaker(s1, find(s1, "And since you're posting texts")) == "John Legend"
    assert find(s1, "And since you're posting texts").inherited
    for snippet in ("I'm not mad people saw it", "He's talking about free thought", "These MAGA folks"):
        assert find(s0, snippet).medium == "radio interview"
    dinner = find(s1, "are we still doing dinner")
    assert s1.person(dinner.addressee).name == "Kim Kardashian"


def test_split_quote_shares_group_and_speaker():
    ex = run('"We will win," Maria Lopez said on Monday, "and we will win big."')
    a, b = ex.quotes
    assert a.group == b.group
    assert speaker(ex, a) == speaker(ex, b) == "Maria Lopez"


def test_cue_before_and_pronoun():
    ex = run('John Smith arrived late. He told reporters: "The plan is working well."')
    q = ex.quotes[0]
    assert speaker(ex, q) == "John Smith"
    assert ex.quotes[0].text == "The plan is working well."


def test_continuation_inherits():
    ex = run('"We are ready for this," Maria Lopez said. "The city is ready too."')
    assert ex.quotes[1].inherited and speaker(ex, ex.quotes[1]) == "Maria Lopez"
    # Confidence is the ranker's probability for the chosen source.
    assert all(0.5 < q.confidence <= 1.0 for q in ex.quotes)


def test_description_resolves_via_apposition():
    ex = run(
        "The mayor's wife, Anna Berg, spoke first. Then the mayor, Tom Berg, spoke.\n"
        '"We love this town," the mayor\'s wife said.'
    )
    assert speaker(ex, ex.quotes[0]) == "Anna Berg"


def test_partial_quote_with_framing_verb_and_scare_quote():
    ex = run('Senator Maria Lopez called the deal "rigged" on Monday. Critics of the "deal" shrugged.')
    assert [q.text for q in ex.quotes] == ["rigged"]
    assert speaker(ex, ex.quotes[0]) == "Maria Lopez"


def test_title_after_possessive_is_not_a_quote():
    ex = run('She appeared on NBC\'s "Meet the Press" on Sunday.')
    assert ex.quotes == []


def test_nbsp_inside_quote():
    ex = run('"We will not stop.\u00a0" John Smith said.')
    assert ex.quotes and ex.quotes[0].text.startswith("We will not stop.")


@pytest.mark.parametrize(
    "text",
    [
        '"' * 10000,
        'He said "this never closes and goes on and on and on',
        "“unbalanced ” marks ” everywhere “ here",
        "x " * 500_000 + '"end"',
        '<tweet text="He said &quot;hi&quot;" a="b">"Yes we can," Obama said.</tweet>',
        "''" * 3000,
        "",
        "\n\n\n",
    ],
)
def test_hostile_inputs(text):
    run(text)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab CD.,\"“”'’\n\u00a0:—@")), max_size=300))
def test_property_offsets_valid(text):
    run(text)


def test_quote_record_shape(seeds):
    art = read_article(SEEDS / "001_f7b43fe09d3c56d2.txt")
    ex = extract(art)
    rec = quote_record(art, ex, ex.quotes[0])
    assert set(rec) >= {
        "article",
        "start",
        "end",
        "text",
        "speaker",
        "source_start",
        "source_end",
        "cue",
        "medium",
        "addressee",
        "confidence",
    }
    assert rec["text"] == art.raw[rec["start"] : rec["end"]]
    json.dumps(rec)


def test_dev_eval_meets_floor(tmp_path):
    if not (SHARED / "eval" / "polnear-dev" / "gold.jsonl").exists():
        pytest.skip("../shared/eval is absent")
    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "quotes_eval.py"),
            "--out",
            str(tmp_path / "s.jsonl"),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lines = [json.loads(line) for line in out.strip().splitlines() if line.startswith("{")]
    res = next(r for r in lines if "overlap" in r)
    names = next(r["names"] for r in lines if "names" in r)
    assert names["name_accuracy_matched"] >= 0.8
    assert res["overlap"]["f1"] >= 0.97
    assert res["overlap_4plus"]["f1"] >= 0.99
    assert res["speaker"]["accuracy"] >= 0.93
