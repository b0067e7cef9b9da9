"""Link stage: one Person per individual, one Quote per statement — merges both ways."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.link.matching import same_statement, words
from dossier.pipeline import run_pipeline
from dossier.read.article import read_article, read_text

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def demo():
    return run_pipeline([read_article(p) for p in sorted(SEEDS.glob("*.txt"))])


def test_shared_tweet_is_one_quote_with_two_sources(demo):
    tweets = [q for q in demo.quotes if "I really appreciate this dialogue" in q.text]
    assert len(tweets) == 1
    (tweet,) = tweets
    assert {o.article for o in tweet.occurrences} == {"000_35de9ac7b62baea6", "001_f7b43fe09d3c56d2"}
    assert demo.person(tweet.speaker).name == "Kanye West"
    assert "truly hearing all sides" in tweet.text  # the fullest cut is the quote's wording
    for o in tweet.occurrences:  # each source keeps its own wording and exact span
        raw = demo.article(o.article).raw
        assert all(raw[s:e] in o.text for s, e in o.pieces)


def test_headline_quote_joins_its_story_quote(demo):
    sees = [q for q in demo.quotes if "sees certain aspects" in q.text.lower()]
    assert len(sees) == 1 and len(sees[0].occurrences) == 2


def test_people_are_one_per_individual(demo):
    names = {p.name for p in demo.people}
    assert {"Kanye West", "John Legend", "Chrissy Teigen"} <= names
    legend = next(p for p in demo.people if p.name == "John Legend")
    assert set(legend.articles) == {"000_35de9ac7b62baea6", "001_f7b43fe09d3c56d2"}
    assert "John Lamparski" not in [legend.name, *legend.aliases]  # a shared first name is no evidence


def test_different_replies_with_shared_words_stay_apart(demo):
    loves = [q for q in demo.quotes if "I love you John" in q.text]
    assert len(loves) == 2  # "I love you John and I appreciate…" and "Haha. I love you John."


@pytest.mark.parametrize(
    "a, b, same",
    [
        (
            "We will keep the clinic open for every family.",
            "we will keep the clinic open for every family",
            True,
        ),
        (
            "We will keep the clinic open for every family.",
            "We’ll keep the clinic open for every family!",
            True,
        ),
        (
            "The clinic stays open for every family in this county this year.",
            "The clinic stays open for every famly in this county this year, and next.",
            True,
        ),
        (
            "We keep the clinic open … for every family in the county.",
            "We keep the clinic open for every family in the county.",
            True,
        ),
        ("I love you John.", "Haha. I love you John.", False),
        (
            "Taxes will not rise this year under my plan.",
            "Taxes will rise this year under my plan, sadly.",
            False,
        ),
    ],
)
def test_same_statement_rule(a, b, same):
    assert same_statement(words(a), words(b)) is same


def _one(text: str, aid: str):
    return read_text(text, aid)


def test_cross_article_merge_and_no_merge_across_speakers():
    a = _one(
        'Budget Fight Goes On\n\n"We will keep the clinic open for every family in this county," Ann Lee said.\n',
        "a",
    )
    b = _one(
        'Clinic Vote Nears\n\n"We will keep the clinic open for every family in this county. Nobody loses care," '
        "Ann Lee said.\n",
        "b",
    )
    c = _one(
        'Rival Echoes Mayor\n\n"We will keep the clinic open for every family in this county," Bo Chan said.\n',
        "c",
    )
    d = run_pipeline([a, b, c])
    clinic = [q for q in d.quotes if "clinic" in q.text]
    assert len(clinic) == 2
    by_speaker = {d.person(q.speaker).name: q for q in clinic}
    assert len(by_speaker["Ann Lee"].occurrences) == 2
    assert len(by_speaker["Bo Chan"].occurrences) == 1
