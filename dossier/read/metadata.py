"""Find an article's metadata in its text by general rules of news layout.

A saved news page is a headline, maybe a dek (subtitle), a byline with a date,
photo credits and captions, the story, and page debris. We label each paragraph
with its role so later stages read only the story, and lift the metadata out.
Front matter given by the user always wins over what is found here.
"""

from __future__ import annotations

import re

from ..model import ArticleMeta, DateMention, Paragraph
from .dates import find_dates, parse_date_text

# How far into the text the page furniture (byline, photo block, dek) may sit.
HEAD_ZONE = 8
BYLINE = re.compile(r"^(?:By|BY|Written by|Posted by|Words by)[:\s]\s*(?P<rest>\S.*)$")
AGENCIES = (
    r"Getty Images|AP Photo|Associated Press|Reuters|WireImage|FilmMagic|Shutterstock|AFP|EPA|Bloomberg"
    r"|Invision|Splash News|Backgrid|Instagram|Twitter|Facebook|Courtesy|REX|Sipa|NurPhoto|Pool|Xinhua"
)
CREDIT = re.compile(
    r"^(?:(?:Photo|Image|Picture|Credit|Photograph)s?(?:\s+by|\s+credit)?\s*[:\-]\s*.+"
    r"|(?:Photo|Image|Picture)s?\s+by\s+.+"
    r"|[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}\s*/\s*[A-Z][\w.'’ &-]{1,40}"
    r"|.*\b(?:" + AGENCIES + r")\b.{0,20})$"
)
# A photo caption describes a picture in the present tense.
CAPTION_VERB = re.compile(
    r"\b(?:attends|attend|arrives|arrive|poses|pose|performs|perform|speaks|walks|is seen|are seen|looks on|"
    r"smiles|waves|sits|stands|visits|celebrates|pictured|\(L-R\)|\(L to R\)|\(left\)|\(right\))\b"
)
BOILERPLATE = re.compile(
    r"^(?:check out\b.*\b(?:below|above|here)|read (?:the rest|more|the full story|the full article)\b.*"
    r"|click here\b.*|watch (?:the|it|him|her|below)\b.*\b(?:below|above|here)|follow (?:us|him|her|@\w+|[A-Z]\w+(?:\s+[A-Z]\w+)*) on (?:twitter|facebook|instagram)\b.*"
    r"|sign up\b.*|subscribe\b.*|related(?: stories| articles| coverage)?:.*|advertisement|share this\b.*"
    r"|tags?:?|see also:.*|more:.*|this (?:story|article) (?:has been|was) updated.*|(?:copyright|©).*"
    r"|all rights reserved.*|(?:scroll|swipe) (?:down|through)\b.*|continue reading\b.*)[.!:]?$",
    re.I,
)
SENTENCE_END = re.compile(r"[.!?…:;\"”'’)\]]$")
# Page debris glued to the end of a byline ("5:25 PMTags", "| Comments").
BYLINE_DEBRIS = re.compile(r"(?:Tags|Share|Comments?|Follow|Tweet|Email|Print|Facebook|Twitter)\s*$")
NAME_TOKEN = re.compile(r"[A-Z][\w'’.-]*")


def _words(text: str) -> int:
    return len(text.split())


def _authors_from_byline(rest: str) -> list[str]:
    """'Zach Johnson Apr 26, 2018 5:25 PMTags' -> ['Zach Johnson']."""
    date_at = len(rest)
    from .dates import DAY_MONTH_YEAR, ISO_DATE, MONTH_DAY_YEAR

    for rx in (MONTH_DAY_YEAR, DAY_MONTH_YEAR, ISO_DATE):
        m = rx.search(rest)
        if m:
            date_at = min(date_at, m.start())
    names = re.split(r"\s*(?:,|\band\b|&|\||·|—|–|\bon\b)\s*", rest[:date_at])
    authors = []
    for name in names:
        tokens = name.split()
        # Keep the leading run of capitalised tokens: "Zach Johnson", "Mary-Kate O'Neil".
        kept = []
        for tok in tokens:
            if NAME_TOKEN.fullmatch(tok) or tok.lower() in (
                "de",
                "van",
                "von",
                "da",
                "del",
                "la",
                "le",
                "bin",
            ):
                kept.append(tok)
            else:
                break
        name = BYLINE_DEBRIS.sub("", " ".join(kept)).strip(" ,.")
        if 1 <= len(name.split()) <= 5 and name.lower() not in ("staff", "the associated press"):
            authors.append(name)
    return authors


def _is_credit(text: str) -> bool:
    return len(text) <= 120 and not text.endswith((".", "!", "?")) and bool(CREDIT.match(text))


def _is_caption_text(text: str) -> bool:
    return len(text) <= 400 and bool(CAPTION_VERB.search(text))


def _is_title_like(text: str) -> bool:
    """A short line with no sentence punctuation at its end: a name line or a dek."""
    return _words(text) <= 40 and not SENTENCE_END.search(text)


def classify(
    raw: str, paragraphs: list[Paragraph], meta: ArticleMeta, name_date: str | None = None
) -> tuple[list[Paragraph], list[DateMention]]:
    """Label paragraphs (headline, dek, byline, credit, caption, body, boilerplate) and fill meta.

    ``name_date`` is a date written in the seed's file name: the article's date when neither
    front matter nor a byline/dateline gives one (a name is the user's own statement, so it
    beats the story's latest date, which is only a guess). Returns the relabelled paragraphs
    and the date mentions found in the text, relative ones resolved against the article's date.
    """
    n = len(paragraphs)
    texts = [raw[p.start : p.end] for p in paragraphs]
    kinds = ["body"] * n
    byline_date: str | None = None

    if n > 1 and len(texts[0]) <= 300:
        kinds[0] = "headline"
    for i in range(min(n, HEAD_ZONE + 1)):
        if kinds[i] != "body":
            continue
        m = BYLINE.match(texts[i])
        if m and _words(texts[i]) <= 30:
            kinds[i] = "byline"
            if not meta.authors:
                meta.authors = _authors_from_byline(m["rest"])
            byline_date = byline_date or parse_date_text(m["rest"])
        elif (
            _words(texts[i]) <= 12
            and parse_date_text(texts[i])
            and not SENTENCE_END.search(texts[i].rstrip(". "))
        ):
            kinds[i] = "dateline"
            byline_date = byline_date or parse_date_text(texts[i])
    for i in range(n):
        if kinds[i] == "body" and _is_credit(texts[i]):
            kinds[i] = "credit"
            meta.credits.append(texts[i])
    for i in range(n):
        if kinds[i] != "credit":
            continue
        # A photo block: a name line above the credit, a caption sentence below (or above).
        for j in (i - 1, i + 1):
            if (
                0 <= j < n
                and kinds[j] == "body"
                and (
                    _is_caption_text(texts[j])
                    or (j == i - 1 and _words(texts[j]) <= 8 and _is_title_like(texts[j]))
                )
            ):
                kinds[j] = "caption"
    for i in range(n):
        if kinds[i] == "body" and len(texts[i]) <= 200 and BOILERPLATE.match(texts[i]):
            kinds[i] = "boilerplate"
    # The dek: right after the headline, before the story starts, not a full sentence,
    # or directly followed by the byline.
    if n > 2 and kinds[0] == "headline" and kinds[1] == "body":
        followed_by_byline = kinds[2] in ("byline", "dateline")
        if (
            _words(texts[1]) >= 3
            and len(texts[1]) <= 300
            and (_is_title_like(texts[1]) or followed_by_byline)
        ):
            kinds[1] = "dek"

    labelled = [
        p if p.kind == k else Paragraph(p.index, p.start, p.end, k)
        for p, k in zip(paragraphs, kinds, strict=True)
    ]
    if meta.title is None and kinds and kinds[0] == "headline":
        meta.title = texts[0]
    if meta.dek is None:
        meta.dek = next((t for t, k in zip(texts, kinds, strict=False) if k == "dek"), None)
    meta.captions = [t for t, k in zip(texts, kinds, strict=False) if k == "caption"]
    story = [t for t, k in zip(texts, kinds, strict=False) if k == "body"]
    if story and not SENTENCE_END.search(story[-1]) or (story and story[-1].endswith(":")):
        meta.truncated = True

    if meta.date is None and byline_date:
        meta.date, meta.date_inferred, meta.date_basis = byline_date, False, "byline"
    if meta.date is None and name_date:
        meta.date, meta.date_inferred, meta.date_basis = name_date, False, "file name"
    spans = [(p.start, p.end) for p in labelled if p.kind in ("headline", "dek", "body", "caption")]
    dates = find_dates(raw, spans, meta.date)
    if meta.date is None:
        caption_spans = [(p.start, p.end) for p in labelled if p.kind == "caption"]
        in_story = [d for d in dates if d.value and not any(s <= d.start < e for s, e in caption_spans)]
        if in_story:
            latest = max(in_story, key=lambda d: d.value[:10])
            meta.date, meta.date_inferred = latest.value[:10], True
            meta.date_basis = f"latest date in the story ({latest.text!r}: {latest.basis})"
            dates = find_dates(raw, spans, meta.date)
    return labelled, dates
