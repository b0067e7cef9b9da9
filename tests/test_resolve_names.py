"""The name a quote page shows: pronouns, shared surnames, organisations and appositions (issue 13).

Snippets are invented for the test; the last test scores the extractor on the shared PolNeAR name gold
(skipped when ../shared is absent).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dossier.extract import antecedents, extract
from dossier.read.article import read_text

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "eval"


def names(text: str) -> list[str | None]:
    """The shown speaker of every quotation, in order."""
    ex = extract(read_text(text, "t"))
    out = []
    for q in ex.quotes:
        p = ex.person(q.speaker)
        out.append(p.name if p else q.speaker_name)
    return out


def test_bare_surname_shared_by_a_family_means_the_one_introduced_first():
    text = (
        "Senator Ted Cruz endorsed the nominee on Friday.\n\n"
        "The nominee had mocked his wife, Heidi Cruz, and his father, Rafael Cruz, in the spring.\n\n"
        '"I gave my word to support the nominee and I keep my word," Cruz said.\n'
    )
    assert names(text) == ["Ted Cruz"]


def test_a_mister_is_not_the_woman_who_shares_his_surname():
    text = (
        "Michelle Olsen spoke at the gala on Saturday.\n\n"
        "The crowd cheered when her husband took the stage.\n\n"
        '"My name is not on the ballot, but our progress is," Mr. Olsen said.\n'
    )
    shown = names(text)
    assert shown and shown[0] == "Olsen"  # a man of that surname, not Michelle


def test_he_after_a_new_speaker_is_introduced_goes_to_the_new_speaker():
    text = (
        "Mayor Anna Berg defended the budget on Monday.\n\n"
        '"We balanced it without new taxes," Berg said.\n\n'
        "Former prosecutor Glen Hart said the audit was overdue.\n\n"
        '"They are within the zone of a real problem," he said.\n'
    )
    assert names(text) == ["Anna Berg", "Glen Hart"]


def test_his_and_a_contracted_pronoun_resolve_like_he():
    text = (
        "Governor Paul Lind toured the plant on Tuesday.\n\n"
        '"We will keep these jobs here," He’s quoted as saying in the local paper.\n'
    )
    assert names(text)[0] != "He’s"


_PAXTON = (
    "Paxton Wins Over Small Towns\n\n"
    "Senator Roy Paxton toured rural counties in 2011. Paxton spoke at diners and churches, and Paxton met "
    "farmers at county fairs.\n\n"
)


def test_he_said_after_a_paraphrase_goes_to_its_reporter_not_the_most_named_person():
    text = _PAXTON + (
        "Paxton electrified the small crowds with promises to shake things up, Dale Morrow said. "
        '"He was very articulate, smart, well-spoken," he said. "Once he talked to them, they were sold."\n'
    )
    assert names(text) == ["Dale Morrow", "Dale Morrow"]


def test_he_said_after_an_inverted_attribution_with_an_apposition():
    text = _PAXTON + (
        "Paxton will have a harder time in a general election, said Dale Morrow, a historian at the state "
        'university. "The state is not the country," he said.\n'
    )
    assert names(text) == ["Dale Morrow"]


def test_a_person_after_said_is_reported_on_not_reporting():
    # "Morrow said Paxton has kept …": Paxton's name follows "said" but Morrow is the one speaking.
    text = _PAXTON + (
        "White House spokesman Dale Morrow said Paxton has kept in close touch with his supporters. "
        '"I would think that would have some influence," he said.\n'
    )
    assert names(text) == ["Dale Morrow"]


def test_according_to_reports_speech():
    text = _PAXTON + (
        "According to Dale Morrow, the campaign has shuffled through managers because many disagreed with "
        'Paxton\'s plans. "We are on our fourth manager," he said.\n'
    )
    assert names(text) == ["Dale Morrow"]


def test_a_reporter_of_the_other_gender_is_no_option():
    text = _PAXTON + (
        "Paxton electrified the small crowds with promises to shake things up, Jane Morrow said. "
        '"Once I talked to them, they were sold," he said.\n'
    )
    assert names(text) == ["Roy Paxton"]


def test_he_said_goes_to_the_subject_after_a_fronted_phrase():
    text = _PAXTON + (
        "In his assessment of Paxton, Dale Morrow voiced disappointment that voters gave Paxton a shot. "
        '"It is incredible that such a society could produce such candidates," he said.\n'
    )
    assert names(text) == ["Dale Morrow"]


def test_a_subject_he_passes_the_question_one_sentence_back():
    text = _PAXTON + (
        '"We won," Paxton said.\n\nFormer Governor Dale Morrow agreed with the analysis. In an interview '
        'that year, he was asked why Paxton won. "Iowa happened," he said.\n'
    )
    assert names(text) == ["Roy Paxton", "Dale Morrow"]


def test_the_subject_before_of_the_other_gender_is_passed_over():
    text = _PAXTON + (
        '"We won," Paxton said.\n\nWith one foot on her board, Ms. Jane Morrow gazed out across the '
        'concrete. "I will put it this way," he said.\n'
    )
    assert names(text) == ["Roy Paxton", "Roy Paxton"]


def test_a_group_noun_or_plural_description_names_no_one():
    text = (
        "Clinton Rallies in Ohio\n\nHillary Clinton spoke in Columbus on Monday.\n\n"
        '"So what do Americans do?" Clinton asked. "No!" the crowd cried out, booing.\n\n'
        'Outside, the protesters chanted: "Not in our name."\n'
    )
    shown = names(text)
    assert shown[0] == "Hillary Clinton"
    assert "Hillary Clinton" not in shown[1:]


def test_the_group_goes_to_the_organisation_the_last_group_phrase_named():
    text = (
        "Insurers Warn on Exchanges\n\n"
        "UnitedHealth Group said last month it may leave the exchanges.\n\n"
        "This week, the trade group for the Blue Cross Blue Shield plans spelled out its concerns. "
        '"The current risk pool is out of balance," the group wrote.\n'
    )
    assert names(text) == ["Blue Cross Blue Shield"]


def test_a_document_in_a_newspaper_is_the_newspaper_speaking():
    text = (
        "Grassley Under Fire\n\n"
        "Senator Chuck Grassley has been taking heat back home.\n\n"
        '"Grassley should condemn these attacks," reads a Wednesday editorial in The Des Moines Register.\n'
    )
    assert names(text) == ["The Des Moines Register"]


def test_a_subject_description_of_a_title_passes_he_to_its_holder():
    text = (
        "Paxton Wins Over Small Towns\n\n"
        "Roy Paxton, the Vermont senator, toured rural counties in 2011. Paxton spoke at diners.\n\n"
        'Governor Dale Morrow spoke next. "We disagree," Morrow said.\n\n'
        "The Vermont senator declined to say whether the ruling was fair. But he told reporters that "
        'Morrow is a "total opportunist."\n'
    )
    assert names(text) == ["Dale Morrow", "Roy Paxton"]


def test_a_role_between_names_leads_to_the_second_name():
    text = _PAXTON + (
        '"We won," Paxton said.\n\nPaxton consultant Dale Morrow, the highest-ranking pollster, picked up '
        'a similar thread at the time. "Voters share the same aspirations," he said.\n'
    )
    assert names(text) == ["Roy Paxton", "Dale Morrow"]


def test_a_bare_conjunction_before_a_quote_is_no_subject():
    text = _PAXTON + 'And, "We won," Paxton said.\n\nBut— "We won," he said.\n\nAnd\n"Fine," he said.\n'
    assert names(text) == ["Roy Paxton", "Roy Paxton", "Roy Paxton"]


def test_a_role_after_a_party_or_outlet_word_leads_to_the_name():
    text = (
        "Ads Season\n\nThe primary is on Tuesday.\n\n"
        "Democratic presidential candidate Jane Roe is releasing an ad that urges voters to “send a message” "
        "to the banks.\n\n"
        '"The meeting was calm," wrote Post White House bureau chief Ann Lee.\n'
    )
    assert names(text) == ["Jane Roe", "Ann Lee"]


def test_a_pair_of_speakers_is_shown_as_the_first_named():
    text = (
        "Polls Not Wrong, Just Early\n\nThe caucus results surprised many.\n\n"
        "IOWA POLLS NOT WRONG - Mark Lund and Jon Berry: “The polls were simply taken too early.”\n"
    )
    assert names(text) == ["Mark Lund"]


def test_who_asks_is_not_who_answers():
    text = _PAXTON + (
        '"We won," Paxton said.\n\nDale Morrow asked Paxton how high the wall would be. '
        '"I think the height could be 35 feet," he said.\n'
    )
    assert names(text) == ["Roy Paxton", "Roy Paxton"]


def test_an_affiliation_after_a_name_does_not_take_its_verb():
    text = _PAXTON + (
        '"It would seem to be a stretch," Dale Morrow of the James Martin Center for Nonproliferation '
        'Studies wrote in December.\n\nBut, he noted, "it is a mistake to rule out the aspiration."\n'
    )
    assert names(text)[1] == "Dale Morrow"


def test_a_relative_who_said_after_an_apposition_reports():
    text = (
        "Emails Released\n\nHillary Clinton's position on the emails drew fire from Republicans.\n\n"
        "Her position was supported Friday by Sen. Jane Ortiz of California, the ranking Democrat on the "
        "committee, who said none of the emails originated with Clinton. "
        '"It has never made sense to me," she said.\n'
    )
    assert names(text) == ["Jane Ortiz"]


def test_a_possessive_name_before_a_role_is_not_the_speaker():
    # "Donald Trump’s campaign manager says": the manager speaks; unnamed here, shown as the words.
    text = (
        "Trump Rallies in Ohio\n\nDonald Trump spoke in Ohio on Monday.\n\n"
        "Donald Trump’s campaign manager says he is “vindicated” by the decision.\n"
    )
    assert names(text) == ["Donald Trump’s campaign manager"]


def test_a_possessive_role_goes_to_the_name_in_apposition_with_it():
    text = (
        "Clinton Rallies in Ohio\n\nHillary Clinton spoke in Ohio on Monday.\n\n"
        '"Vote for the change you need," exhorted Clinton’s aide, actress Jamie Lee Curtis.\n'
    )
    assert names(text) == ["Jamie Lee Curtis"]


def test_a_name_in_apposition_is_the_speaker_not_the_country_after_it():
    text = (
        "Ministers met in New York on Friday.\n\n"
        '"This is a clear threat to peace," said Jean-Marc Ayrault, the foreign minister of France.\n'
    )
    assert names(text) == ["Jean-Marc Ayrault"]


def test_it_goes_to_the_organisation_named_last():
    text = (
        "Growth Slows\n\n"
        "The forecast came from the International Monetary Fund on Tuesday.\n\n"
        'Although the IMF did not name any country, it warned of "political tensions that could derail '
        'the recovery."\n'
    )
    assert names(text) == ["International Monetary Fund"]


def test_antecedent_model_ships_and_round_trips():
    model = antecedents.shipped()
    assert model.weights["g=other"] < 0 < model.weights["g=same"]
    again = antecedents.AntecedentModel.from_json(model.to_json())
    assert again.to_json() == model.to_json()
    assert model.best([]) is None


@pytest.mark.skipif(not (SHARED / "score_names.py").exists(), reason="../shared eval folder is absent")
def test_name_accuracy_on_dev_holds():
    """Dev name accuracy (the shown name is the right individual) stays at or above this issue's figure."""
    r = subprocess.run(
        [sys.executable, "benchmarks/quotes_eval.py", "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=True,
    )
    result = json.loads(r.stdout.strip().splitlines()[-1])["names"]
    assert result["gold"] == 917
    assert result["name_accuracy_matched"] >= 0.90


def test_a_statement_goes_to_whoever_provided_it():
    text = (
        "The Ledger said Dana Whitlow provided a written statement after the audit.\n\n"
        '"The council regrets the delay and will publish every invoice," the statement said.\n'
    )
    assert names(text) == ["Dana Whitlow"]


def test_the_website_goes_to_the_subject_who_set_it_up_past_an_apposition():
    text = (
        "Marco Teller, a baker in Halifax, Nova Scotia, has set up a website for newcomers.\n\n"
        '"Everyone is welcome on our island," the website reads.\n'
    )
    assert names(text) == ["Marco Teller"]


def test_the_same_document_keeps_its_owner_beyond_the_sentences_looked_back():
    filler = "".join(f"The harbour saw {n} ships that week.\n\n" for n in range(2, 10))
    text = (
        "Marco Teller, a baker in Halifax, has set up a website for newcomers.\n\n"
        '"Everyone is welcome here," the website reads.\n\n'
        + filler
        + '"Rents are low and the bread is warm," the website explains.\n'
    )
    assert names(text) == ["Marco Teller", "Marco Teller"]


def test_a_document_someone_only_read_is_not_theirs():
    text = (
        "Dana Whitlow criticized a statement from the port authority on Monday.\n\n"
        '"We acted within the rules," the statement said.\n'
    )
    assert "Dana Whitlow" not in names(text)


def test_the_release_is_the_party_that_announced_not_the_person_it_is_about():
    text = (
        "Nora Vance had been due to speak in Casper, but the Wyoming Farmers Union announced on "
        "Thursday that she would not come.\n\n"
        '"Ms. Vance will not attend the convention on Saturday," the release said.\n'
    )
    assert names(text) == ["Wyoming Farmers Union"]


def test_the_aide_after_an_unnamed_aide_names_no_one_but_the_nominee_does():
    text = (
        "Chairman Carl Dorsey praised the report on Thursday.\n\n"
        "A Republican committee aide criticized the rival memo.\n\n"
        '"Their announcement is pure politics," the aide said.\n'
    )
    assert names(text) == ["the aide"]
    held = (
        "Senator Ada Brill won the vote in June and became a nominee for the court.\n\n"
        '"I am ready to serve," the nominee said.\n'
    )
    assert names(held) == ["Ada Brill"]


def test_an_unnamed_someone_introduced_with_four_modifiers_stays_unnamed():
    text = (
        "Governor Lena Marsh raised the rent of her office in July.\n\n"
        '"If I were a donor, I would want answers," said a prominent Republican National Committee member.\n\n'
        "Marsh did not respond.\n\n"
        '"Most campaigns run on a tighter budget," the RNC member said.\n'
    )
    assert "Lena Marsh" not in names(text)


def test_a_party_member_noun_heads_a_persons_description_and_a_role():
    text = (
        "Committee Chairman Jason Hale on Tuesday requested another inquiry.\n\n"
        'The Utah Republican said the staff had "violated statutes that prohibit destruction of records."\n\n'
        '"They are sore losers," said Oversight ranking Democrat Elijah Rowe (D-Md.).\n'
    )
    assert names(text) == ["Jason Hale", "Elijah Rowe"]


def test_a_name_in_the_subjects_relative_clause_is_not_the_speaker():
    text = (
        "Our Future Pac was started by a former aide to a governor.\n\n"
        '"This ad raises new questions,"Kate Pollard, who is chairman of Our Future Pac said in a statement.\n'
    )
    assert names(text) == ["Kate Pollard"]


def test_a_role_the_next_sentence_names_for_the_first_time_is_that_person():
    text = (
        "The Latest.\n\n"
        "Donald Trump’s campaign manager says he is “gratified” by the decision of a prosecutor.\n\n"
        "Corey Lewandowski, in a statement released by the campaign on Thursday, said he was relieved.\n"
    )
    assert names(text) == ["Corey Lewandowski"]


def test_a_name_that_modifies_a_role_is_not_the_speaker():
    text = (
        "Ted Cruz wants to play nice with his colleagues.\n\n"
        "The freshman senator wants to return to the campaign trail this fall, they say.\n\n"
        "“That can go a long way toward good relationships,” said a senior Cruz adviser.\n"
    )
    assert names(text) == ["a senior Cruz adviser"]


def test_a_description_running_on_into_its_verb_resolves_as_its_noun_phrase():
    text = (
        "Senator Bernie Sanders lost the primary in June.\n\n"
        'The Vermont senator emailed supporters that the fight would "continue at the convention."\n'
    )
    assert names(text) == ["Bernie Sanders"]


def test_a_senator_of_another_state_is_not_the_one_described_before():
    text = (
        "Senator Bernie Sanders spoke first.\n\n"
        '"We need a revolution," the Vermont senator said.\n\n'
        "Senator Marco Rubio answered him an hour later.\n\n"
        '"We need growth," the Florida senator said.\n'
    )
    assert names(text) == ["Bernie Sanders", "Marco Rubio"]


def test_the_two_and_the_chairmen_are_the_pair_named_last_shown_as_its_first():
    text = (
        "Republicans ask for an inquiry.\n\n"
        "Oversight Committee Chairman Jason Hale (R-Utah) and Judiciary Committee Chairman Bob Lind "
        "(R-Va.) sent the referral on Monday.\n\n"
        '"The evidence appears to contradict her testimony," the committee chairmen wrote.\n\n'
        "Later, Lind and Benghazi Committee Chairman Trey Moss (R-S.C) sent a letter to the director.\n\n"
        '"You seem to have picked a new standard," the two write.\n'
    )
    assert names(text) == ["Jason Hale", "Bob Lind"]
    strategist = (
        "Republicans ask for an inquiry.\n\n"
        "Senator Jason Hale and Governor Bob Lind met donors on Monday.\n\n"
        '"It is a long shot," said a strategist for one of these candidates.\n'
    )
    assert names(strategist) == ["a strategist for one of these candidates"]


def test_it_or_they_right_after_a_quotation_continue_the_organisation_that_spoke():
    text = (
        "Haley gave the response on Tuesday.\n\n"
        "A headline from the Denver Post editorial board mocked the speech.\n\n"
        '"She is an articulate conservative," the editorial board writes.\n\n'
        '"Many on the right now oppose any immigrants," they conclude.\n'
    )
    assert names(text)[-1] == "Denver Post"
    marchers = (
        "A headline from the Denver Post editorial board praised the march.\n\n"
        '"It was peaceful," the editorial board writes.\n\n'
        'As they made their way down Broad Street, they chanted "no justice, no peace."\n'
    )
    assert names(marchers)[-1] != "Denver Post"


def test_the_poll_goes_to_the_pollster_named_before_its_head_not_a_place_or_day():
    text = (
        "Trump leads the field.\n\n"
        "Wednesday's Quinnipiac poll has Clinton leading Trump by just six points.\n\n"
        'The Q poll also finds that 37 percent say Trump is "very responsible" for violence.\n'
    )
    assert names(text) == ["Quinnipiac"]
    place = (
        "Trump leads the field.\n\n"
        "Wednesday's Iowa poll has Clinton leading Trump by just six points.\n\n"
        'The poll also finds that 37 percent say Trump is "very responsible" for violence.\n'
    )
    assert "Iowa" not in names(place)


def test_a_sentence_opening_word_taken_for_a_name_shows_no_speaker():
    text = (
        "Voters went to the polls.\n\n"
        "Outside the hall in downtown Tulsa, about 50 protesters gathered in two clusters, holding signs "
        'and chanting "Stop the tax."\n'
    )
    assert names(text) == [None]


def test_the_inside_a_sentence_names_an_organisation_that_its_editorial_speaks_for():
    text = (
        "A Tulsa newspaper called on Governor Tom Smith to visit the flooded towns.\n\n"
        "The Beacon had chided the governor a week before.\n\n"
        "That did not sit well with the editors of The Beacon, who aimed their Sunday editorial at Smith.\n\n"
        '"If he wants to lead, Governor Smith should come to Tulsa," the editorial read.\n\n'
        "The newspaper urged Smith to decide on something other than the Electoral College.\n\n"
        '"Oklahoma is a reliably red state," the newspaper admitted.\n'
    )
    assert names(text) == ["The Beacon", "The Beacon"]
    nickname = "Fans of The Donald lined up.\n\n" + '"We love him," the crowd chanted.\n'
    assert "The Donald" not in names(nickname)


def test_a_person_after_at_is_whom_a_document_was_aimed_at_not_its_maker():
    text = (
        "Mayor Tom Smith skipped the parade.\n\n"
        "The editors aimed their Sunday editorial at Smith.\n\n"
        '"He should come home," the editorial read.\n'
    )
    assert names(text) == ["the editorial"]


def test_the_newspaper_right_after_a_quotation_continues_the_organisation_that_spoke():
    text = (
        "The mayor's critics found the editorial of The Beacon on their doorsteps on Friday.\n\n"
        '"The mayor made a bad decision," it read.\n\n'
        "It urged Mayor Tom Smith to think beyond the Electoral College.\n\n"
        '"Oklahoma is a reliably red state," the newspaper admitted.\n'
    )
    assert names(text) == ["The Beacon", "The Beacon"]


def test_the_commission_after_an_unnamed_commission_is_no_organisation_named_before():
    text = (
        "The Senate Ethics Committee closed the case in May.\n\n"
        "But a state ballot commission in January was more tentative.\n\n"
        'That, the commission said, "would be helpful in avoiding uncertainty."\n'
    )
    assert names(text) == ["the commission"]


def test_an_organisation_spoken_to_made_no_document_the_narrative_goes_on_about():
    text = (
        "The Tulsa Herald asked the firm about its policy.\n\n"
        "Five employees separately told The Post that the firm offers no paid leave. One provided a document "
        "that she identified as the firm's benefits.\n\n"
        '"Family leave," the document states, becomes available "after 1 year of employment."\n'
    )
    assert "The Post" not in names(text)


def test_a_place_or_command_word_after_a_first_name_names_no_one_he_or_she_could_mean():
    filler = (
        "Adm. Harry Harris took over in May.\n\nThe islands grew fast. Ships came and went. The talks "
        "stalled. The summit was delayed. Trade fell. Markets slid.\n\n"
    )
    harbor = (
        filler + "Critics say the Marines were stuck at Pearl Harbor for a week.\n\n" + '"No," she said.\n'
    )
    assert names(harbor) == [None]


def test_a_pronoun_in_a_fronted_phrase_means_the_main_clauses_subject():
    text = (
        "Donald Trump wants to build a wall at the Mexican border.\n\n"
        'In what he acknowledged as a news conference-ending "rant," President Barack Obama took a whack '
        "at Trump.\n"
    )
    assert names(text) == ["Barack Obama"]
    nobody = 'Hillary Clinton spoke in Iowa on Monday.\n\nWhen he arrived, the crowd chanted "lock her up."\n'
    assert names(nobody) == ["the crowd"]


def test_a_document_introduced_unnamed_goes_to_the_owner_named_with_it_a_few_sentences_on():
    text = (
        "Gay Republicans look to the platform this week.\n\n"
        'A letter to platform committee members calls terrorism an "existential threat" to freedom.\n\n'
        "The move comes from Rachel Hoff, a delegate from Washington. Hoff’s letter, emailed to delegates "
        "on Thursday, cites Mitt Romney.\n"
    )
    assert names(text) == ["Rachel Hoff"]
    nobody = (
        "Gay Republicans look to the platform this week.\n\n"
        'A letter to platform committee members calls terrorism an "existential threat" to freedom.\n\n'
        "The move comes from Rachel Hoff, a delegate from Washington.\n"
    )
    assert names(nobody) == ["A letter to platform committee members"]


def test_words_passed_on_according_to_an_outlet_are_the_speaker_s():
    text = (
        "Senator Maria Lund asked her supporters to stay calm on Monday.\n\n"
        "“Please keep the protest outside the hall,” Lund said, according to the Daily Ledger.\n"
    )
    assert names(text) == ["Maria Lund"]


def test_a_book_quoted_according_to_a_newspaper_is_its_author_s():
    text = (
        "The journalist Owen Hale describes the dinner in a new book.\n\n"
        "“The talk turned to email over dessert,” Hale writes in his book, according to the Gazette.\n"
    )
    assert names(text) == ["Owen Hale"]


def test_a_mis_encoded_name_is_shown_repaired_while_offsets_point_into_the_raw_text():
    # UTF-8 read as Latin-1 twice ("BasÃ\x83Â¡Ã\x83Â±ez"), and once then decomposed ("A" + combining tilde).
    for written, shown in [
        ("Miguel Bas\u00c3\u0083\u00c2\u00a1\u00c3\u0083\u00c2\u00b1ez", "Miguel Basáñez"),
        ("Rosa Pe" + "A\u0303\u00b1" + "a", "Rosa Peña"),
    ]:
        text = (
            "The ambassador spoke to reporters in Washington on Monday.\n\n"
            f"“We will answer every insult with facts,” said {written}, the ambassador.\n"
        )
        ex = extract(read_text(text, "t"))
        (q,) = ex.quotes
        person = ex.person(q.speaker)
        assert person is not None and person.name == shown
        # Offsets point into the raw words (the candidate span may stop inside the mangled letters).
        assert q.source_start == text.index(written) and written.startswith(
            text[q.source_start : q.source_end]
        )
        assert [m.text for m in person.mentions if m.kind == "name"] == [written]
        assert all(text[m.start : m.end] == m.text for m in person.mentions)


def test_repair_leaves_sound_text_and_unfixable_letters_alone():
    from dossier.extract.repair import repaired

    assert repaired("François Hollande") == "François Hollande"
    assert repaired("Beto O’Rourke") == "Beto O’Rourke"
    assert repaired("the\u00a0Post") == "the Post"
    # A letter lost on the way ("ú" read back as "o"): nothing to decode; the invisible C1 code goes.
    assert repaired("Federico de Jes\u00c3\u0083\u00c2os") == "Federico de JesÃÂos"


def test_an_outlet_is_not_another_outlet_that_shares_its_last_word():
    text = (
        "The Daily News ran a cover about the refugees on Wednesday.\n\n"
        "“The cover speaks for itself,” the Daily News said in a statement.\n\n"
        "The Evening Herald made the same claim in February, and Harbor News responded: "
        "“The claim was false then and it is false now.”\n"
    )
    assert names(text) == ["Daily News", "Harbor News"]


def test_his_physician_is_the_one_doctor_the_article_names_later():
    text = (
        "The candidate released a letter about his health on Monday.\n\n"
        "According to his longtime personal physician, the candidate is in “excellent” shape.\n\n"
        "The letter was signed by Dr. Ellen Marsh of Boston.\n"
    )
    assert names(text) == ["Ellen Marsh"]


def test_his_physician_names_no_one_when_two_doctors_are_named():
    text = (
        "The candidate released a letter about his health on Monday.\n\n"
        "According to his longtime personal physician, the candidate is in “excellent” shape.\n\n"
        "Dr. Ellen Marsh and Dr. Paul Ortiz examined him.\n"
    )
    assert names(text) == ["his longtime personal physician"]


def test_the_company_is_the_outlet_named_before_not_an_unnamed_one():
    # "a contributor with the company" brings in a contributor, not an unnamed company.
    text = (
        "The columnist also lost his post at Harbor Insider on Monday.\n\n"
        "Harbor Insider commented on his future as a contributor with the company.\n\n"
        "“We wish him and his family all the best,” the company said in a statement.\n"
    )
    assert names(text) == ["Harbor Insider"]


def test_a_lone_determiner_taken_for_a_source_names_no_one():
    from dossier.extract.pipeline import read_document
    from dossier.extract.resolve import speaker_display
    from dossier.extract.sources import Source

    text = "Mayor Anna Berg spoke on Monday.\n\nThis was the budget “we all wanted,” the crowd heard.\n"
    doc = read_document(read_text(text, "t"))
    at = text.index("This")
    assert doc.resolver.resolve(Source(at, at + 4, "This", "description")) is None
    assert speaker_display(None, "the", "description") == (None, None)
    assert speaker_display(None, "the two", "description") == ("the two", "description")


def test_the_suit_speaks_for_whoever_filed_the_lawsuit():
    text = (
        "Senator Hal Cobb's office rejected the claims on Monday.\n\n"
        "The lawsuit filed by a former aide named Nora Quist alleges that she was fired unfairly.\n\n"
        "Cobb's office called it baseless.\n\n"
        "Along with other allegations, the suit claims that Cobb damaged her reputation.\n\n"
        "“The firing was retaliation, pure and simple,” the suit reads.\n"
    )
    assert names(text) == ["Nora Quist"]


def test_a_possessive_phrase_in_apposition_with_a_name_is_that_person():
    text = (
        "Senator Ruth Ames held a rally in Ohio on Friday.\n\n"
        "“We finally have a leader who listens,” exclaimed Ames's introducer, actress Clara Voss.\n"
    )
    assert names(text) == ["Clara Voss"]


def test_a_possessive_before_a_name_that_is_the_possessor_stays_the_possessor():
    text = (
        "Dana Ruiz spoke at the forum on Friday.\n\n"
        "“We will not back down,” said Ruiz, whose campaign, Ruiz said, is broke.\n"
    )
    assert names(text) == ["Dana Ruiz"]


def test_an_unnamed_source_speaking_to_an_outlet_is_not_the_outlet():
    text = (
        "The inquiry widened on Monday, officials said.\n\n"
        "An intelligence source speaking to reporters from Fox News said, “The agents are close.”\n"
    )
    assert names(text) == ["An intelligence source"]


def test_the_admiral_far_from_his_name_is_the_one_person_titled_admiral():
    # "the admiral said" many sentences after "Adm. …": the one person the article titles so; the
    # "he said" that follows goes on with him.
    text = (
        "Adm. Ruth Calder, who leads the Northern Fleet, spoke in Oslo on Monday. She was frank.\n\n"
        "The fleet has six ships. Two are new. The others are old. Repairs are slow. Budgets are tight. "
        "Critics in the press attacked the fleet. “The attacks had two goals,” the admiral said. "
        "“They were meant to hurt morale. That will not happen,” she said.\n"
    )
    assert names(text) == ["Ruth Calder", "Ruth Calder"]


def test_the_admiral_names_no_one_when_two_admirals_are_named():
    text = (
        "Adm. Ruth Calder and Adm. Paul Ortiz spoke in Oslo on Monday. They were frank.\n\n"
        "The fleet has six ships. Two are new. The others are old. Repairs are slow. Budgets are tight. "
        "Critics in the press attacked the fleet. “The attacks had two goals,” the admiral said.\n"
    )
    assert names(text)[0] not in ("Ruth Calder", "Paul Ortiz")


def test_he_said_goes_on_with_the_account_his_pronoun_reports_carried():
    # "Bruch said …. …, he noted, …. He said …. “…” he said": each sentence between reports the same
    # man's speech, so the name that began the account speaks, not the man named in between.
    text = (
        "Delegates met in Denver on Monday to discuss Senator Tom Hale.\n\n"
        "Rick Moreno said he is ready to challenge any attempt to back Hale at the convention. "
        "But states vote in order, he noted, so it may be clear whether Hale is the nominee by then. "
        "He said larger states will settle the question first. "
        "“If we cannot get another nominee, we might abstain,” he said.\n"
    )
    assert names(text) == ["Rick Moreno"]


def test_she_said_with_no_one_named_near_goes_on_with_the_description_that_reported_last():
    # Nobody is named in the five sentences before "she said"; "the admiral said" reported speech
    # last, and the admiral is the one person the article titles so.
    text = (
        "Admiral speaks out\n\n"
        "Adm. Ruth Calder, who leads the Northern Fleet, spoke in Oslo on Monday. Admiral Calder was frank.\n\n"
        "The fleet has six ships. Two are new. The others are old. Repairs are slow. Budgets are tight. "
        "Critics in the press attacked the fleet. The attacks had two goals, the admiral said. "
        "First, they were meant to hurt morale. Second, they were meant to cut the budget. "
        "“That will not happen while I am in charge,” she said.\n"
    )
    assert names(text) == ["Ruth Calder"]


def test_she_said_takes_no_one_when_the_description_that_reported_last_is_a_man():
    text = (
        "Admiral speaks out\n\n"
        "Adm. Paul Ortiz, who leads the Northern Fleet, spoke in Oslo on Monday. Admiral Ortiz was frank.\n\n"
        "The fleet has six ships. Two are new. The others are old. Repairs are slow. Budgets are tight. "
        "Critics in the press attacked the fleet. The attacks had two goals, the admiral said. "
        "First, they were meant to hurt morale. Second, they were meant to cut the budget. "
        "“That will not happen while I am in charge,” she said.\n"
    )
    assert names(text) == [None]


def test_the_senator_near_a_named_senator_is_not_the_one_titled_sen_later():
    # The title's holder is only a fallback: "the senator" here is the man just quoted, not the one
    # person the article happens to call "Sen.".
    text = (
        "Tom Hale spoke to reporters on Monday.\n\n"
        "“We have made real progress in six months,” Hale said. Asked about his rivals, the senator "
        "smiled. “That would be me, yes,” the senator said.\n\n"
        "Later on the same show, Sen. Clara Voss, a Missouri Democrat, disagreed.\n"
    )
    assert names(text) == ["Tom Hale", "Tom Hale"]


def test_the_plural_description_after_a_pair_set_off_by_appositions_is_the_first_named():
    text = (
        "Clinton gives economic speech\n\n"
        "“Powerful special interests have led to gridlock in Congress,” Clinton said.\n\n"
        "Maria Lopez, president of the Harbor Institute, a progressive think tank, and Daniel Okafor, "
        "co-founder of the polling firm Civic Research, applauded the remarks.\n\n"
        "“With this speech, Secretary Clinton has made this election a choice about whether our economy "
        "works for all,” the progressive heavyweights wrote in a joint statement.\n"
    )
    assert names(text)[1] == "Maria Lopez"


def test_a_plural_description_after_one_person_and_an_apposition_is_no_pair():
    text = (
        "Clinton gives economic speech\n\n"
        "Maria Lopez, president of the Harbor Institute, a progressive think tank, applauded the remarks "
        "and the plan.\n\n"
        "“With this speech, the election is a choice about whether our economy works for all,” the "
        "progressive activists wrote in a joint statement.\n"
    )
    assert names(text) == ["the progressive activists"]


def test_he_said_after_an_unnamed_reporter_shows_no_name():
    # The account goes on with the partner the article never names, not with the man named before.
    text = (
        "Funds for everyone\n\n"
        "Mr. Hale said the plan would cost little. Or you could do what a partner at Mr. Hale's former "
        "firm told him and his fellow associates to do with their money.\n\n"
        "The solution, the partner told them, was simple. “Just put your money in index funds,” he said.\n"
    )
    assert names(text) == [None]


def test_a_letter_sent_by_a_pair_after_a_parenthesis_is_the_first_named():
    # "(R-Texas)" between the name and "sent" is no gap; the pair made the letter.
    text = (
        "Republicans press the FBI\n\n"
        "Also Monday, Anna Bell and Budget Committee Chairman Tom Reyes (R-Texas) sent a letter to the "
        "director, seeking more answers about his decision.\n\n"
        "The director said there was no precedent for such a case.\n\n"
        "The letter continues: “Please explain your understanding of the law.”\n"
    )
    assert names(text)[-1] == "Anna Bell"


def test_a_letter_sent_by_one_person_after_a_parenthesis_is_that_person():
    text = (
        "Republicans press the FBI\n\n"
        "Also Monday, Budget Committee Chairman Tom Reyes (R-Texas) sent a letter to the director, "
        "seeking more answers about his decision.\n\n"
        "The letter continues: “Please explain your understanding of the law.”\n"
    )
    assert names(text)[-1] == "Tom Reyes"


def test_a_subject_he_goes_on_with_the_possessor_that_opened_the_sentence_before():
    # No speech verb after "He": the subject of the sentence before, not the previous speaker.
    text = (
        "Staffer sues committee\n\n"
        "“The committee did not discriminate against anyone,” Chairman Tom Reyes said.\n\n"
        "Bradley Hale’s lawsuit demands his reinstatement as a committee investigator and lost wages. "
        "He also seeks “a permanent injunction barring Chairman Reyes from repeating false statements.”\n"
    )
    assert names(text)[-1] == "Bradley Hale"


def test_a_subject_he_after_a_possessed_role_goes_on_with_the_role_s_holder():
    text = (
        "Campaign under pressure\n\n"
        "“I was viciously attacked at the convention,” Mr. Reyes said.\n\n"
        "On television, Mr. Reyes's campaign chairman, Paul Vance, dismissed the criticism. He also "
        "seeks “a fresh start for the whole campaign.”\n"
    )
    assert names(text)[-1] == "Paul Vance"


def test_an_ads_narrator_is_shown_as_the_description_not_the_person_the_ad_is_about():
    text = (
        "Group targets Clinton\n\n"
        "The Future Fund is planning to run a Christmas-themed ad about Hillary Clinton starting Dec. 26. "
        "The video pans around gifts that evoke her controversies, while a voiceover recites a rhyme.\n\n"
        "“The gifts were all opened: a new server, a mouse,” says the ad’s narrator.\n"
    )
    assert names(text) == ["the ad’s narrator"]


def test_she_with_only_men_named_around_shows_no_name():
    text = (
        "Rally crowd\n\n"
        "“We will win this state,” Donald Trump said. Ted Cruz answered him on Monday.\n\n"
        "The woman who started the chant identified herself as a 52-year-old resident of the town. "
        "“It just came out of my mouth,” she said.\n"
    )
    assert names(text)[-1] is None


def test_a_contracted_pronoun_taken_for_a_name_shows_no_one():
    text = (
        "An opinion\n\n"
        "I'm old enough to remember President Jimmy Carter declaring a ''moral equivalent of war'' "
        "against dependence on foreign oil.\n"
    )
    assert names(text) == [None]


def test_the_campaign_is_the_one_the_article_named_with_that_head():
    text = (
        "New emails\n\n"
        "The emails were released by the State Department on Tuesday.\n\n"
        "The Reyes campaign suggested that the aide was acting for the foundation. Regarding the "
        "exchanges, the campaign said in a statement: “Neither of these emails involve the secretary.”\n"
    )
    assert names(text)[-1] == "Reyes campaign"


def test_a_person_named_in_a_dash_aside_is_not_the_description_after_it():
    text = (
        "Chairman seeks inquiry\n\n"
        "House Oversight Committee Chairman Jason Reyes on Tuesday requested another investigation.\n\n"
        "In the letter - addressed to the U.S. attorney for the district, Channing D. Phillips - the "
        "Utah Republican asks for an investigation to determine whether “the emails were destroyed.”\n"
    )
    assert names(text) == ["Jason Reyes"]


def test_a_name_after_an_owner_s_possessive_is_the_person_not_the_owner():
    text = (
        "Debate night\n\n"
        "The moderators pressed the candidates on trade.\n\n"
        '"The format rewards whoever interrupts most," Gazette\'s Tamsin Albery wrote after the debate.\n\n'
        '"Nobody answered the question about tariffs," Albery added.\n'
    )
    assert names(text) == ["Tamsin Albery", "Tamsin Albery"]


def test_an_organisation_s_officer_is_the_person_after_the_title():
    text = (
        "Party plans\n\n"
        '"We will be united by the convention," said Republican National Committee Chairman Dale Orvik.\n\n'
        '"We have the votes to pass it," said Senate Minority Whip Corwin Pell of Illinois.\n\n'
        '"The lines were far too long," Maricopa County Recorder Edna Sorrell said.\n'
    )
    assert names(text) == ["Dale Orvik", "Corwin Pell", "Edna Sorrell"]


def test_the_organisation_named_in_full_where_a_shorter_one_starts_at_the_same_place():
    text = (
        "Convention news\n\n"
        "Leaders of the Republican Party met in Casper, where no surrogate will speak for the frontrunner.\n\n"
        "On Thursday, the Republican Party of Wyoming announced the change.\n\n"
        '"The campaign has informed us that the speaker will not attend," the release said.\n'
    )
    assert names(text) == ["Republican Party of Wyoming"]


def test_an_outlet_named_in_full_then_shortened_is_shown_by_its_full_name():
    text = (
        "Staff shake-up\n\n"
        "The Riverton Courier reported that the manager was ousted on Monday.\n\n"
        "“There were a lot of voices that came together at once,” the Courier reported, quoting an "
        "official.\n"
    )
    assert names(text) == ["The Riverton Courier"]


def test_a_complaint_is_the_suit_of_whoever_sued():
    text = (
        "Data dispute\n\n"
        "Senator Alden Marsh said the party had punished his campaign for a vendor's error.\n\n"
        "His campaign sued the party committee in federal court on Friday, seeking an injunction.\n\n"
        "The complaint, which was filed in Washington, alleged that the committee “failed to implement "
        "reasonable data security measures.”\n"
    )
    assert names(text) == ["Alden Marsh"]


def test_a_person_named_by_a_first_name_alone_is_whom_he_said_goes_on_with():
    text = (
        "The base chief speaks\n\n"
        "Senator Rand Keller has questioned the account of the night. The film accuses the chief of "
        "stalling, and many critics of Bob have repeated it.\n\n"
        "Bob agreed to talk on the condition that his last name not be used.\n\n"
        "“I thought I would regret it if I didn't,” he said about finally speaking out.\n"
    )
    assert names(text) == ["Bob"]


def test_a_first_name_the_story_later_gives_a_quote_is_a_person_before_that_too():
    text = (
        "A reporter's week with a voter\n\n"
        "Reporter Stephanie Lund spent a week with a woman in Ohio who had been in hospital. She "
        "wrote that the woman was still angry.\n\n"
        "Marisol thought the whole thing was outrageous. She was anxious, sure. “I was never going "
        "to hurt anybody,” she said several months later.\n\n"
        "“That is right,” Marisol said to the TV.\n"
    )
    assert names(text) == ["Marisol", "Marisol"]


def test_a_name_before_a_hyphenated_modifier_is_no_part_of_the_organisation():
    text = (
        "Emails released\n\n"
        "The email was sent on Tuesday by an official of the Martin Hale-run Transport Department to "
        "its staff.\n\n"
        "“Please advise how you wish to convey that approval to us,” it read.\n"
    )
    assert names(text) == ["Transport Department"]


def test_a_title_joined_by_and_is_in_apposition_with_the_name_before_it():
    text = (
        "Wage debate\n\n"
        "The new minimum wage took effect on Friday.\n\n"
        "Anthony Ravel, president and CEO of Northfield Restaurant Association stated, “It’s not a "
        "political problem; it’s a math problem.”\n"
    )
    assert names(text) == ["Anthony Ravel"]


def test_he_said_after_someone_asked_a_person_goes_on_with_the_one_asked():
    text = (
        "Health records\n\n"
        "Senator Wade Horvath will release his medical records before the caucuses.\n\n"
        "Last month, The Lakeside Herald’s Colin Marsh asked Horvath whether questions about his "
        "health were fair game.\n\n"
        "“Sure it is. I cannot remember the last day I took off because of illness,” he said.\n"
    )
    assert names(text) == ["Wade Horvath"]
