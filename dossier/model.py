"""The data model shared by every pipeline stage.

Every offset anywhere in the system is a code-point index into ``Article.raw``,
the seed text exactly as decoded (for a ``.md`` seed: its body after the front
matter), so any fact on the site can point back to the exact words in the source.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

# Paragraph kinds the read stage assigns. Only "body" (and "headline"/"dek",
# which may carry attributed quotes) are searched for quotations.
PARAGRAPH_KINDS = (
    "headline",
    "dek",
    "byline",
    "dateline",
    "credit",
    "caption",
    "body",
    "boilerplate",
)


@dataclass(frozen=True)
class Paragraph:
    """One non-blank line of the seed: news text keeps one paragraph a line."""

    index: int
    start: int
    end: int  # exclusive; trailing whitespace excluded
    kind: str = "body"


@dataclass(frozen=True)
class DateMention:
    """A date expression in the text, resolved to a calendar date where possible."""

    start: int
    end: int
    text: str
    value: str | None  # ISO date "YYYY-MM-DD" (or "YYYY-MM-DDTHH:MM" for a timestamp)
    inferred: bool = False  # True when year/day came from context, not the words
    basis: str = ""  # how it was resolved, for the reader ("weekday + caption year")


@dataclass
class ArticleMeta:
    """Metadata of an article: from front matter when given, else found by rules."""

    title: str | None = None
    dek: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None  # ISO date or datetime
    date_inferred: bool = False
    date_basis: str = ""
    outlet: str | None = None
    url: str | None = None
    description: str | None = None
    language: str | None = None
    credits: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    truncated: bool = False  # the text stops mid-story (ends with ":" etc.)
    from_front_matter: list[str] = field(default_factory=list)  # fields the user gave
    extra: dict = field(default_factory=dict)  # other front-matter keys, kept as given


@dataclass
class Article:
    id: str  # the seed file's stem: stable, readable, unique within seeds/
    path: str  # seed path as given (for messages)
    raw: str  # the text every offset refers to
    paragraphs: list[Paragraph]
    meta: ArticleMeta
    dates: list[DateMention] = field(default_factory=list)
    body_line: int = 1  # 1-based line of raw[0] in the seed file (front matter shifts it)
    warnings: list[str] = field(default_factory=list)
    content_hash: str = ""

    def text(self, start: int, end: int) -> str:
        return self.raw[start:end]

    def paragraph_at(self, offset: int) -> Paragraph | None:
        # Paragraphs are in text order: bisection, as linking asks once per quote (a scan
        # per call made a seed of many short paragraphs quadratic).
        i = bisect_right(self.paragraphs, offset, key=lambda p: p.start) - 1
        p = self.paragraphs[i] if i >= 0 else None
        return p if p is not None and p.start <= offset < p.end else None

    def body(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.kind == "body"]

    def line_of(self, offset: int) -> int:
        """1-based line number in the seed file of a raw offset (for messages)."""
        return self.body_line + self.raw.count("\n", 0, offset)


# ---- extract stage ----------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    """A span of text that refers to a person of the article."""

    start: int
    end: int
    text: str
    person: str  # key of the article-local person (see LocalPerson.key)
    kind: str  # name | surname | first | handle | alias | pronoun | description | possessive


@dataclass
class LocalPerson:
    """One real individual as seen inside a single article."""

    key: str  # unique within the article, e.g. the canonical name
    name: str  # the fullest name the article gives ("John Legend")
    variants: list[str] = field(default_factory=list)  # other names used ("Legend", "JL")
    handles: list[str] = field(default_factory=list)  # "@KimKardashian"
    descriptions: list[str] = field(default_factory=list)  # "the rapper", "Legend's wife"
    gender: str | None = None  # "m" | "f" | None, used for pronoun resolution
    kind: str = "person"  # person | organisation
    # What the article calls them right before the name ("RNC Chairman", "Billionaire"); apart from
    # descriptions, which speaker resolution matches.
    called: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class ExtractedQuote:
    """One stretch of text in quotation marks that reports someone's words."""

    start: int  # inside the marks
    end: int
    text: str  # == raw[start:end]
    speaker: str | None = None  # LocalPerson.key, or None when unresolved
    speaker_name: str | None = None  # display name; may be a non-person source ("a source")
    speaker_kind: str | None = (
        None  # person | organisation | description (an unnamed source, "a spokeswoman")
    )
    source_start: int | None = None  # the mention naming the speaker next to the cue
    source_end: int | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    medium: str | None = None  # tweet | text message | interview | statement | post | email | speech
    addressee: str | None = None  # LocalPerson.key of who it was said to
    confidence: float = 0.0
    group: int = 0  # pieces of one statement split by narration share a group number
    inherited: bool = False  # speaker carried over from a previous quote (no cue of its own)
    paragraph: int = 0  # index of the paragraph it starts in


@dataclass
class Extraction:
    article_id: str
    people: list[LocalPerson] = field(default_factory=list)
    quotes: list[ExtractedQuote] = field(default_factory=list)

    def person(self, key: str | None) -> LocalPerson | None:
        for p in self.people:
            if p.key == key:
                return p
        return None


# ---- link stage -------------------------------------------------------------


@dataclass
class Occurrence:
    """One printing of a statement in one article, with its exact wording."""

    article: str
    start: int
    end: int
    text: str
    pieces: list[tuple[int, int]] = field(default_factory=list)  # spans when split by narration
    source_start: int | None = None
    source_end: int | None = None
    cue: str | None = None
    confidence: float = 0.0


@dataclass
class Person:
    id: str  # slug, stable
    name: str
    aliases: list[str] = field(default_factory=list)
    description: str | None = None
    links: dict = field(default_factory=dict)
    articles: list[str] = field(default_factory=list)
    mention_count: int = 0
    image_credit: str | None = None  # curation
    notes: list[dict] = field(default_factory=list)  # curation notes (text, author, date)
    curated: bool = False  # named in dossier.yml
    kind: str = "person"  # person | organisation (an outlet, a party, a company)
    called: list[str] = field(default_factory=list)  # what articles call them before their name


@dataclass
class Quote:
    """One statement, however many sources print it (Quotebank's record)."""

    id: str
    text: str  # the fullest wording
    speaker: str | None  # Person.id
    date: str | None
    date_inferred: bool = False
    described_as: str | None = None  # the article's words for a speaker it does not name ("a senior aide")
    medium: str | None = None
    addressee: str | None = None  # Person.id
    occurrences: list[Occurrence] = field(default_factory=list)
    status: str | None = None  # verified | unverified | disputed | misattributed (curation)
    notes: list[dict] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)  # former ids that redirect here
