"""Speaker choice, a sentence in and the chosen source out: each candidate or ranker behaviour added
from train errors (issue 13) has its case here, run through the whole extract step with the shipped
ranker."""

from __future__ import annotations

from dossier.extract import extract
from dossier.read.article import read_text


def _speakers(text: str) -> list[tuple[str, str | None, str | None]]:
    """(quotation, source span as written, shown speaker name) for each quotation of the text."""
    art = read_text(text, "t")
    ex = extract(art)
    out = []
    for q in ex.quotes:
        person = ex.person(q.speaker)
        source = art.raw[q.source_start : q.source_end] if q.source_start is not None else None
        out.append((q.text, source, person.name if person else q.speaker_name))
    return out


def test_according_to_at_the_sentence_start_names_the_outer_source():
    # The annotators credit the outlet, not the person it reports: "According to X, Y said".
    text = (
        "Ann Lowe met Bob Stone on Monday.\n\n"
        'According to The Daily Courier, Stone said the bridge was "beyond repair" and would close.'
    )
    assert _speakers(text) == [("beyond repair", "The Daily Courier", "The Daily Courier")]


def test_a_dash_byline_on_the_next_line_signs_the_quotation_above():
    text = (
        "The senator repeated the claim on Tuesday.\n\n"
        '"Almost all new income is going to the top 1 percent."\n\n'
        "- Bernie Sanders.\n\n"
        "That figure is outdated."
    )
    ((_quote, source, name),) = _speakers(text)
    assert source == "Bernie Sanders" and name == "Bernie Sanders"


def test_a_dash_line_with_more_words_is_no_byline():
    text = (
        "The senator repeated the claim on Tuesday.\n\n"
        '"Almost all new income is going to the top 1 percent."\n\n'
        "- Bernie Sanders made it again in Iowa.\n\n"
        "That figure is outdated."
    )
    ((_quote, source, _name),) = _speakers(text)
    assert source != "Bernie Sanders"


def test_the_phrase_before_a_participle_is_an_object_not_the_speaker():
    # "issued a statement describing it as …": the statement is what they issued; they speak.
    text = (
        "Ann Lowe met Bob Stone on Monday.\n\n"
        'Lowe and Stone issued a statement describing the meeting as a "very positive step for the city."'
    )
    ((_quote, source, name),) = _speakers(text)
    assert source in ("Lowe", "Lowe and Stone") and name.endswith("Lowe")


def test_after_with_the_phrase_before_a_participle_is_its_subject():
    text = (
        "Ann Lowe met Bob Stone on Monday.\n\n"
        'City officials were quick to respond, with Stone tweeting that the plan was a "disaster for the city."'
    )
    ((_quote, source, name),) = _speakers(text)
    assert source == "Stone" and name.endswith("Stone")


def test_a_document_that_states_or_notes_is_the_source():
    # "states" and "notes" are speech verbs in the third person too, not only "stated" / "noted".
    text = (
        "The council published its plan on Monday.\n\n"
        '"Every school will reopen by March," the document states.\n\n'
        '"It is a start, not an end," Ann Lowe notes.'
    )
    assert [source for _q, source, _n in _speakers(text)] == ["the document", "Ann Lowe"]


def test_the_past_tense_read_attributes_a_statement():
    # "read" is its own past: '"…," the statement read.' names the statement.
    text = (
        "The campaign answered within an hour.\n\n"
        '"We reject these claims and will say so in court," the statement read.'
    )
    ((_quote, source, _name),) = _speakers(text)
    assert source == "the statement"


def test_a_relative_who_is_the_source_and_shows_the_phrase_it_stands_for():
    # PolNeAR marks "who" as the source of a quotation in its clause; the page shows whom it stands for.
    text = (
        "Glenn Beck spoke in Dallas on Monday.\n\n"
        'Beck, who has in the past described Trump as "a pathological narcissistic sociopath", endorsed Cruz.'
    )
    assert _speakers(text) == [("a pathological narcissistic sociopath", "who", "Beck")]


def test_a_relative_who_after_a_description_shows_the_description():
    text = (
        "The campaign met on Friday.\n\n"
        'The decision angered her campaign\'s leadership, who called it "a betrayal of our voters" on Friday.'
    )
    assert _speakers(text) == [("a betrayal of our voters", "who", "her campaign's leadership")]


def test_a_surname_that_is_a_common_word_is_a_source_inside_its_sentence():
    # "From" opening a sentence is a preposition; after a quotation's closing comma it is Al From.
    text = (
        "Al From founded the council in 1985.\n\n"
        'Many Americans then saw the Democrats as "the party of overwhelming government," From said.'
    )
    assert _speakers(text) == [("the party of overwhelming government,", "From", "Al From")]


def test_riffed_is_a_cue():
    text = (
        "Mike Pence spoke in Manchester on Tuesday.\n\n"
        '"Let me help you out, the answer is no," the vice-presidential nominee riffed on Tuesday.'
    )
    ((_quote, source, _name),) = _speakers(text)
    assert source == "the vice-presidential nominee"


def test_a_time_phrase_opening_the_sentence_is_not_its_subject():
    # "Back in 1999," and "Eight years ago," open the sentence; the subject comes after the comma.
    text = (
        "Donald Trump praised Bill Clinton often.\n\n"
        "Back in 1999, Mr. Trump expressed admiration for his skills, telling CNBC: "
        '"I wish I could be like that."\n\n'
        "Bob Stone won the seat in 2008.\n\n"
        'Eight years ago, he backed the plan and called it "the best deal we will get."'
    )
    assert [(source, name) for _q, source, name in _speakers(text)] == [
        ("Mr. Trump", "Donald Trump"),
        ("he", "Bob Stone"),
    ]
