"""The data model shared by every pipeline stage.

Every offset anywhere in the system is a code-point index into ``Article.raw``,
the seed text exactly as decoded (for a ``.md`` seed: its body after the front
matter), so any fact on the site can point back to the exact words in the source.
"""

from __future__ import annotations

import bisect
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

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


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One non-blank line of the seed: news text keeps one paragraph a line."""

    index: int
    start: int
    end: int  # exclusive; trailing whitespace excluded
    kind: str = "body"


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of text that refers to a person of the article."""

    start: int
    end: int
    text: str
    person: str  # key of the article-local person (see LocalPerson.key)
    kind: str  # name | surname | first | handle | alias | pronoun | description | possessive


@dataclass(slots=True)
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


@dataclass(slots=True)
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


@dataclass(slots=True)
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


# ---- curation: the editor's dossier.yml, as loaded (link/curation.py reads it) ----


@dataclass(frozen=True)
class Anchor:
    exact: str
    prefix: str = ""
    suffix: str = ""
    article: str | None = None

    def describe(self) -> str:
        where = f" in {self.article}" if self.article else ""
        return f"“{self.exact[:60]}{'…' if len(self.exact) > 60 else ''}”{where}"


@dataclass
class CuratedPerson:
    name: str
    aliases: list[str] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)  # phrases used for them: "the rapper"
    description: str | None = None
    links: dict[str, str] = field(default_factory=dict)
    image_credit: str | None = None
    line: int = 0


@dataclass
class Correction:
    line: int
    quote: Anchor | None = None
    speaker: str | None = None
    speaker_set: bool = False  # "speaker: null" (no speaker) differs from no speaker key
    not_a_quote: bool = False
    medium: str | None = None
    date: str | None = None
    addressee: str | None = None
    same_person: list[str] = field(default_factory=list)
    different_people: list[str] = field(default_factory=list)


@dataclass
class Note:
    line: int
    text: str
    author: str | None = None
    date: str | None = None
    quote: Anchor | None = None
    person: str | None = None
    article: str | None = None
    dossier: bool = False
    status: str | None = None
    real_speaker: str | None = None


@dataclass
class Curation:
    path: str = "dossier.yml"
    people: list[CuratedPerson] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


@dataclass(frozen=True)
class RegistryEntry:
    """One line of dossier.lock: a quote id as first published, its speaker and words."""

    id: str
    speaker: str | None
    words: tuple[str, ...]


# ---- the site ----


# `dossier serve --no-cards` tells the MkDocs plugin (another process) through this variable.
NO_CARDS_ENV = "DOSSIER_NO_CARDS"


@dataclass(frozen=True)
class SiteOptions:
    """How the site is published, as far as the generated files show it."""

    cards: bool = True  # a share card per quote and person page (dossier.cards)
    site_url: str | None = None  # where the site is published: absolute URLs in feeds and citations
    name: str = "Dossier"  # the site's name (feed titles)
    # The project's page templates (templates/ beside mkdocs.yml), overriding the package's by
    # file name (dossier.write.templates); None: the package's only.
    templates: Path | None = None


# ---- the linked dossier (link stage output, write stage input) ----


@dataclass(slots=True)
class ArticleLinks:
    """What one article adds to the relations: who appears in it, and whom its quotes name."""

    present: tuple[str, ...]  # person ids of its people, sorted, once each
    about: dict[str, list[str]]  # person id -> ids of others' quotes it names them in, in text order


@dataclass
class Relations:
    said: dict[str, list[Quote]]  # person id -> their quotes, by date
    addressed: dict[str, list[Quote]]  # person id -> quotes addressed to them
    about: dict[str, list[Quote]]  # person id -> others' quotes that name them
    together: dict[str, Counter[str]]  # person id -> other person id -> articles in common
    # Each article's share of ``about`` and ``together``: a later build in this process updates
    # the relations from the articles that changed (dossier.write.relations).
    by_article: dict[str, ArticleLinks] = field(default_factory=dict, repr=False, compare=False)


@dataclass
class Dossier:
    """Everything the write stage needs: the linked view of all articles."""

    articles: list[Article]
    extractions: dict[str, Extraction]
    people: list[Person] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    # (article id, local person key) -> Person.id
    person_of: dict[tuple[str, str], str] = field(default_factory=dict)
    # (article id, start offset of an ExtractedQuote: stable within its article) -> Quote.id
    quote_of: dict[tuple[str, int], str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)  # curation notes on the dossier as a whole
    article_notes: dict[str, list[dict]] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)  # former quote id -> current id
    retired: list[tuple] = field(default_factory=list)  # (id, speaker, words, closest current id)
    new_entries: list[RegistryEntry] = field(default_factory=list)  # registry lines for new quote ids
    site: SiteOptions = field(default_factory=SiteOptions)
    # The (kind, id) keys ("a"/"q"/"p", as incremental.Fingerprints.entities) of the records that may
    # differ from the previous build in this process, whose pages are on disk; None: unknown.
    changed: frozenset[tuple[str, str]] | None = None
    # With ``changed``: per look-up table the linker makes ("quote_of", "person_of": article ids;
    # "redirects": former quote ids; "article_notes": article ids), the ids whose entries may
    # differ from that build's (every one that does); None: unknown.
    changed_tables: dict[str, frozenset[str]] | None = None
    # What the index pages list and their landing pages count (dossier.write.listing's Listing
    # and Tallies), made by the write stage once per dossier before its jobs render.
    listing: Any = field(default=None, init=False, repr=False, compare=False)
    tallies: Any = field(default=None, init=False, repr=False, compare=False)

    # Look-ups by id, built on first use: the link stage hands over a finished dossier.
    @cached_property
    def relations(self) -> Relations:
        """Who said what, to whom, about whom, and who appears with whom: built once for all pages."""
        rel = Relations(*self.quote_relations(), defaultdict(list), defaultdict(Counter))
        for art in self.articles:
            links = rel.by_article[art.id] = self.article_links(art.id)
            present = links.present
            if len(present) > 1:
                for i, pid in enumerate(present):  # Counter.update counts in C, in the same order
                    rel.together[pid].update(present[:i] + present[i + 1 :])
        rel.about.update(self.about_lists(rel.by_article))
        return rel

    def about_lists(
        self, by_article: dict[str, ArticleLinks], people: set[str] | None = None
    ) -> dict[str, list[Quote]]:
        """Person id -> others' quotes that name them: the articles' shares in the dossier's
        order, each quote once (only for ``people``, when given)."""
        lists: dict[str, list[Quote]] = {}
        seen: set[tuple[str, str]] = set()
        quote = self._quotes_by_id.__getitem__
        for art in self.articles:
            for pid, ids in by_article[art.id].about.items():
                if people is None or pid in people:
                    for qid in ids:
                        if (pid, qid) not in seen:
                            seen.add((pid, qid))
                            lists.setdefault(pid, []).append(quote(qid))
        return lists

    def quote_relations(self) -> tuple[dict[str, list[Quote]], dict[str, list[Quote]]]:
        """Person id -> their quotes by date, and -> the quotes addressed to them (``Relations``)."""
        said: dict[str, list[Quote]] = defaultdict(list)
        addressed: dict[str, list[Quote]] = defaultdict(list)
        for q in self.quotes:
            if q.speaker:
                said[q.speaker].append(q)
            if q.addressee:
                addressed[q.addressee].append(q)
        for q in said.values():
            q.sort(key=lambda x: (x.date or "9999", x.id))
        return said, addressed

    def article_links(self, article_id: str) -> ArticleLinks:
        """One article's people, and the quotes printed in it that mention another person."""
        ex = self.extractions[article_id]
        pieces = sorted((s, e, q) for q, o in self.occurrences_in(article_id) for s, e in o.pieces)
        starts = [s for s, _, _ in pieces]
        person_of = self.person_of
        present = sorted(
            {person_of[(article_id, lp.key)] for lp in ex.people if (article_id, lp.key) in person_of}
        )
        about: dict[str, list[str]] = {}
        for lp in ex.people:
            pid = person_of.get((article_id, lp.key))
            if not pid:
                continue
            for m in lp.mentions:
                k = bisect.bisect_right(starts, m.start) - 1
                if k >= 0 and m.start < pieces[k][1]:
                    q = pieces[k][2]
                    if q.speaker != pid:
                        ids = about.setdefault(pid, [])
                        if q.id not in ids:
                            ids.append(q.id)
        return ArticleLinks(tuple(present), about)

    @cached_property
    def _articles_by_id(self) -> dict[str, Article]:
        return {a.id: a for a in self.articles}

    @cached_property
    def _people_by_id(self) -> dict[str, Person]:
        return {p.id: p for p in self.people}

    @cached_property
    def _quotes_by_id(self) -> dict[str, Quote]:
        return {q.id: q for q in self.quotes}

    @cached_property
    def _occurrences_by_article(self) -> dict[str, list[tuple[Quote, Occurrence]]]:
        out: dict[str, list[tuple[Quote, Occurrence]]] = defaultdict(list)
        for q in self.quotes:
            for o in q.occurrences:
                out[o.article].append((q, o))
        return out

    def article(self, article_id: str) -> Article:
        return self._articles_by_id[article_id]

    def find_article(self, article_id: str) -> Article | None:
        return self._articles_by_id.get(article_id)

    def person(self, person_id: str | None) -> Person | None:
        return self._people_by_id.get(person_id) if person_id else None

    def quote(self, quote_id: str | None) -> Quote | None:
        return self._quotes_by_id.get(quote_id) if quote_id else None

    def occurrences_in(self, article_id: str) -> list[tuple[Quote, Occurrence]]:
        """Every (quote, occurrence) printed in an article, in quote order."""
        return self._occurrences_by_article.get(article_id, [])

    def occurrences_by_article_made(self) -> bool:
        """Whether the article -> occurrences map is made already (or was handed over)."""
        return "_occurrences_by_article" in self.__dict__

    def use_occurrences_by_article(self, by_article: dict[str, list[tuple[Quote, Occurrence]]]) -> None:
        """Read ``occurrences_in`` from a map made another way (a warm build's, made one article at
        a time as asked: write.relations.OccurrencesByArticle) instead of making every article's."""
        self.__dict__["_occurrences_by_article"] = by_article


# ---- a build's outcome ----


@dataclass
class SyncReport:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)  # optional pages the user already has
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # files left alone because they were edited


@dataclass
class BuildResult:
    dossier: Dossier | None  # None when nothing changed since the last build: see summary
    report: SyncReport
    problems: list[str] = field(default_factory=list)  # one line each, naming the file
    warnings: list[str] = field(default_factory=list)
    summary: dict = field(default_factory=dict)  # articles, quotes, people counts
    # Seconds per stage, and "rendered": how many jobs were rendered (benchmarks/ print them).
    timings: dict = field(default_factory=dict)

    @staticmethod
    def summarise(d: Dossier) -> dict:
        return {"articles": len(d.articles), "quotes": len(d.quotes), "people": len(d.people)}
