"""The people index reads the article's own evidence: pronouns for gender, organisation words and
acronyms for organisations, a role noun before a name for the speaker (issue 13). Snippets are
invented for the test; each runs one step (find_people, or extract for the shown name)."""

from __future__ import annotations

from dossier.extract import extract
from dossier.extract.mentions import find_people, sure_first_name_gender
from dossier.read.article import read_text


def index(text: str):
    return find_people(text, [(0, len(text))])


def gender_of(text: str, name: str) -> str | None:
    return next(p.gender for p in index(text).people if p.name == name)


def test_an_unsure_first_name_takes_the_gender_the_pronouns_give():
    # The name list calls "Bernie" and "Lindsey" mostly female; the article says otherwise.
    assert not sure_first_name_gender("Bernie") and sure_first_name_gender("Greg")
    text = "Bernie Walsh said he would vote no. Later Walsh said he had changed his mind."
    assert gender_of(text, "Bernie Walsh") == "m"
    assert gender_of("Lindsey Moor said she was tired of the fight.", "Lindsey Moor") == "f"


def test_an_unsure_first_name_without_pronouns_gives_no_gender():
    assert gender_of("Bernie Walsh won the vote in March.", "Bernie Walsh") is None


def test_a_sure_first_name_needs_a_lead_of_two_pronouns_to_change():
    once = "Greg Raiff met the board. Raiff, he told them, was leaving."
    assert gender_of(once, "Greg Raiff") == "m"
    text = "Greg Raiff spoke first; Raiff said she agreed. Later Raiff said she would not stay."
    assert gender_of(text, "Greg Raiff") == "f"


def test_a_shared_surname_casts_no_vote():
    # "Clinton" may be linked to Bill when it means Hillary: its pronoun says nothing about him.
    text = "Hillary Clinton and Bill Clinton arrived late. Clinton said she was pleased. Clinton, she added, was tired."
    assert gender_of(text, "Bill Clinton") == "m"


def test_organisations_with_of_and_with_acronyms_are_organisations_not_people():
    ix = index(
        "The Association of Rail Workers said the deal was unfair. Priorities USA Action bought ads, "
        "and America Rising PAC answered. Martin Luther King III spoke at the rally."
    )
    orgs = {o.name for o in ix.organisations}
    assert {"Association of Rail Workers", "Priorities USA Action", "America Rising PAC"} <= orgs
    assert [p.name for p in ix.people] == ["Martin Luther King III"]


def shown_speakers(text: str) -> list[str | None]:
    """The name each quotation's page shows: its person's, or the words of an unnamed description."""
    ex = extract(read_text(text, "t"))
    return [ex.person(q.speaker).name if ex.person(q.speaker) else q.speaker_name for q in ex.quotes]


def test_a_role_noun_then_a_name_names_the_speaker():
    text = (
        "Senator Mitch Harlan blocked the vote on Tuesday.\n\n"
        '"We will not take it up this year," said Harlan spokesman Don Stewart.\n\n'
        "Maria Lopez, who runs the union, told reporter Jane Doe about the strike.\n\n"
        '"It starts Monday," Lopez said.\n'
    )
    shown = shown_speakers(text)
    assert shown == ["Don Stewart", "Maria Lopez"]


def test_the_description_of_someone_brought_in_unnamed_stays_a_description():
    text = (
        "Betty Olsen and her husband were greeted by an organizer at the field office.\n\n"
        '"You are the best messengers we have," the organizer told them.\n\n'
        "The union sent a spokeswoman, Ann Lee, to the office later.\n\n"
        '"We will win this county," the spokeswoman said.\n'
    )
    shown = shown_speakers(text)
    assert shown == ["the organizer", "Ann Lee"]  # one named in apposition is that person
