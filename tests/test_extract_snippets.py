"""Hand-written snippets for the extractor: marks, cues, sources and hostile sizes.

Each snippet is invented for the test; none is taken from the evaluation articles.
"""

from __future__ import annotations

from dossier.extract import extract
from dossier.read.article import read_text


def run(text: str):
    art = read_text(text, "t")
    ex = extract(art)
    last = -1
    for q in ex.quotes:
        assert q.text == art.raw[q.start : q.end]
        assert q.start >= last
        last = q.end
        if q.source_start is not None:
            assert 0 <= q.source_start <= q.source_end <= len(art.raw)
    return art, ex


def speaker(ex, q):
    p = ex.person(q.speaker)
    return p.name if p else None


def source(art, q):
    return None if q.source_start is None else art.raw[q.source_start : q.source_end]


def test_curly_open_straight_close():
    art, ex = run('Jane Doe spoke on Monday. “We will fight this every step of the way," she said.')
    (q,) = ex.quotes
    assert q.text == "We will fight this every step of the way,"
    assert source(art, q) == "she" and speaker(ex, q) == "Jane Doe"


def test_two_apostrophes_as_double_quote():
    art, ex = run("Mr. John Smith spoke. ''We will not back down,'' Mr. Smith said.")
    (q,) = ex.quotes
    assert q.text == "We will not back down,"
    assert speaker(ex, q) == "John Smith"


def test_according_to():
    art, ex = run('The plan is "a disaster for working families," according to Maria Lopez, a union leader.')
    (q,) = ex.quotes
    assert speaker(ex, q) == "Maria Lopez" and q.cue.lower().startswith("according")


def test_anonymous_source_has_span_but_no_person():
    art, ex = run('"The campaign is in trouble," a senior aide said.')
    (q,) = ex.quotes
    assert source(art, q) == "a senior aide"
    assert q.speaker is None


def test_description_resolves_by_apposition():
    art, ex = run(
        "John Stone, the 40-year-old rapper, released a song on Friday. Mary Wood watched.\n"
        '"I am not sorry about any of it," the rapper said.'
    )
    (q,) = ex.quotes
    assert source(art, q) == "the rapper" and speaker(ex, q) == "John Stone"


def test_nested_single_quote_stays_inside():
    art, ex = run("\"He told me 'never give up' before he left,\" Tom Berg said.")
    (q,) = ex.quotes
    assert "'never give up'" in q.text and speaker(ex, q) == "Tom Berg"


def test_nested_double_quote_is_part_of_outer():
    art, ex = run('"I\'d rather live in what he calls “hell” than here," Anna Berg said.')
    (q,) = ex.quotes
    assert "“hell”" in q.text and speaker(ex, q) == "Anna Berg"


def test_apostrophes_do_not_split_quotes():
    art, ex = run("\"It's the people's choice and we don't decide it,\" Anna Berg said.")
    (q,) = ex.quotes
    assert q.text == "It's the people's choice and we don't decide it,"


def test_quote_over_several_paragraphs():
    art, ex = run(
        "Tom Berg addressed the crowd.\n"
        '"We came here to win this election and we will.\n'
        '"We will not stop until every vote is counted," Berg said.'
    )
    (q,) = ex.quotes
    assert q.text.startswith("We came here") and q.text.endswith("counted,")
    assert speaker(ex, q) == "Tom Berg"


def test_cue_before_with_colon():
    art, ex = run('Maria Lopez said: "The deal is done and we are happy with it."')
    (q,) = ex.quotes
    assert speaker(ex, q) == "Maria Lopez" and source(art, q) == "Maria Lopez"


def test_cue_of_previous_sentence():
    art, ex = run(
        'The talks may stall over the winter, Maria Lopez said. "Nobody wants that outcome at all."'
    )
    (q,) = ex.quotes
    assert speaker(ex, q) == "Maria Lopez"
    assert q.confidence < 0.9


def test_cue_leading_into_next_quote_is_not_taken():
    art, ex = run(
        'John Stone wrote first. "Do not do this. It is a mistake." In response, Mary Wood said, "No."'
    )
    first, second = ex.quotes
    assert speaker(ex, second) == "Mary Wood"
    assert speaker(ex, first) != "Mary Wood"


def test_apposition_with_age_and_party():
    art, ex = run(
        '"We will not stop," Quinn Jones, 25, said.\n'
        '"It is time," Rep. Jim Brown (R-Ohio), a panel member, said in an interview.'
    )
    a, b = ex.quotes
    assert source(art, a) == "Quinn Jones"
    assert source(art, b) == "Rep. Jim Brown"


def test_mr_title_picks_the_man():
    art, ex = run(
        "Barack Obama and Michelle Obama arrived together.\n"
        '"It is a great day for the country," Mr. Obama said.'
    )
    (q,) = ex.quotes
    assert speaker(ex, q) == "Barack Obama"


def test_many_curly_marks_in_a_row():
    run("“" * 10000)
    run("”" * 10000)
    run("“a”" * 10000)


def test_one_megabyte_paragraph_completes():
    chunk = 'Maria Lopez said, "we will win this fight together." Then John Smith spoke. '
    art, ex = run(chunk * (1_000_000 // len(chunk)))
    assert len(ex.quotes) > 1000


def test_transcript_block_is_one_quote_per_turn():
    text = (
        "The interview went as follows:\n\n"
        '"HOST: Will the mayor sign the budget before the council breaks for summer?\n\n'
        '"GUEST: She will sign it as soon as the last amendment is settled.\n\n'
        '"HOST: And if it is not settled by then?"\n'
    )
    art, ex = run(text)
    assert [source(art, q) for q in ex.quotes] == ["HOST", "GUEST", "HOST"]
    assert ex.quotes[1].text.startswith("GUEST: She will sign")


def test_coordinated_cue_takes_the_clause_subject():
    art, ex = run(
        "Mayor Ann Lowe toured the flooded district on Monday and said the repairs were "
        '"long overdue and badly planned."'
    )
    (q,) = ex.quotes
    assert source(art, q) == "Mayor Ann Lowe" or speaker(ex, q) == "Ann Lowe"


def test_participle_takes_the_previous_cue_subject():
    art, ex = run(
        'Tom Reed spoke after the vote. "We lost this one," Reed said, adding later, '
        '"but the next budget will be ours to write."'
    )
    assert [speaker(ex, q) for q in ex.quotes] == ["Tom Reed", "Tom Reed"]


def test_participle_after_quote_is_not_an_inverted_source():
    art, ex = run(
        'In a statement, the company said: "Our plant met every standard," adding that its output '
        "doubled within a year."
    )
    (q,) = ex.quotes
    assert source(art, q) == "the company"


def test_as_x_put_it_and_description_before_name():
    art, ex = run(
        'The rule requires a "lawful source of investment income," as a federal memo put it.\n\n'
        '"Nobody reads the fine print," said retired Army colonel Dana Whitfield.'
    )
    a, b = ex.quotes
    assert source(art, a) == "a federal memo"
    assert "Dana Whitfield" in source(art, b)


def test_percentage_subject():
    art, ex = run('In the survey, 63 percent said the council was "out of touch" with the town.')
    (q,) = ex.quotes
    assert source(art, q) == "63 percent"


def test_non_person_description_stays_the_source():
    art, ex = run(
        'Mayor Ann Lowe unveiled the plan.\n\nThe local paper called the plan "ambitious but vague."'
    )
    (q,) = ex.quotes
    assert source(art, q) == "The local paper" and q.speaker is None and q.speaker_name == "The local paper"


def test_partial_quotes_in_a_sentence_take_the_nearest_cue():
    art, ex = run(
        'Ann Lowe spoke first. Tom Reed called the budget "a disgrace" and Ann Lowe said it was "overdue."'
    )
    a, b = ex.quotes
    assert speaker(ex, a) == "Tom Reed" and speaker(ex, b) == "Ann Lowe"


def test_list_of_partial_quotes_shares_the_cue():
    art, ex = run(
        'The crowd cheered as Tom Reed went on about "a rigged game," and "forgotten towns" and '
        '"our own struggling families," while Ann Lowe waited.'
    )
    assert [speaker(ex, q) for q in ex.quotes] == ["Tom Reed"] * 3


def test_second_coordinated_cue_keeps_the_first_subject():
    art, ex = run('Tom Reed said that Ann Lowe is "a decent person" and said that the plan "fell apart."')
    a, b = ex.quotes
    assert speaker(ex, a) == "Tom Reed" and speaker(ex, b) == "Tom Reed"


def test_announced_title_is_no_quote_even_before_a_cue():
    art, ex = run(
        'On the latest episode of "The Morning Table Show," the former mayor said she wanted '
        '"a fair hearing for every family."'
    )
    assert [q.text for q in ex.quotes] == ["a fair hearing for every family."]


def test_she_after_only_men_were_named_goes_back_to_the_previous_speaker():
    art, ex = run(
        'Maria Lopez addressed the crowd on Monday. "We are ready," she said. "The work starts now," she said.\n\n'
        "Tom Hart and Bill Dunn have led the council for a decade. Hart was elected in 2010. Dunn joined him "
        "in 2012. Both men opposed the plan. Hart called it costly. Dunn called it rushed.\n\n"
        '"They have failed us," she said.'
    )
    assert [q.speaker_name for q in ex.quotes] == ["Maria Lopez"] * 3


def test_phrase_after_an_inverted_cue_ends_before_the_next_quotation():
    art, ex = run(
        "The committee answered on Friday. “The claims are meritless,” the committee said, according to "
        "CNN. “It’s a political stunt.”"
    )
    for q in ex.quotes:
        assert q.source_start is not None and q.source_end <= ex.quotes[-1].start - 1
        assert not any(mark in source(art, q) + (q.speaker_name or "") for mark in '“”"')


def test_a_new_clause_with_its_own_subject_takes_the_quotation():
    # "X said …, but Y said '…'": the nearer clause's subject speaks, not the sentence's first.
    art, ex = run(
        "Maria Lorne met Ruth Calder on Monday. Lorne said the talks went well, but Calder said the deal "
        'was "a long way off."'
    )
    (q,) = ex.quotes
    assert source(art, q) == "Calder" and speaker(ex, q) == "Ruth Calder"


def test_someone_named_in_passing_against_the_story_s_main_person():
    # The person the story keeps naming is not the speaker of every quotation near them: "where Y
    # praised the plan as '…'" is Y's.
    art, ex = run(
        "Maria Lorne is running for a third term. Lorne raised more money than any rival. Lorne spoke in "
        'Akron, where Ned Platt praised the plan as "bold."'
    )
    (q,) = ex.quotes
    assert speaker(ex, q) == "Ned Platt"


def test_a_subordinate_clause_with_its_own_subject_takes_the_quotation():
    # ", after Y had described …": the clause opened by "after" has its own subject, who speaks; the
    # story's main person, subject of the main clause, does not.
    art, ex = run(
        "Maria Lorne is running for a third term. Lorne raised more money than any rival. Lorne was in "
        'Akron on Monday, after Ned Platt had described the plan as "reckless."'
    )
    (q,) = ex.quotes
    assert source(art, q) == "Ned Platt" and speaker(ex, q) == "Ned Platt"


def test_apposition_opened_by_a_possessive_is_skipped_to_the_inverted_subject():
    # '…," X, Sanders’ campaign manager, said': the apposition is a description of X, so the cue after
    # the quotation has X for subject (its possessive once cut the phrase and left the quote cue-less).
    art, ex = run(
        "Bernie Sanders won in Iowa on Monday. Sanders thanked his voters. “The numbers put our campaign on "
        "pace to win,” Jeff Weaver, Sanders’ campaign manager, said in a statement."
    )
    (q,) = ex.quotes
    assert (source(art, q), q.cue, speaker(ex, q)) == ("Jeff Weaver", "said", "Jeff Weaver")


def test_an_interviewer_pressing_is_a_speech_cue():
    # '"…?" Hannity pressed.': "pressed" (like "barked") reports the words; without the cue the
    # interviewer's question went on as the interviewee's continuation.
    art, ex = run(
        "Donald Trump spoke with Sean Hannity on Monday.\n\n"
        "“It is negotiable,” Trump said. “I will make the wall shorter.”\n\n"
        "“Building it? Not negotiable.”\n\n"
        "“Would the deportations be negotiable?” Hannity pressed. “Would you let some stay?”"
    )
    assert [speaker(ex, q) for q in ex.quotes] == ["Donald Trump"] * 3 + ["Sean Hannity"] * 2
    assert ex.quotes[3].cue == "pressed"


def test_a_roundup_byline_after_a_dash_is_the_source():
    # "Headline - Byline: '…'" (a polling roundup): the byline after the spaced dash wrote the words; the
    # headline before it is no part of the source.
    art, ex = run(
        "The Iowa results are in.\n\n"
        "Pollsters agree - Ann Lowe: “It was a tough night for pollsters in both races.”\n\n"
        "But polls did predict the Democratic caucus - HuffPollster: “Clinton led by three points and won "
        "by less than one.”"
    )
    assert [source(art, q) for q in ex.quotes] == ["Ann Lowe", "HuffPollster"]


def test_a_capitalised_plural_the_article_also_writes_in_lower_case_is_a_description():
    # "Officials" opens its sentence; the article writes "officials" too: a group, not a person.
    text = (
        "Border tunnels\n\n"
        "Officials said the tunnels were “a serious and growing threat to the border.” Local officials "
        "agreed.\n"
    )
    ex = extract(read_text(text, "t"))
    assert [(q.speaker_name, q.speaker_kind) for q in ex.quotes] == [("Officials", "description")]


def test_a_dateline_is_no_sentence_subject():
    # "CITY — X on Friday called …, praising Y as '…'": the dateline says where the story was filed; the
    # participle's subject is the person after it (the dateline had been taken for the subject).
    art, ex = run(
        "Lowe praises Platt.\n\n"
        "TALLAHASSEE — State Sen. Ann Lowe on Friday criticized the budget while praising Ned Platt as a "
        '"careful steward of public money."'
    )
    (q,) = ex.quotes
    assert speaker(ex, q) == "Ann Lowe"
    # a place in ordinary case before a news agency is a dateline too
    art, ex = run(
        "Lowe swipes at Platt.\n\n"
        "Springfield (AFP) – Senator Ann Lowe has taken a swipe at her rival's tax plan, saying that "
        '"reckless promises" do more harm than good.'
    )
    (q,) = ex.quotes
    assert speaker(ex, q) == "Ann Lowe"
    # a place in ordinary case before a news agency is a dateline too
    art, ex = run(
        "Lowe swipes at Platt.\n\n"
        "Springfield (AFP) – Senator Ann Lowe has taken a swipe at her rival's tax plan, saying that "
        '"reckless promises" do more harm than good.'
    )
    (q,) = ex.quotes
    assert speaker(ex, q) == "Ann Lowe"


def test_a_pull_quote_signed_on_its_own_line_is_the_signer_s():
    # A pull quote whose paragraph ends before its closing mark, signed on the next line: 'Name,
    # Affiliation."' names who said it.
    art, ex = run(
        "Economists doubt the plan. Ann Lowe has studied budgets for years.\n\n"
        '"We will need stimulus in the next recession, and the plan takes it away.\n'
        'Ned Platt, Center for Fiscal Studies."\n\n'
        "The plan goes to a vote next week."
    )
    (q,) = ex.quotes
    assert source(art, q) == "Ned Platt" and speaker(ex, q) == "Ned Platt"


def test_a_fronted_subordinate_clause_is_no_subject():
    # "Unless …, '…'": the clause before the comma is fronted, so its first word is no subject (it was
    # taken for a name and beat the speaker of the quotation before, who goes on speaking).
    art, ex = run(
        '"The math is clear," said Ann Lowe, a strategist for the party. Unless the rivals quit soon, '
        '"it will be very hard to stop him."'
    )
    assert [speaker(ex, q) for q in ex.quotes] == ["Ann Lowe", "Ann Lowe"]


def test_a_speech_word_after_a_is_a_noun_with_no_subject():
    # 'X delivered a snappy retort: "…"': "a … retort" is a noun phrase ("a" then a base form, which no
    # singular subject takes), so "a snappy" is no subject of a cue; the colon lead-in's subject speaks.
    art, ex = run(
        "Ned Platt defended the plan at the debate. Ann Lowe delivered a snappy retort: "
        '"No one is tearing this up. We are going forward."'
    )
    (q,) = ex.quotes
    assert source(art, q) == "Ann Lowe" and speaker(ex, q) == "Ann Lowe"
    # after an auxiliary the base form is a verb again: "a voter would now ask" has a subject
    art, ex = run(
        "If we lived in calmer times -- with some patience and memory -- a voter would now ask: "
        '"Why is the senator on a foreign network at all?"'
    )
    (q,) = ex.quotes
    assert source(art, q) == "a voter"


def test_a_stop_inside_closing_brackets_ends_the_sentence():
    # "(… twice.) The members …": the aside ends its sentence, so the quotation's sentence opens at "The
    # members"; read as one sentence with the aside, "Ann Lowe" was its subject and took the quotation.
    art, ex = run(
        "The hearing was tense. Ann Lowe rebuked the council at length (she had warned it twice.) The "
        "members who rebuked Lowe by publicly backing the union included her deputy, Sam Ortiz, who "
        'called the plan "a betrayal."'
    )
    (q,) = ex.quotes
    assert speaker(ex, q) == "Sam Ortiz"


def test_a_name_before_a_prepositional_phrase_is_the_subject():
    # "X in a Medium post said": "a Medium post" follows a preposition, so it is no subject (the quotation
    # went to the post, naming no one); the name before "in" is.
    art, ex = run(
        'The council met on Monday. Tom Baxter in a Medium post said the plan was "dead on arrival."'
    )
    (q,) = ex.quotes
    assert source(art, q) == "Tom Baxter" and speaker(ex, q) == "Tom Baxter"
