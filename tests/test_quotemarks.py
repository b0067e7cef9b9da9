"""Pairing quotation marks: directions, NYT '' marks, multi-paragraph quotes, hostile input."""

from __future__ import annotations

from dossier.extract.quotes import find_quotes
from dossier.read.article import split_paragraphs


def quotes(text: str) -> list[str]:
    paras = [(p.index, p.start, p.end) for p in split_paragraphs(text)]
    return [text[q.start : q.end] for q in find_quotes(text, paras)]


def test_straight_curly_and_mixed_marks():
    assert quotes('He said "yes, sir" and left.') == ["yes, sir"]
    assert quotes("He said “yes, sir” and left.") == ["yes, sir"]
    assert quotes('He said “yes, sir" and left.') == ["yes, sir"]


def test_nyt_double_apostrophes_and_apostrophes_are_not_marks():
    text = "''We don't need it,'' Mr. Obama said of rock 'n' roll in the '90s."
    assert quotes(text) == ["We don't need it,"]


def test_nested_quote_is_part_of_the_outer_one():
    text = "“I’d rather live in what he calls “hell” than here,” she said."
    assert quotes(text) == ["I’d rather live in what he calls “hell” than here,"]


def test_quote_over_paragraphs_is_one_span():
    text = "“First part of the speech.\n\n“Second part,” he said."
    assert quotes(text) == ["First part of the speech.\n\n“Second part,"]


def test_wrong_way_mark_at_paragraph_start():
    assert quotes("”Mr. Trump is clueless,” she said.") == ["Mr. Trump is clueless,"]


def test_marks_inside_markup_are_ignored():
    text = '<tweet author="x" id="1">Hello</tweet> He said "fine" then.'
    assert quotes(text) == ["fine"]


def test_hostile_input_never_breaks_offsets():
    for text in ['"' * 10000, "“" * 5001 + "x", 'a "b', '"' + "word " * 200_000, "” ” “"]:
        paras = [(p.index, p.start, p.end) for p in split_paragraphs(text)]
        found = find_quotes(text, paras)
        last = -1
        for q in found:
            assert 0 <= q.start <= q.end <= len(text)
            assert q.start >= last
            last = q.end
