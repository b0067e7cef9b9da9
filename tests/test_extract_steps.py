"""Each extraction step on its own: a sentence in, spans out.

The snippets are invented for these tests. Quotation marks have their own file (test_quotemarks.py);
here: the word lists, cues, cue proposals, source candidates, the ranker, resolution and context.
"""

from __future__ import annotations

import json
import math

import pytest

from dossier.extract.candidates import Builder
from dossier.extract.cues import FRAMING_WORDS, SPEECH_WORDS, cue_spans, medium_of
from dossier.extract.lexicon import verb_forms, verbs
from dossier.extract.mentions import find_people
from dossier.extract.pipeline import extract, sole_choice
from dossier.extract.proposals import find_sites, sentence_subject, set_context
from dossier.extract.quotes import count_words, find_quotes
from dossier.extract.ranker import Ranker, shipped
from dossier.extract.resolve import Resolver, speaker_display
from dossier.extract.sources import Source, sentence_break_spans, source_after, source_before
from dossier.read.article import read_text


def _spans(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[a:b] for a, b in spans]


# ---- lexicon: verbs by lemma, forms generated --------------------------------------------------


def test_verb_forms_regular_irregular_and_doubled():
    assert verb_forms("say", "said") == {
        "base": "say",
        "s": "says",
        "ed": "said",
        "en": "said",
        "ing": "saying",
    }
    assert verb_forms("quip", "quipped")["ing"] == "quipping"
    assert verb_forms("deny")["s"] == "denies" and verb_forms("deny")["ed"] == "denied"
    assert verb_forms("argue")["ing"] == "arguing"
    # Forms kept: "post" and "posts" are nouns too.
    assert set(verb_forms("post", keep="ed").values()) == {"posted"}


def test_speech_verb_list_has_forms_and_classes():
    assert {"fumed", "estimated", "said", "tweeted", "quipped"} <= SPEECH_WORDS
    assert "post" not in SPEECH_WORDS and "posted" in SPEECH_WORDS
    assert {"called", "dubbed", "described"} <= FRAMING_WORDS <= SPEECH_WORDS
    assert verbs("speech_verbs", "framing") == FRAMING_WORDS


# ---- cues ----------------------------------------------------------------------------------------


def test_cue_spans_phrases_whole_and_verbs():
    text = 'The mayor went on to say the plan "works," and Lowe fumed that it was "a mess."'
    assert _spans(text, cue_spans(text)) == ["went on to say", "fumed"]


def test_cue_spans_are_case_sensitive_for_verbs():
    text = "The New York Post Said nothing. Call it off."
    assert cue_spans(text) == []


def test_medium_words():
    assert medium_of("she wrote in a text message to him") == "text message"
    assert medium_of("he told reporters at a rally") == "interview"
    assert medium_of("Lowe tweeted on Friday") == "tweet"
    assert medium_of("she said on Monday") is None


# ---- sources: the noun phrase next to a cue ------------------------------------------------------


def test_source_before_and_after_a_cue():
    text = "The 40-year-old senator said"
    assert source_before(text, 0, text.index("said")) == Source(
        0, 23, "The 40-year-old senator", "description"
    )
    inv = "said Ann Lowe, a spokeswoman"
    assert source_after(inv, 4, len(inv)).text == "Ann Lowe"
    assert source_before("Later he said", 0, 9).kind == "pronoun"


def test_sentence_breaks_after_an_aside_in_brackets_not_an_abbreviation():
    text = "She had warned it twice.) The members met. Maricopa County (Ariz.) Sheriff Tom Baxter came (D-N.Y.) Then"
    starts = [text[e : e + 11] for _p, e in sentence_break_spans(text, 0, len(text))]
    assert starts == ["The members", "Maricopa Co"]


def test_a_spelled_out_time_opens_no_subject():
    text = 'Thirteen years earlier, she had voted for it from "the perspective of a senator."'
    assert sentence_subject(text, 0, text.index('"')) == Source(24, 27, "she", "pronoun")


def test_a_phrase_after_a_preposition_is_no_subject_but_the_name_before_it_is():
    for text, subject in [
        ("Tom Baxter in a Medium post said", "Tom Baxter"),
        ("Ann Lowe at the time said", "Ann Lowe"),
        ("Two sources familiar with the talks said", "the talks"),  # no name before: as it was
    ]:
        assert source_before(text, 0, text.rindex(" ") + 1).text == subject


def test_source_after_a_cue_stops_where_a_quotation_opens():
    # The next sentence opens with a quotation: its first word is no part of the name or description.
    for tail, phrase in (
        ("said Carla Pavone. “Apparently nobody stayed home.”", "Carla Pavone."),
        ('said the 46-year-old. "Now we go to Ohio."', "the 46-year-old."),
        ("according to CNN. ‘It’s a stunt.’", "CNN."),
    ):
        cue_end = tail.index(" ", tail.index("said" if "said" in tail else "to") + 1)
        assert source_after(tail, cue_end, len(tail)).text == phrase
    # A period inside a name run does not stop it when no quotation follows.
    inv = "said Sen. John Smith of Ohio."
    assert source_after(inv, 4, len(inv)).text == "Sen. John Smith of Ohio."


# ---- quotes: spans and words ---------------------------------------------------------------------


def test_quote_spans_and_word_count():
    text = 'Lowe said: "We will build it." Then "done".'
    spans = find_quotes(text, [(0, 0, len(text))])
    assert [text[q.start : q.end] for q in spans] == ["We will build it.", "done"]
    assert count_words("We will build it.") == 4 and count_words("— … —") == 0


# ---- the steps together on one article: proposals, candidates, ranker, resolution ----------------


def _article(text: str):
    art = read_text(text, "t")
    raw = art.raw
    paras = [(p.start, p.end) for p in art.paragraphs]
    index = find_people(raw, paras, [])
    spans = find_quotes(raw, [(p.index, p.start, p.end) for p in art.paragraphs])
    resolver = Resolver(raw, index.people, index.mentions, [(q.start, q.end) for q in spans])
    set_context(raw, resolver.sentences, paras)
    sites = find_sites(raw, spans, {p.index: p for p in art.paragraphs}, resolver.in_quote)
    return raw, resolver, sites


def test_proposals_name_the_cue_and_its_subject():
    raw, _resolver, sites = _article('"We will rebuild the bridge," Mayor Ann Lowe said on Monday.')
    (site,) = sites
    after = site.proposals["after"]
    assert raw[after.start : after.end] == "said"
    assert after.source.text == "Mayor Ann Lowe" and "comma_close" in site.flags


def test_a_title_in_marks_is_no_quotation():
    _raw, _resolver, sites = _article('She watched the documentary "Bridge of Spies" twice.')
    assert sites == []


def _candidates(text: str):
    """The featurised candidates of the text's one quotation."""
    raw, resolver, sites = _article(text)
    (site,) = sites
    builder = Builder(raw, resolver)
    cands = builder.build(site, None, None, None, None)
    builder.featurise(site, cands, None)
    return resolver, cands


LOWE = 'Ann Lowe met Bob Stone on Monday. Stone listened. "We will rebuild the bridge," she said, before leaving.'


def test_candidates_cover_the_window_and_carry_features():
    _resolver, cands = _candidates(LOWE)
    texts = {c.text: c for c in cands}
    # The window is the quotation's sentence and one on each side: "Bob Stone" two sentences back is not in it.
    assert {"she", "Stone"} <= set(texts) and "Bob Stone" not in texts
    assert "after" in texts["she"].tags and "t=after" in texts["she"].features
    assert all(c.features and "bias" in c.features for c in cands)


def test_the_shipped_ranker_picks_the_cue_subject_and_resolution_names_her():
    resolver, cands = _candidates(LOWE)
    best, p = shipped().best(cands)
    assert best.text == "she" and p > 0.5
    key = resolver.resolve(Source(best.start, best.end, best.text, best.kind))
    assert resolver.people[key].name == "Ann Lowe"  # "she": not Bob Stone, whatever his gender


def test_ranker_scores_by_weights_and_serialises_deterministically():
    r = Ranker({"t=after": 2.0, "k=pronoun": -0.5, "unused": 0.0}, bias=-1.0)
    assert r.score(["t=after", "k=pronoun", "other"]) == pytest.approx(0.5)
    text = r.to_json()
    assert Ranker.from_json(text).to_json() == text
    assert "unused" not in json.loads(text)["weights"]


def test_ranker_confidence_is_the_chosen_candidates_softmax_share():
    # The model is trained on pairs of one quotation's candidates: only score differences mean anything.
    _resolver, cands = _candidates(LOWE)
    she = next(c for c in cands if c.text == "she")
    r = Ranker({"t=after": 2.0})
    best, p = r.best(cands)
    others = len(cands) - 1  # every other candidate scores 0, "she" scores 2
    assert best is she and p == pytest.approx(1 / (1 + others * math.exp(-2.0)))
    shifted, p2 = Ranker({"t=after": 2.0}, bias=5.0).best(cands)
    assert shifted is she and p2 == pytest.approx(p)  # a constant added to every score changes nothing
    assert Ranker({}).best([]) == (None, 0.0)


def test_a_quotation_with_one_candidate_or_none_needs_no_ranker():
    # The pipeline skips features and scoring then: what it answers must be what any ranker answers.
    for text in ('"We will rebuild the bridge," Ann Lowe said.', '"We will rebuild the bridge."'):
        _resolver, cands = _candidates(text)
        assert len(cands) <= 1
        for model in (shipped(), Ranker({"t=after": -3.0}, bias=2.0)):
            assert sole_choice(cands) == model.best(cands)
    assert sole_choice(_candidates(LOWE)[1]) is None  # several: the ranker's to choose
    ex = extract(read_text('"We will rebuild the bridge," Ann Lowe said.', "one.md"))
    (q,) = ex.quotes
    assert q.speaker_name == "Ann Lowe" and q.confidence == 1.0


def test_shipped_model_is_small_and_loads_offline():
    model = shipped()
    assert 100 < len(model.weights) < 20000


# ---- resolution ------------------------------------------------------------------------------------


def test_indefinite_descriptions_name_nobody():
    raw, resolver, _sites = _article('Ann Lowe spoke first. "It failed," a senior aide said.')
    start = raw.index("a senior aide")
    src = Source(start, start + len("a senior aide"), "a senior aide", "description")
    assert resolver.resolve(src) is None
    assert speaker_display(None, "a senior aide", "description") == ("a senior aide", "description")


def test_who_goes_to_the_name_before_it():
    raw, resolver, _sites = _article('"It works," said Bob Stone, who added that "more is coming."')
    who = raw.index("who")
    assert resolver.people[resolver.resolve(Source(who, who + 3, "who", "pronoun"))].name == "Bob Stone"


def test_organisations_are_shown_as_organisations():
    assert speaker_display(None, "The New York Times", "description") == (
        "The New York Times",
        "organisation",
    )
    assert speaker_display(None, "the Clinton campaign", "description") == (
        "Clinton campaign",
        "organisation",
    )
    assert speaker_display(None, "he", "pronoun") == (None, None)


def test_transcript_label_resolves_by_surname():
    raw, resolver, _sites = _article('Senator Ann Lowe spoke.\n\n"LOWE: We will rebuild it."')
    start = raw.index("LOWE")
    assert resolver.people[resolver.resolve(Source(start, start + 4, "LOWE", "name"))].name == "Ann Lowe"
