"""Link stage: across articles, one Person per individual and one Quote per statement.

People: article-local people merge across articles when their full names agree
(ignoring case, accents and punctuation), when a handle spells a full name
("@KimKardashian"), or when a one-word name (a surname or nickname) names
exactly one person of the dossier. A shared first name alone is never evidence.

Statements: the pieces of one statement inside an article (split by narration,
or continued with no cue of its own) form one occurrence. Two occurrences are
the same statement when their speakers agree (or one is unknown) and, after
normalising case, punctuation, quotation marks and ellipses, either
  - both have at least 6 words and at least 80% of the word 4-grams of the
    shorter one appear in the longer one (different cuts), words compared by
    their skeletons (no inner vowels or doubled letters, so most typos match), or
  - their words are identical (short quotes).
This merges "A B C." with "A B C. D E." but not "I love you John" with
"Haha. I love you John." printed as a different reply.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import chain

from ..model import Article, DateMention, Dossier, ExtractedQuote, Extraction, Occurrence, Person, Quote
from .slugs import slugify, unique_slugs

MIN_SHINGLE_WORDS = 6
SHINGLE = 4
SHARE = 0.8


def _fold(text: str) -> str:
    if text.isascii():  # nothing to decompose
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    # Most non-ASCII news text only has curly quotes and dashes: look at each distinct character
    # once, not at every character.
    marks = {ord(ch) for ch in set(text) if unicodedata.combining(ch)}
    return (text.translate(dict.fromkeys(marks)) if marks else text).lower()


def name_key(name: str) -> str:
    """'John Legend', 'john  legend', 'Jöhn Legend.' -> 'john legend'."""
    return " ".join(re.findall(r"[a-z0-9]+", _fold(name).replace("'", "").replace("\u2019", "")))


def words(text: str) -> list[str]:
    """Words of a quotation for matching: case, marks, punctuation and ellipses ignored."""
    return re.findall(r"[a-z0-9]+", _fold(text).replace("'", "").replace("\u2019", ""))


def shingles(ws: list[str]) -> set[tuple[str, ...]]:
    """Every run of SHINGLE (4) consecutive words."""
    return set(zip(ws, ws[1:], ws[2:], ws[3:], strict=False))


_VOWELS = re.compile(r"(?<=.)[aeiouy]+")
_DOUBLES = re.compile(r"(.)\1+")


@lru_cache(maxsize=1 << 16)  # words repeat across every quote of a dossier
def skeleton(word: str) -> str:
    """A word without inner vowels and doubled letters: 'famly'/'family', 'ad'/'add' agree."""
    return _DOUBLES.sub(r"\1", _VOWELS.sub("", word))


def same_statement(
    a: list[str], b: list[str], sa: set[tuple[str, ...]] | None = None, sb: set[tuple[str, ...]] | None = None
) -> bool:
    """``sa``, ``sb``: the words' ``_skeleton_shingles`` when the caller has them already."""
    if a == b:
        return bool(a)
    if min(len(a), len(b)) < MIN_SHINGLE_WORDS:
        return False
    # Typos rarely survive skeletons, so a misspelt word doesn't break four 4-grams.
    sa = _skeleton_shingles(a) if sa is None else sa
    sb = _skeleton_shingles(b) if sb is None else sb
    small, large = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
    return len(small & large) >= SHARE * len(small)


def _skeleton_shingles(ws: list[str]) -> set[tuple[str, ...]]:
    return shingles(list(map(skeleton, ws))) if len(ws) >= MIN_SHINGLE_WORDS else set()


class StatementIndex:
    """Finds the earlier statements that ``same_statement`` would match, without comparing with all.

    Keys are any ints the caller chooses. Long statements are found through shared 4-grams,
    short ones through their exact words; the result is exactly the keys same_statement accepts.
    """

    def __init__(self) -> None:
        self.by_shingle: dict[tuple[str, ...], list[int]] = defaultdict(list)
        self.by_words: dict[tuple[str, ...], list[int]] = defaultdict(list)
        self.sizes: dict[int, int] = {}

    def add(self, key: int, ws: list[str], sh: set[tuple[str, ...]] | None = None) -> None:
        """``sh``: the words' ``_skeleton_shingles`` when the caller has them already."""
        sh = _skeleton_shingles(ws) if sh is None else sh
        by_shingle = self.by_shingle
        for s in sh:
            by_shingle[s].append(key)
        self.by_words[tuple(ws)].append(key)
        self.sizes[key] = len(sh)

    def matches(self, ws: list[str], sh: set[tuple[str, ...]] | None = None) -> list[int]:
        found = set(self.by_words.get(tuple(ws), ())) if ws else set()
        sh = _skeleton_shingles(ws) if sh is None else sh
        if sh:
            get = self.by_shingle.get
            shared = Counter(chain.from_iterable(get(s, ()) for s in sh))
            for key, n in shared.items():
                smaller = min(len(sh), self.sizes[key])
                if smaller and n >= SHARE * smaller:
                    found.add(key)
        return sorted(found)


# ---- people -----------------------------------------------------------------


_SUFFIX_KEYS = frozenset(["jr", "sr", "ii", "iii", "iv"])
# Paragraph kinds that credit rather than tell: a name there is no person of the story.
_CREDIT_KINDS = frozenset(["credit", "byline"])
# A one-word name goes to the most written-about person it fits when that one has this many times
# the articles of the next ("Obama" in 2016 news), and at least two.
DOMINANT = 2


def _told_people(art: Article, ex: Extraction) -> list:
    """The article's people minus those named only in credit lines and bylines (a photographer)."""
    credit = [(p.start, p.end) for p in art.paragraphs if p.kind in _CREDIT_KINDS]
    if not credit:
        return ex.people
    return [
        lp
        for lp in ex.people
        if not lp.mentions or any(not any(s <= m.start < e for s, e in credit) for m in lp.mentions)
    ]


def _without_initials(key: str) -> str:
    """'donald j trump' -> 'donald trump': a middle initial dropped (first and last words kept)."""
    toks = key.split()
    if len(toks) < 3:
        return key
    return " ".join([toks[0], *(t for t in toks[1:-1] if len(t) > 1), toks[-1]])


def _gender(members: list) -> str | None:
    genders = Counter(lp.gender for _a, lp in members if lp.gender)
    return genders.most_common(1)[0][0] if genders else None


def link_people(articles: list[Article], extractions: dict[str, Extraction]) -> tuple[list[Person], dict]:
    clusters: dict[str, dict] = {}  # full-name key -> {"names": {...}, "members": [...]}
    singles: list[tuple[str, object]] = []
    for art in articles:
        for lp in _told_people(art, extractions[art.id]):
            key = name_key(lp.name)
            if len(key.split()) >= 2:
                c = clusters.setdefault(key, {"names": [], "members": [], "handles": set()})
                c["names"].append(lp.name)
                c["members"].append((art.id, lp))
                c["handles"].update(name_key(h.lstrip("@")).replace(" ", "") for h in lp.handles)
            else:
                singles.append((art.id, lp))
    # "Donald J. Trump" joins "Donald Trump" when no other initial shares that first and last name
    # ("George W. Bush" and "George H. W. Bush" stay apart, and apart from "George Bush").
    initialled: dict[str, list[str]] = defaultdict(list)
    for k in clusters:
        bare = _without_initials(k)
        if bare != k:
            initialled[bare].append(k)
    for bare, keys in initialled.items():
        if len(keys) == 1 and bare in clusters:
            c, into = clusters.pop(keys[0]), clusters[bare]
            for part in ("names", "members"):
                into[part].extend(c[part])
            into["handles"].update(c["handles"])
    # One-word names and handles join the unique full-name cluster they fit.
    fitting: dict[str, set[str]] = defaultdict(set)  # a one-word name -> full-name clusters it fits
    for k, c in clusters.items():
        for token in k.split()[1:]:
            if token not in _SUFFIX_KEYS:
                fitting[token].add(k)
        fitting[k.replace(" ", "")].add(k)
        for handle in c["handles"]:
            fitting[handle].add(k)
    spread = {k: len({a for a, _lp in c["members"]}) for k, c in clusters.items()}
    genders = {k: _gender(c["members"]) for k, c in clusters.items()}
    for art_id, lp in singles:
        key = name_key(lp.name)
        flat = key.replace(" ", "")
        fits = sorted(fitting.get(key, set()) | fitting.get(flat, set())) if key else []
        if lp.gender:  # "Mr. Obama" is not Michelle Obama (a pronoun's guess may be wrong: a hint only)
            fits = [k for k in fits if genders[k] in (None, lp.gender)] or fits
        home = _one_fit(fits, spread)
        if home is not None:
            clusters[home]["members"].append((art_id, lp))
        else:
            c = clusters.setdefault(key or lp.key, {"names": [], "members": [], "handles": set()})
            c["names"].append(lp.name)
            c["members"].append((art_id, lp))
    ordered = sorted(clusters.items(), key=lambda kv: (-len(kv[1]["members"]), kv[0]))
    display = {
        k: max(c["names"], key=lambda n: (len(n.split()), len(n), n)) if c["names"] else k for k, c in ordered
    }
    slugs = unique_slugs([(k, display[k]) for k, _ in sorted(ordered, key=lambda kv: kv[0])], "person")
    people: list[Person] = []
    person_of: dict[tuple[str, str], str] = {}
    for key, c in ordered:
        pid = slugs[key]
        aliases: set[str] = set()
        articles_seen: list[str] = []
        mentions = 0
        kinds = Counter(getattr(lp, "kind", "person") for _a, lp in c["members"])
        for art_id, lp in c["members"]:
            person_of[(art_id, lp.key)] = pid
            aliases.update(lp.variants)
            aliases.update(lp.handles)
            aliases.add(lp.name)
            mentions += len(lp.mentions)
            if art_id not in articles_seen:
                articles_seen.append(art_id)
        aliases.discard(display[key])
        people.append(
            Person(
                id=pid,
                name=display[key],
                aliases=sorted(aliases),
                articles=sorted(articles_seen),
                mention_count=mentions,
                kind=kinds.most_common(1)[0][0],
                called=sorted({x for _a, lp in c["members"] for x in lp.called}),
            )
        )
    people.sort(key=lambda p: p.id)
    return people, person_of


def _one_fit(fits: list[str], spread: dict[str, int]) -> str | None:
    """The cluster a one-word name joins: the only one it fits, or one that dominates the others."""
    if len(fits) == 1:
        return fits[0]
    if len(fits) < 2:
        return None
    ranked = sorted(fits, key=lambda k: -spread[k])
    top, second = spread[ranked[0]], spread[ranked[1]]
    return ranked[0] if top >= 2 and top >= DOMINANT * second else None


# ---- statements -------------------------------------------------------------


@dataclass
class _Occ:
    article: Article
    indexes: list[int]  # indexes into the extraction's quotes
    pieces: list[ExtractedQuote]
    speaker: str | None  # Person.id
    words: list[str]

    @cached_property
    def shingles(self) -> set[tuple[str, ...]]:
        return _skeleton_shingles(self.words)


def _occurrences(article: Article, ex: Extraction, person_of: dict) -> list[_Occ]:
    """Group an article's quote pieces into statement occurrences."""
    occs: list[_Occ] = []
    for i, q in enumerate(ex.quotes):
        speaker = person_of.get((article.id, q.speaker)) if q.speaker else None
        prev = occs[-1] if occs else None
        joins = (
            prev is not None
            and prev.speaker == speaker
            and (
                q.group == prev.pieces[-1].group
                or (q.inherited and q.paragraph - prev.pieces[-1].paragraph <= 1)
            )
        )
        if joins:
            prev.indexes.append(i)
            prev.pieces.append(q)
            prev.words.extend(words(q.text))
        else:
            occs.append(_Occ(article, [i], [q], speaker, words(q.text)))
    return occs


def _narration_dates(article: Article, ex: Extraction) -> list[DateMention]:
    """The article's resolved dates outside every quotation, in text order."""
    spans = [(q.start, q.end) for q in ex.quotes]
    return [d for d in article.dates if d.value and not any(s <= d.start < e for s, e in spans)]


def _statement_date(article: Article, first: ExtractedQuote, narration: list[DateMention]) -> str | None:
    """The date of a statement: a date named in narration in the same paragraph, before the quote."""
    para = article.paragraph_at(first.start)
    best = None
    for d in narration:
        if para and para.start <= d.start < first.start:
            best = d
    return best.value[:10] if best else None


def _in_head(occ: _Occ) -> bool:
    para = occ.article.paragraph_at(occ.pieces[0].start)
    return bool(para and para.kind in ("headline", "dek"))


def _may_join(a: _Occ, b: _Occ) -> bool:
    """Two printings may be one statement across articles, or a headline repeating its story."""
    return a.article.id != b.article.id or _in_head(a) != _in_head(b)


def quote_id(speaker: str | None, ws: list[str]) -> str:
    return slugify(" ".join([speaker or "unattributed", *ws[:8]]), "quote", max_len=72)


def link_quotes(
    articles: list[Article], extractions: dict[str, Extraction], person_of: dict
) -> tuple[list[Quote], dict[tuple[str, int], str]]:
    groups: list[list[_Occ]] = []
    seen: list[_Occ] = []
    group_of: list[int] = []
    index = StatementIndex()
    for art in articles:
        for occ in _occurrences(art, extractions[art.id], person_of):
            home = None
            for gi in sorted({group_of[k] for k in index.matches(occ.words, occ.shingles)}):
                g = groups[gi]
                speakers = {o.speaker for o in g} - {None}
                if occ.speaker and speakers and occ.speaker not in speakers:
                    continue
                if any(
                    _may_join(o, occ) and same_statement(o.words, occ.words, o.shingles, occ.shingles)
                    for o in g
                ):
                    home = gi
                    break
            if home is None:
                home = len(groups)
                groups.append([])
            groups[home].append(occ)
            index.add(len(seen), occ.words, occ.shingles)
            seen.append(occ)
            group_of.append(home)
    quotes: list[Quote] = []
    quote_of: dict[tuple[str, int], str] = {}
    taken: set[str] = set()
    narration = {art.id: _narration_dates(art, extractions[art.id]) for art in articles}
    for g in groups:
        fullest = max(g, key=lambda o: (len(o.words), o.article.id))
        speaker = next((o.speaker for o in g if o.speaker), None)
        base = quote_id(speaker, fullest.words)
        qid, n = base, 2
        while qid in taken:
            qid, n = f"{base}-{n}", n + 1
        taken.add(qid)
        occurrences = []
        dates, source_dates = [], []
        for o in g:
            first = o.pieces[0]
            d = _statement_date(o.article, first, narration[o.article.id])
            if d:
                dates.append(d)
            if o.article.meta.date:
                source_dates.append(o.article.meta.date[:10])
            occurrences.append(
                Occurrence(
                    article=o.article.id,
                    start=first.start,
                    end=o.pieces[-1].end,
                    text=" … ".join(p.text for p in o.pieces),
                    pieces=[(p.start, p.end) for p in o.pieces],
                    source_start=first.source_start,
                    source_end=first.source_end,
                    cue=first.cue,
                    confidence=min(p.confidence for p in o.pieces),
                )
            )
            for i in o.indexes:
                quote_of[(o.article.id, i)] = qid
        medium = next((p.medium for o in g for p in o.pieces if p.medium), None)
        addressee = next(
            (person_of.get((o.article.id, p.addressee)) for o in g for p in o.pieces if p.addressee), None
        )
        date = min(dates) if dates else (min(source_dates) if source_dates else None)
        # A speaker the article describes without naming ("a senior aide") is shown as described.
        described = (
            None if speaker else next((p.speaker_name for o in g for p in o.pieces if p.speaker_name), None)
        )
        quotes.append(
            Quote(
                id=qid,
                text=" … ".join(p.text for p in fullest.pieces),
                speaker=speaker,
                described_as=described,
                date=date,
                date_inferred=not dates,
                medium=medium,
                addressee=addressee,
                occurrences=sorted(occurrences, key=lambda oc: (oc.article, oc.start)),
            )
        )
    quotes.sort(key=lambda q: (q.date or "9999", q.occurrences[0].article, q.occurrences[0].start))
    return quotes, quote_of


def link(articles: list[Article], extractions: dict[str, Extraction]) -> Dossier:
    """The link stage: a pure function of the read articles and their extractions."""
    articles = sorted(articles, key=lambda a: a.id)
    people, person_of = link_people(articles, extractions)
    quotes, quote_of = link_quotes(articles, extractions, person_of)
    return Dossier(articles, extractions, people, quotes, person_of, quote_of)
