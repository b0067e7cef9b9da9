"""Link stage, statements: one Quote per statement across the dossier, made once.

The pieces of one statement inside an article (split by narration, or continued with no cue of
its own) form one occurrence. Two occurrences are the same statement when their speakers agree
(or one is unknown), they may join (``_may_join``) and ``matching.same_statement`` says so. This
merges "A B C." with "A B C. D E." but not "I love you John" with "Haha. I love you John."
printed as a different reply.

The editor's corrections reach the occurrences before they are grouped (``corrections.py``):
an occurrence that is not a quote is gone, a corrected speaker is the occurrence's speaker.
Each statement then takes its id once (``ids.py``: the registry's, or a new unique one).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import Article, DateMention, ExtractedQuote, Extraction, Occurrence, Quote
from .matching import StatementIndex, same_statement, skeleton_shingles, words
from .registry import Statement
from .slugs import slugify


@dataclass(slots=True)
class Occ:
    """One printing of a statement in an article: its pieces, speaker and words. Its 4-grams
    (``skeleton_shingles``) are made where they are read, not kept: 70,000 sets of tuples held
    through the link stage were a third of its peak memory at 10,000 articles."""

    article: Article
    pieces: list[ExtractedQuote]
    speaker: str | None  # Person.id
    words: list[str]
    key: tuple[str, int]  # (article id, start of its first piece): unique, as quote_of's keys are
    dropped: bool = False  # the editor said it is not a quote
    fixes: list[tuple[int, str, str | None]] = field(default_factory=list)  # (correction no., field, value)

    def fixed(self, name: str) -> tuple[int, str | None] | None:
        """The editor's last value for a field of this occurrence, with its correction's number."""
        found = [(n, v) for n, f, v in self.fixes if f == name]
        return max(found, key=lambda nv: nv[0]) if found else None


def occurrences(article: Article, ex: Extraction, person_of: dict[tuple[str, str], str]) -> list[Occ]:
    """Group an article's quote pieces into statement occurrences."""
    occs: list[Occ] = []
    for q in ex.quotes:
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
            prev.pieces.append(q)
            prev.words.extend(words(q.text))
        else:
            occs.append(Occ(article, [q], speaker, words(q.text), (article.id, q.start)))
    return occs


# An article's occurrences as ``occurrences`` made them, given out again (corrections change copies:
# ``copy_occ``): the article and quotes they were made of, and the speakers' keys and ids.
KeptOccs = tuple[Article, list[ExtractedQuote], tuple, tuple, list[Occ]]


def kept_occurrences(
    articles: list[Article],
    extractions: dict[str, Extraction],
    person_of: dict[tuple[str, str], str],
    kept: dict[str, KeptOccs],
) -> list[Occ]:
    """Every article's ``occurrences``, in article order, the very objects of ``kept`` (a previous
    call's, replaced in place by this call's) where the article, its quotes and its speakers' ids
    are the same. They are shared with the previous build and the next one: whatever changes an
    occurrence (the editor's corrections) changes a ``copy_occ`` of it instead."""
    known = dict(kept)
    kept.clear()
    out: list[Occ] = []
    for art in articles:
        quotes = extractions[art.id].quotes
        was = known.get(art.id)
        if was is not None and was[0] is art and was[1] is quotes:
            keys = was[2]
        else:
            keys = tuple((art.id, q.speaker) if q.speaker else None for q in quotes)
        speakers = tuple(map(person_of.get, keys))
        if was is not None and was[2] is keys and was[3] == speakers:
            made = was[4]
        else:
            made = occurrences(art, extractions[art.id], person_of)
        kept[art.id] = (art, quotes, keys, speakers, made)
        out += made
    return out


def copy_occ(o: Occ) -> Occ:
    """A copy to change: corrections set its speaker and dropped flag and add to its fixes; its
    pieces, words and key are never changed after ``occurrences``, so they are shared."""
    return Occ(o.article, o.pieces, o.speaker, o.words, o.key, o.dropped, list(o.fixes))


def _in_head(occ: Occ) -> bool:
    para = occ.article.paragraph_at(occ.pieces[0].start)
    return bool(para and para.kind in ("headline", "dek"))


def _may_join(a: Occ, b: Occ) -> bool:
    """Two printings may be one statement across articles, or a headline repeating its story."""
    return a.article.id != b.article.id or _in_head(a) != _in_head(b)


def same_statement_as(a: Occ, b: Occ) -> bool:
    """Whether two occurrences may be one statement (speakers aside)."""
    return _may_join(a, b) and same_statement(a.words, b.words)


Profile = tuple[str, str | None, bool]  # (article id, speaker, in the headline or dek)


def join_profile(o: Occ) -> Profile:
    return (o.article.id, o.speaker, _in_head(o))


def could_join(a: Profile, b: Profile) -> bool:
    """Whether two occurrences whose words match could ever be in one statement: their speakers
    agree (or one is unknown) and they may join. Every join ``group`` makes is along such a pair
    (a statement has one speaker at most), so its statements never straddle the connected
    components of these pairs: replay.py regroups components."""
    return (a[1] is None or b[1] is None or a[1] == b[1]) and (a[0] != b[0] or a[2] != b[2])


def group(
    occs: list[Occ],
    matched_pairs: list[tuple[int, int]] | None = None,
    index: StatementIndex | None = None,
) -> list[list[Occ]]:
    """Occurrences (in article order) into statements: each joins the first earlier statement it
    matches whose speaker agrees. ``matched_pairs`` gets (earlier, later) for every pair of
    positions whose words match and that ``could_join``; ``index``: an empty index to fill, keyed
    by position, for the caller to keep."""
    groups: list[list[Occ]] = []
    group_of: list[int] = []
    occs_seen: list[Occ] = []  # by index key
    profiles: list[Profile] = []  # by index key, when matched_pairs are wanted
    index = StatementIndex() if index is None else index
    for occ in occs:
        home = None
        # The index finds exactly the earlier occurrences whose words same_statement accepts: a
        # group is this one's when one of those may join it (no need to compare every member).
        matched: dict[int, list[int]] = defaultdict(list)
        sh = skeleton_shingles(occ.words)
        found = index.matches(occ.words, sh)
        for k in found:
            matched[group_of[k]].append(k)
        if matched_pairs is not None:
            mine = join_profile(occ)
            matched_pairs += [(k, len(group_of)) for k in found if could_join(profiles[k], mine)]
            profiles.append(mine)
        for gi in sorted(matched):
            g = groups[gi]
            speakers = {o.speaker for o in g} - {None}
            if occ.speaker and speakers and occ.speaker not in speakers:
                continue
            if any(_may_join(occs_seen[k], occ) for k in matched[gi]):
                home = gi
                break
        if home is None:
            home = len(groups)
            groups.append([])
        groups[home].append(occ)
        index.add(len(group_of), occ.words, sh)
        group_of.append(home)
        occs_seen.append(occ)
    return groups


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


def quote_id(speaker: str | None, ws: list[str]) -> str:
    """The id a new statement asks for (``ids.assign`` makes it unique)."""
    return _quote_slug(" ".join([speaker or "unattributed", *ws[:8]]))


def registry_statement(q: Quote, fullest: Occ) -> Statement:
    """What the registry is asked about a statement: its speaker, its fullest wording, its wanted id."""
    return Statement(q.speaker, fullest.words, quote_id(q.speaker, fullest.words))


PageKey = tuple[str, str, int]


def page_key(q: Quote) -> PageKey:
    """Page order: by date, then where first printed (ties keep the grouping order)."""
    first = q.occurrences[0]
    return (q.date or "9999", first.article, first.start)


def spots(g: list[Occ]) -> list[tuple[str, int]]:
    """``Dossier.quote_of``'s keys of a statement's members: (article id, start) of every piece. A
    first piece's is its occurrence's key, the very tuple (70,000 fewer held at 10,000 articles)."""
    out: list[tuple[str, int]] = []
    for o in g:
        out.append(o.key)
        out += [(o.article.id, p.start) for p in o.pieces[1:]]
    return out


@lru_cache(maxsize=1 << 17)  # a rebuild in the same process asks again for every statement's
def _quote_slug(text: str) -> str:
    return slugify(text, "quote", max_len=72)


def _editor(g: list[Occ], name: str) -> tuple[bool, str | None]:
    """Whether the editor set a field on the statement, and to what (the last correction wins)."""
    found = [f for o in g if (f := o.fixed(name)) is not None]
    return (True, max(found, key=lambda nv: nv[0])[1]) if found else (False, None)


def statement(
    g: list[Occ],
    narration: dict[str, list[DateMention]],
    person_of: dict[tuple[str, str], str],
) -> tuple[Quote, Occ]:
    """A group's Quote (its id still empty) and its fullest occurrence."""
    fullest = max(g, key=lambda o: (len(o.words), o.article.id))
    speaker_set, speaker = _editor(g, "speaker")
    if not speaker_set:
        speaker = next((o.speaker for o in g if o.speaker), None)
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
    medium_set, medium = _editor(g, "medium")
    if not medium_set:
        medium = next((p.medium for o in g for p in o.pieces if p.medium), None)
    addressee_set, addressee = _editor(g, "addressee")
    if not addressee_set:
        addressee = next(
            (person_of.get((o.article.id, p.addressee)) for o in g for p in o.pieces if p.addressee), None
        )
    date_set, date = _editor(g, "date")
    if not date_set:
        date = min(dates) if dates else (min(source_dates) if source_dates else None)
    # A speaker the article describes without naming ("a senior aide") is shown as described,
    # unless the editor named the speaker (or said there is none).
    described = (
        None
        if speaker or speaker_set
        else next((p.speaker_name for o in g for p in o.pieces if p.speaker_name), None)
    )
    quote = Quote(
        id="",
        text=" … ".join(p.text for p in fullest.pieces),
        speaker=speaker,
        described_as=described,
        date=date,
        date_inferred=not (dates or date_set),
        medium=medium,
        addressee=addressee,
        occurrences=sorted(occurrences, key=lambda oc: (oc.article, oc.start)),
    )
    return quote, fullest


Narration = tuple[Article, list[ExtractedQuote], list[DateMention]]


def narration_dates(
    articles: list[Article], extractions: dict[str, Extraction], kept: dict[str, Narration] | None = None
) -> dict[str, list[DateMention]]:
    """Each article's ``_narration_dates``. ``kept``: a previous call's (article, quotes, dates) by
    article id, reused where the article and its quotes are the same objects; replaced in place by
    this call's."""
    out = {}
    known = dict(kept or {})
    for art in articles:
        quotes = extractions[art.id].quotes
        was = known.get(art.id)
        if was is not None and was[0] is art and was[1] is quotes:
            out[art.id] = was[2]
        else:
            out[art.id] = _narration_dates(art, extractions[art.id])
    if kept is not None:
        kept.clear()
        kept.update((art.id, (art, extractions[art.id].quotes, out[art.id])) for art in articles)
    return out
