"""Who is a person, and who is the same person: credits, titles, glued words, one-word names,
Trump / Trump Jr., Hillary / Bill Clinton, places and outlets, and curated names. Texts written here."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from dossier.cli import main
from dossier.extract import extract
from dossier.extract.mentions import find_people
from dossier.link.linker import link
from dossier.publish.build import build
from dossier.read.article import read_text

ROOT = Path(__file__).resolve().parent.parent


def people(text: str, stem: str = "t"):
    return extract(read_text(text, stem)).people


def names(text: str) -> list[str]:
    return [p.name for p in people(text)]


def person(text: str, name: str):
    return next(p for p in people(text) if p.name == name)


# ---- credits ------------------------------------------------------------------


def test_contributor_photo_and_follow_credits_are_no_people():
    text = (
        "Senate Passes Farm Bill\n\n"
        'Senator Maria Ortega said the bill was "a good day for growers."\n\n'
        "The vote was 61 to 39. (Photo: Lena Marsh/Agency)\n\n"
        "Follow Tom Baxter on Twitter.\n\n"
        "Reporting by Karl Wendt; Editing by Ruth Okafor\n"
    )
    found = names(text)
    assert "Maria Ortega" in found
    for credit in ("Lena Marsh", "Tom Baxter", "Karl Wendt", "Ruth Okafor"):
        assert credit not in found


def test_opinion_pieces_closing_author_line_is_no_person_of_the_story():
    text = (
        "Why Farmers Vote Early\n\n"
        'Farmers in the valley vote early, and Senator Maria Ortega says "they always have."\n\n'
        "Nora Vance is a professor of history at the state university.\n"
    )
    found = names(text)
    assert "Maria Ortega" in found and "Nora Vance" not in found
    # Named in the story too, the same line is just a sentence about them.
    told = text.replace("Farmers in the valley", "Nora Vance says farmers")
    assert "Nora Vance" in names(told)


def test_demo_photographer_is_not_with_anyone(project: Path):
    build(project / "seeds", project / "docs")
    data = json.loads((project / "docs/data/people.json").read_text("utf-8"))
    assert "John Lamparski" not in {p["name"] for p in data}
    page = (project / "docs/people/john-legend.md").read_text("utf-8")
    assert "Lamparski" not in page


# ---- titles and descriptions before a name -----------------------------------


def test_title_or_description_before_a_name_is_kept_apart():
    text = (
        "Party Chiefs Meet\n\n"
        'RNC Chairman Reince Priebus said the party was united. "We are one team," Priebus said.\n\n'
        "DNC Chair Debbie Wasserman Schultz disagreed. Wasserman Schultz called it a show.\n\n"
        "Billionaire Donald Trump stayed away. Donald Trump was in Florida.\n"
    )
    found = names(text)
    assert {"Reince Priebus", "Debbie Wasserman Schultz", "Donald Trump"} <= set(found)
    assert not any(n.startswith(("RNC", "DNC", "Billionaire")) for n in found)
    assert "RNC Chairman" in person(text, "Reince Priebus").called
    assert "Billionaire" in person(text, "Donald Trump").called
    # The two-word surname alone is the same person, not a second one.
    assert "Wasserman Schultz" not in found


def test_sentence_initial_words_are_not_glued_to_a_name():
    text = (
        "Rally Season\n\n"
        "Voters cheered when Donald Trump spoke in the evening.\n\n"
        "Despite Trump, the senator kept her seat. Whether Donald Trump wins is unclear.\n\n"
        "Bashing Trump has become a sport for Ann Lee, who spoke next.\n"
    )
    found = names(text)
    assert "Donald Trump" in found and "Ann Lee" in found
    assert not any(n.split()[0] in ("Despite", "Whether", "Bashing") for n in found)


def test_a_pronoun_after_an_abbreviation_is_not_glued_to_a_name():
    text = (
        "McCain Speaks\n\n"
        "John McCain spoke at a breakfast this morning in Washington D.C. He recalled the Tea Party years.\n\n"
        '"We saw gridlock and inaction," he concluded.\n'
    )
    found = names(text)
    assert "John McCain" in found
    assert not any(n.endswith(" He") for n in found)
    assert extract(read_text(text, "t")).quotes[0].speaker_name == "John McCain"


def test_title_case_line_in_the_story_is_no_person():
    text = (
        "Debate Night\n\n"
        "Rand Paul spoke for ten minutes about spending.\n\n"
        "Rand Paul Scores Direct Hit On Donald Trump\n\n"
        "Later Donald Trump answered him.\n"
    )
    found = names(text)
    assert "Rand Paul" in found and "Donald Trump" in found
    assert not any("Scores" in n for n in found)


# ---- places and outlets ------------------------------------------------------


def test_places_and_outlets_are_no_people():
    text = (
        "Caucus Night\n\n"
        '"We are ready," Iowa said in a statement, as Des Moines waited. Politico reported the numbers.\n\n'
        '"It is close," Ann Lee told Yahoo from North Carolina.\n\n'
        "The crowd at the Aral Sea conference listened to EgyptAir officials.\n"
    )
    found = names(text)
    assert "Ann Lee" in found
    for bad in ("Iowa", "Des Moines", "Politico", "Yahoo", "North Carolina", "Aral Sea", "EgyptAir"):
        assert bad not in found


# ---- one-word names ----------------------------------------------------------


def test_one_word_name_joins_the_person_the_article_names():
    text = (
        "Bridge Opens\n\n"
        'Engineer Anna Kowalski led the work. "It took four years," Kowalski said.\n\n'
        '"We are proud," Anna said later.\n'
    )
    found = people(text)
    assert [p.name for p in found] == ["Anna Kowalski"]
    assert {"Kowalski", "Anna"} <= set(found[0].variants)


def test_one_word_name_across_articles_joins_only_an_unambiguous_person():
    a = read_text("Vote\n\nSenator Ann Kowalski voted no on Monday.\n", "a")
    b = read_text("Vote\n\nRep. Piotr Kowalski voted yes on Monday.\n", "b")
    c = read_text('Vote\n\n"No deal," Kowalski said.\n', "c")
    d = link([a, b, c], {x.id: extract(x) for x in (a, b, c)})
    by_name = {p.name: p for p in d.people}
    # Two Kowalskis are named elsewhere: the lone surname stays its own page.
    assert by_name["Ann Kowalski"].articles == ["a"]
    assert by_name["Piotr Kowalski"].articles == ["b"]
    assert by_name["Kowalski"].articles == ["c"]


# ---- Trump and Trump Jr. -----------------------------------------------------


def test_trump_jr_is_not_his_father():
    text = (
        "Family Business\n\n"
        "Donald Trump Jr. spoke at the convention on Tuesday.\n\n"
        '"He is my father," Donald Trump Jr. said of Donald Trump, who spoke on Thursday.\n'
    )
    found = people(text)
    by_name = {p.name: p for p in found}
    assert set(by_name) == {"Donald Trump Jr.", "Donald Trump"}
    assert "Donald Trump" not in by_name["Donald Trump Jr."].variants


def test_middle_initial_is_the_same_person_across_articles_but_jr_is_not():
    a = read_text("Speech\n\nDonald J. Trump spoke in Ohio on Monday.\n", "a")
    b = read_text("Speech\n\nDonald Trump spoke in Iowa on Monday. Mr. Trump left early.\n", "b")
    c = read_text("Speech\n\nDonald Trump Jr. spoke in Utah on Monday.\n", "c")
    d = link([a, b, c], {x.id: extract(x) for x in (a, b, c)})
    by_name = {p.name: p for p in d.people}
    trump = next(p for p in d.people if p.articles == ["a", "b"])
    assert trump.name in ("Donald Trump", "Donald J. Trump")
    assert by_name["Donald Trump Jr."].articles == ["c"]
    assert "Donald Trump" not in by_name["Donald Trump Jr."].aliases


def test_two_george_bushes_with_initials_stay_apart():
    a = read_text("Dynasty\n\nGeorge W. Bush spoke on Monday.\n", "a")
    b = read_text("Dynasty\n\nGeorge H.W. Bush spoke on Monday.\n", "b")
    c = read_text("Dynasty\n\nGeorge Bush spoke on Monday.\n", "c")
    d = link([a, b, c], {x.id: extract(x) for x in (a, b, c)})
    assert sorted(p.name for p in d.people) == ["George Bush", "George H.W. Bush", "George W. Bush"]


# ---- Hillary and Bill Clinton ------------------------------------------------


def test_clinton_resolved_by_title_and_context():
    text = (
        "Campaign Trail\n\n"
        "Hillary Clinton and Bill Clinton arrived in Ohio on Monday.\n\n"
        '"We will win this state," Mrs. Clinton said.\n\n'
        '"She is ready," Mr. Clinton said.\n'
    )
    ex = extract(read_text(text, "t"))
    by_name = {p.name: p for p in ex.people}
    assert {"Hillary Clinton", "Bill Clinton"} <= set(by_name)
    hillary = [m.start for m in by_name["Hillary Clinton"].mentions]
    bill = [m.start for m in by_name["Bill Clinton"].mentions]
    assert text.index("Mrs. Clinton") + len("Mrs. ") in hillary
    assert text.index("Mr. Clinton") + len("Mr. ") in bill
    speakers = {q.text[:10]: ex.person(q.speaker).name for q in ex.quotes if q.speaker}
    assert speakers == {"We will wi": "Hillary Clinton", "She is rea": "Bill Clinton"}


def test_lone_clinton_follows_the_last_one_named():
    text = (
        "Two Speeches\n\n"
        "Bill Clinton spoke first, in Denver.\n\n"
        "Then Hillary Clinton took the stage. Clinton spoke for an hour.\n"
    )
    hillary = person(text, "Hillary Clinton")
    assert "Clinton" in [m.text for m in hillary.mentions]


# ---- curation ----------------------------------------------------------------


def test_curated_person_is_found_by_name_and_alias(project: Path):
    shutil.copy(ROOT / "dossier.yml", project / "dossier.yml")
    build(project / "seeds", project / "docs")
    data = {p["name"]: p for p in json.loads((project / "docs/data/people.json").read_text("utf-8"))}
    ebro = data["Ebro Darden"]
    assert ebro["mentions"] >= 1 and ebro["articles"] == ["000_35de9ac7b62baea6"]
    assert data["Kanye West"]["kind"] == "person"


def test_check_reports_curated_person_never_mentioned_and_alias_matching_nothing(project: Path, capsys):
    text = (ROOT / "dossier.yml").read_text("utf-8")
    text = text.replace(
        "people:\n",
        "people:\n  - name: Nadia Quorn\n    aliases: [Quorny]\n  - name: Tami Lasagna\n    aliases: [Lasagnita]\n",
        1,
    )
    (project / "dossier.yml").write_text(text, "utf-8")
    code = main(["check", "--seeds", str(project / "seeds"), "--config", str(project / "dossier.yml")])
    out = capsys.readouterr().out
    assert code == 0
    assert "curated person 'Nadia Quorn' is mentioned in no article" in out
    assert "alias 'Lasagnita' of 'Tami Lasagna' matches nothing" in out
    assert "'Tami Lasagna' is mentioned in no article" not in out


# ---- organisations -----------------------------------------------------------


def test_organisations_are_found_apart_from_people():
    text = (
        "Talks Resume\n\n"
        "The Democratic National Committee said it would meet on Friday.\n\n"
        '"We are ready," NBC said, citing the newspaper Correio de Manha.\n\n'
        '"So are we," Ann Lee said.\n'
    )
    index = find_people(text, [(14, len(text) - 1)])
    assert [p.name for p in index.people] == ["Ann Lee"]
    orgs = {o.name: o for o in index.organisations}
    assert set(orgs) == {"Democratic National Committee", "NBC", "Correio de Manha"}
    assert all(o.kind == "organisation" and o.mentions for o in orgs.values())
    # Organisations stay out of the mentions the speaker resolution reads.
    assert all(m.person == "Ann Lee" for m in index.mentions)


def test_organisation_kind_reaches_the_page_and_the_data_export():
    art = read_text("Talks\n\nThe Democratic National Committee met. Ann Lee spoke.\n", "a")
    ex = extract(art)
    index = find_people(art.raw, [(p.start, p.end) for p in art.paragraphs])
    ex.people.extend(index.organisations)  # what the pipeline does once speakers may be organisations
    d = link([art], {art.id: ex})
    kinds = {p.name: p.kind for p in d.people}
    assert kinds == {"Ann Lee": "person", "Democratic National Committee": "organisation"}
    from dossier.write import render_site

    pages = render_site(d)
    exported = {p["name"]: p["kind"] for p in json.loads(pages["data/people.json"])}
    assert exported["Democratic National Committee"] == "organisation"
    org_page = next(v for k, v in pages.items() if k.startswith("people/democratic-national"))
    assert b"Organisation" in org_page
