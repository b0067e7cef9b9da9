"""Person mentions and grouping within an article."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.extract import extract
from dossier.read import read_article, read_text

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def people_of(text: str) -> dict[str, object]:
    return {p.name: p for p in extract(read_text(text, "t")).people}


@pytest.fixture(scope="module")
def seed0():
    return extract(read_article(SEEDS / "000_35de9ac7b62baea6.txt"))


@pytest.fixture(scope="module")
def seed1():
    return extract(read_article(SEEDS / "001_f7b43fe09d3c56d2.txt"))


def test_places_orgs_shows_products_are_not_people(seed0, seed1):
    names = {p.name for ex in (seed0, seed1) for p in ex.people}
    for bad in (
        "Hot",
        "Hot 97",
        "Jesus Christ Superstar",
        "New York City",
        "Google Pixel",
        "NBC",
        "MAGA",
        "Twitter",
    ):
        assert bad not in names
    assert "John Legend" in names and "Kanye West" in names


def test_photo_credit_is_a_different_person(seed0):
    names = {p.name for p in seed0.people}
    assert "John Lamparski" in names and "John Legend" in names


def test_initials_alias_and_surname_link(seed0):
    legend = next(p for p in seed0.people if p.name == "John Legend")
    assert "JL" in legend.variants
    assert "Legend" in legend.variants


def test_handle_links_to_person(seed1):
    kim = next(p for p in seed1.people if p.name == "Kim Kardashian")
    assert "@KimKardashian" in kim.handles


def test_apposition_gives_description(seed1):
    chrissy = next(p for p in seed1.people if p.name == "Chrissy Teigen")
    assert "Legend's wife" in chrissy.descriptions
    assert chrissy.gender == "f"


def test_surname_links_to_full_name():
    people = people_of("Senator Maria Lopez spoke. Later Lopez said it was fine.")
    assert "Maria Lopez" in people
    assert any(m.text == "Lopez" for m in people["Maria Lopez"].mentions)
