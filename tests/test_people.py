"""Person mentions and grouping within an article."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.extract import extract
from dossier.read.article import read_article, read_text

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


def test_photo_credit_is_no_person_of_the_story(seed0):
    # "John Lamparski/WireImage" credits the photo: not a person, and not John Legend either.
    names = {p.name for p in seed0.people}
    assert "John Lamparski" not in names and "John Legend" in names
    legend = next(p for p in seed0.people if p.name == "John Legend")
    assert all("Lamparski" not in m.text for m in legend.mentions)


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


def test_title_case_headline_makes_no_person():
    people = people_of(
        "Maria Lopez Slams Harbor Plan As Costly Mistake\n"
        "Senator Maria Lopez criticised the harbor plan on Monday. Lopez said it cost too much.\n"
    )
    assert "Maria Lopez" in people
    assert not any("Slams" in n or "Harbor" in n for n in people)
    assert any(m.text == "Maria Lopez" and m.start == 0 for m in people["Maria Lopez"].mentions)


def test_byline_names_no_story_person():
    people = people_of(
        "Quiet Wedding for a Quiet Star\n"
        "By Zed Marlowe Apr 26, 2018 5:25 PMTags\n"
        'The singer married on Friday. "We kept it quiet," she said.\n'
    )
    assert not any("Marlowe" in n for n in people)


def test_lone_surname_and_first_name_speakers_are_people():
    people = people_of(
        'The vote was delayed.\n"Not before June," Smith said. "We kept it quiet," Jonny added.\n'
    )
    assert "Smith" in people and "Jonny" in people


def test_lone_capitalised_common_noun_or_place_is_no_person():
    people = people_of(
        "Talks stalled in Freedonia this week.\n"
        'Analysts say the deal is dead. "It is over," Freedonia said. The analysts agreed.\n'
    )
    assert "Analysts" not in people and "Freedonia" not in people


def test_title_before_name_is_not_part_of_it():
    people = people_of("The council met on Monday.\nCouncillor Bo Chan disagreed. Chan said so twice.\n")
    assert "Bo Chan" in people and not any(n.startswith("Councillor") for n in people)
    people = people_of("The vote is near.\nOhio Gov. Dale Ruiz said the vote would pass.\n")
    assert "Dale Ruiz" in people


def test_photo_credit_person_is_never_a_speaker():
    text = (
        "A Long Night at the Lake\n"
        "Photo: Jane Roe/Getty Images\n"
        'The mayor arrived late. "We will rebuild," she said.\n'
    )
    ex = extract(read_text(text, "t"))
    (q,) = ex.quotes
    assert q.speaker is None or ex.person(q.speaker).name != "Jane Roe"


def test_lone_title_adverb_or_pronoun_is_no_person():
    people = people_of(
        'The talks ended.\n"Not yet," Ambassador said. "Never," Anyone said. "Soon," Frankly said. '
        '"Today," Connolly said.\n'
    )
    assert not {"Ambassador", "Anyone", "Frankly"} & set(people)
    assert "Connolly" in people
