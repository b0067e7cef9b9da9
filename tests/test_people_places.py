"""Capitalised words that are not people: saints' places and imperatives before a gerund."""

from __future__ import annotations

from dossier.extract import extract
from dossier.read.article import read_text


def names(text: str) -> list[str]:
    article = read_text(text, "t")
    return [p.name for p in extract(article).people]


def test_saint_place_is_no_person():
    text = "Mayor Speaks Out\n\nAnn Lee spoke at the Church of St. Paul the Apostle in St. Louis on Friday.\n"
    assert "Paul" not in names(text) and "Louis" not in names(text)
    assert "Ann Lee" in names(text)


def test_imperative_before_a_gerund_is_no_speaker():
    text = 'Love Talk\n\n"The concept is odd. Try telling people you love them," Ann Lee wrote.\n'
    found = names(text)
    assert "Try" not in found and "Ann Lee" in found


def test_lone_surname_with_a_finite_verb_is_still_a_person():
    text = 'Bridge Delayed\n\n"It will not open before June," Smith said.\n'
    assert "Smith" in names(text)
