"""Apply the editor's curation (dossier.yml) to the linked dossier.

Order: people first (canonical names, aliases, same/different people, descriptive
phrases), then quote corrections, then notes and statuses. Every anchor that
matches nothing, or more than one quote, is reported; nothing is dropped silently.
Pure: returns the problems, changes only the Dossier it is given.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace

import markdown
import nh3

from ..model import (
    Anchor,
    Article,
    CuratedPerson,
    Curation,
    Dossier,
    LocalPerson,
    Mention,
    Note,
    Person,
    Quote,
)
from .anchors import Match, find
from .linker import name_key, quote_id, words
from .slugs import fresh_id, slugify

# Link targets a note may use; anything else (javascript:, data:, vbscript:) is cut.
_SAFE_SCHEMES = ("http", "https", "mailto")
_LINK_TARGET = re.compile(r"(\]\(\s*<?|^\s*\[[^\]]+\]:\s*<?)([a-zA-Z][a-zA-Z0-9+.-]*):", re.M)


def sanitize_note(markdown_text: str) -> str:
    """Markdown stays Markdown; raw HTML is stripped (nh3) and unsafe link schemes are cut."""
    cleaned = nh3.clean(markdown_text, tags=set())
    return _LINK_TARGET.sub(
        lambda m: m.group(0) if m.group(2).lower() in _SAFE_SCHEMES else m.group(1) + "#unsafe-link-removed-",
        cleaned,
    )


# What a rendered note may contain. Markdown makes these from editor text; nothing else (no
# attributes but these, no raw HTML, no styles or classes) can reach the page.
_NOTE_TAGS = {
    "p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a",
    "h1", "h2", "h3", "h4", "h5", "h6",
}  # fmt: skip
_NOTE_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}


def _note_markdown() -> markdown.Markdown:
    """Plain Markdown with the raw-HTML parsers removed: "<tag>" in a note is text, and without
    attr_list (which the site enables) "{: onerror=... }" stays text too. Images stay links:
    the site loads nothing from other hosts (readers' privacy)."""
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")
    for pattern in ("html", "image_link", "image_reference", "short_image_ref"):
        md.inlinePatterns.deregister(pattern)
    return md


_MARKDOWN = _note_markdown()


def render_note(markdown_text: str) -> str:
    """A note as HTML for a page: Markdown, then the *output* cleaned by an allow-list (nh3).

    One line (line breaks as character references, the same to a browser), so it is a single
    raw HTML block that MkDocs' Markdown passes through untouched.
    """
    html = _MARKDOWN.reset().convert(markdown_text)
    clean = nh3.clean(
        html,
        tags=_NOTE_TAGS,
        attributes=_NOTE_ATTRIBUTES,
        url_schemes=set(_SAFE_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return clean.replace("\r", "").replace("\n", "&#10;")


class _People:
    """Person ids as a union-find, so merges compose; rebuilt into Person objects at the end."""

    def __init__(self, d: Dossier) -> None:
        self.d = d
        self.parent: dict[str, str] = {p.id: p.id for p in d.people}
        self.by_id = {p.id: p for p in d.people}

    def root(self, pid: str) -> str:
        while self.parent[pid] != pid:
            self.parent[pid] = self.parent[self.parent[pid]]
            pid = self.parent[pid]
        return pid

    def union(self, keep: str, other: str) -> None:
        a, b = self.root(keep), self.root(other)
        if a != b:
            self.parent[b] = a

    def named(self, name: str) -> list[str]:
        """Person ids whose name or an alias is this name (ignoring case and punctuation)."""
        key = name_key(name)
        return sorted(
            {self.root(p.id) for p in self.d.people if key in {name_key(n) for n in [p.name, *p.aliases]}}
        )

    def add(self, name: str) -> str:
        pid = fresh_id(slugify(name, "person"), self.by_id)
        person = Person(id=pid, name=name)
        self.d.people.append(person)
        self.by_id[pid] = person
        self.parent[pid] = pid
        return pid


def _respeak(d: Dossier) -> None:
    """Re-derive quote speakers and addressees from the extraction after people were split."""
    quotes = {q.id: q for q in d.quotes}
    done: set[str] = set()
    for (aid, i), qid in sorted(d.quote_of.items()):
        eq, q = d.extractions[aid].quotes[i], quotes.get(qid)
        if q is None or qid in done:
            continue
        done.add(qid)
        if eq.speaker and (aid, eq.speaker) in d.person_of:
            q.speaker = d.person_of[(aid, eq.speaker)]
        if eq.addressee and (aid, eq.addressee) in d.person_of:
            q.addressee = d.person_of[(aid, eq.addressee)]


# Paragraphs that tell the story: a curated name in a byline or credit is not a mention of them.
_STORY_KINDS = frozenset(["headline", "dek", "body", "caption"])


def curated_mentions(article: Article, cp: CuratedPerson) -> list[Mention]:
    """Where the article names a curated person by their name or an alias: whole words, case as
    written in dossier.yml, longest names first, in story paragraphs only."""
    names = sorted({cp.name, *cp.aliases}, key=len, reverse=True)
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    raw = article.raw
    for p in article.paragraphs:
        if p.kind not in _STORY_KINDS:
            continue
        for name in names:
            spaced = r"[ \u00a0]+".join(re.escape(w) for w in name.split())
            rx = re.compile(rf"(?<![\w@#]){spaced}(?!\w)")
            for m in rx.finditer(raw, p.start, p.end):
                if any(s < m.end() and m.start() < e for s, e in taken):
                    continue
                taken.append((m.start(), m.end()))
                kind = "name" if name == cp.name else "alias"
                found.append(Mention(m.start(), m.end(), m.group(0), cp.name, kind))
    return sorted(found, key=lambda m: m.start)


def _find_curated(d: Dossier, cur: Curation, ppl: _People) -> None:
    """Curation wins: a curated person is in every article that names them by their name or an alias,
    even where the extractor found no one there ("Ebro Darden" beside a radio station's name)."""
    extractions_as_read = d.extractions
    for cp in cur.people:
        ids = sorted({pid for n in [cp.name, *cp.aliases] for pid in ppl.named(n)})
        for art in d.articles:
            found = curated_mentions(art, cp)
            if not found:
                continue
            ex = d.extractions[art.id]
            # Names the extractor already gave someone of the dossier stay theirs (merged below).
            known = [
                (m.start, m.end) for lp in ex.people if (art.id, lp.key) in d.person_of for m in lp.mentions
            ]
            new = [m for m in found if not any(s < m.end and m.start < e for s, e in known)]
            if not new:
                continue
            key = f"{cp.name} (curated)"
            if ex.person(key) is not None:
                continue
            lp = LocalPerson(
                key=key,
                name=cp.name,
                variants=sorted({m.text for m in new} - {cp.name}),
                mentions=[Mention(m.start, m.end, m.text, key, m.kind) for m in new],
            )
            # The extraction as read stays as it is (it is cached): the dossier gets a copy with them.
            if d.extractions is extractions_as_read:
                d.extractions = dict(extractions_as_read)
            d.extractions[art.id] = replace(ex, people=[*ex.people, lp])
            pid = ids[0] if ids else ppl.add(cp.name)
            ids = ids or [pid]
            d.person_of[(art.id, key)] = pid


def curation_report(d: Dossier, cur: Curation) -> list[str]:
    """What `dossier check` tells the editor about the people they named: a curated person no article
    mentions, and an alias that matches no text."""
    out: list[str] = []
    by_name = {p.name: p for p in d.people}
    for cp in cur.people:
        person = by_name.get(cp.name)
        if person is None or not person.articles or person.mention_count == 0:
            out.append(f"{cur.path}:{cp.line}: curated person {cp.name!r} is mentioned in no article")
            continue
        for alias in cp.aliases:
            probe = CuratedPerson(name=alias)
            if not any(curated_mentions(a, probe) for a in d.articles):
                out.append(
                    f"{cur.path}:{cp.line}: alias {alias!r} of {cp.name!r} matches nothing in the seeds"
                )
    return out


def _apply_people(d: Dossier, cur: Curation, problems: list[str]) -> dict[str, CuratedPerson]:
    ppl = _People(d)
    _find_curated(d, cur, ppl)
    # different_people: split local persons the linker merged (the second name goes its own way).
    for c in cur.corrections:
        if not c.different_people:
            continue
        first, *others = c.different_people
        for other in others:
            keys = {name_key(other)}
            merged = set(ppl.named(first)) & set(ppl.named(other))
            for pid in merged:
                new = ppl.add(other)
                for (aid, local), owner in list(d.person_of.items()):
                    lp = d.extractions[aid].person(local)
                    # Only people the article names exactly so: "John Smith" also says "Smith".
                    if owner == pid and lp and name_key(lp.name) in keys:
                        d.person_of[(aid, local)] = new
            if not merged:
                problems.append(f"{cur.path}:{c.line}: {first!r} and {other!r} are already different people")
    _respeak(d)
    curated_of: dict[str, CuratedPerson] = {}
    for cp in cur.people:
        ids = sorted({pid for n in [cp.name, *cp.aliases] for pid in ppl.named(n)})
        target = ids[0] if ids else ppl.add(cp.name)
        for pid in ids[1:]:
            ppl.union(target, pid)
        curated_of[ppl.root(target)] = cp
    for c in cur.corrections:
        if c.same_person:
            found = [ppl.named(n) for n in c.same_person]
            missing = [n for n, ids in zip(c.same_person, found, strict=True) if not ids]
            if missing:
                problems.append(
                    f"{cur.path}:{c.line}: same_person names nobody in the dossier: {', '.join(missing)}"
                )
            ids = sorted({i for ids in found for i in ids})
            for pid in ids[1:]:
                ppl.union(ids[0], pid)
    # Rebuild: every id maps to its root; the root takes the curated (or fullest) name.
    final: dict[str, str] = {pid: ppl.root(pid) for pid in ppl.parent}
    members: dict[str, list[Person]] = defaultdict(list)
    for pid, root in final.items():
        members[root].append(ppl.by_id[pid])
    curated_by_root = {ppl.root(k): v for k, v in curated_of.items()}
    people = []
    renamed: dict[str, str] = {}
    taken: set[str] = set()
    for root in sorted(members, key=lambda r: (r not in curated_by_root, r)):
        group = members[root]
        cp = curated_by_root.get(root)
        name = cp.name if cp else max((p.name for p in group), key=lambda n: (len(n.split()), len(n), n))
        new_id = fresh_id(slugify(name, "person") if cp else root, taken)
        taken.add(new_id)
        for p in group:
            renamed[p.id] = new_id
        aliases = {a for p in group for a in [p.name, *p.aliases]} | set(cp.aliases if cp else [])
        aliases.discard(name)
        people.append(
            Person(
                id=new_id,
                name=name,
                aliases=sorted(aliases),
                description=cp.description if cp else None,
                links=dict(cp.links) if cp else {},
                image_credit=cp.image_credit if cp else None,
                curated=bool(cp),
                kind="organisation" if all(p.kind == "organisation" for p in group) else "person",
                called=sorted({c for p in group for c in p.called}),
            )
        )
    d.person_of = {k: renamed[v] for k, v in d.person_of.items()}
    for q in d.quotes:
        q.speaker = renamed.get(q.speaker, q.speaker) if q.speaker else None
        q.addressee = renamed.get(q.addressee, q.addressee) if q.addressee else None
    by_id = {p.id: p for p in people}
    for (aid, local), pid in d.person_of.items():
        p = by_id[pid]
        if aid not in p.articles:
            p.articles.append(aid)
        lp = d.extractions[aid].person(local)
        p.mention_count += len(lp.mentions) if lp else 0
    for p in people:
        p.articles.sort()
    d.people = sorted(people, key=lambda p: p.id)
    d.reindex()
    return {renamed[k]: v for k, v in curated_of.items()}


def _apply_descriptions(d: Dossier, cur: Curation) -> None:
    """An unattributed quote whose source mention is a curated phrase ("the rapper") gets that person."""
    phrases = {}
    for cp in cur.people:
        pid = next((p.id for p in d.people if p.name == cp.name), None)
        for phrase in cp.descriptions:
            phrases[" ".join(phrase.lower().split())] = pid
    if not phrases:
        return
    for q in d.quotes:
        if q.speaker:
            continue
        for o in q.occurrences:
            if o.source_start is None or o.source_end is None:
                continue
            said_by = " ".join(d.article(o.article).raw[o.source_start : o.source_end].lower().split())
            if said_by in phrases or said_by.removeprefix("the ") in {
                p.removeprefix("the ") for p in phrases
            }:
                q.speaker = phrases.get(said_by) or next(v for k, v in phrases.items() if k.endswith(said_by))
                break


def _quotes_at(d: Dossier, anchor: Anchor, folded: dict) -> tuple[list[Quote], list[Match]]:
    matches = find(anchor, d.articles, folded)
    hit: dict[str, Quote] = {}
    for m in matches:
        for q in d.quotes:
            for o in q.occurrences:
                if o.article == m.article and any(s < m.end and m.start < e for s, e in o.pieces):
                    hit[q.id] = q
    return list(hit.values()), matches


def _person_id(d: Dossier, name: str) -> str:
    key = name_key(name)
    for p in d.people:
        if key in {name_key(n) for n in [p.name, *p.aliases]}:
            return p.id
    # A name new to the dossier: its slug may be another person's id ("Index" and "Index Person").
    person = Person(id=fresh_id(slugify(name, "person"), {p.id for p in d.people}), name=name, curated=True)
    d.people.append(person)
    d.people.sort(key=lambda p: p.id)
    d.reindex()
    return person.id


def _where(cur: Curation, line: int) -> str:
    return f"{cur.path}:{line}"


def _resolve_quote(d: Dossier, cur: Curation, anchor: Anchor, line: int, folded: dict, problems: list[str]):
    quotes, matches = _quotes_at(d, anchor, folded)
    if not matches:
        problems.append(f"{_where(cur, line)}: orphaned: {anchor.describe()} matches no text in the seeds")
        return None
    if not quotes:
        problems.append(f"{_where(cur, line)}: orphaned: {anchor.describe()} is in the text but in no quote")
        return None
    if len(quotes) > 1:
        ids = ", ".join(q.id for q in quotes[:4])
        problems.append(
            f"{_where(cur, line)}: ambiguous: {anchor.describe()} matches {len(quotes)} quotes ({ids}); "
            "add prefix, suffix or article"
        )
        return None
    return quotes[0]


def _rename_reattributed(d: Dossier, before: dict[str, str | None]) -> None:
    """A quote whose speaker the editor changed gets a fresh id naming the right speaker.

    The registry still maps the old words to any id already published, so no URL breaks.
    """
    taken = {q.id for q in d.quotes}
    renamed: dict[str, str] = {}
    for q in d.quotes:
        if before.get(q.id, q.speaker) == q.speaker:
            continue
        new = fresh_id(quote_id(q.speaker, words(q.text)), taken)
        taken.add(new)
        renamed[q.id] = new
        q.id = new
    if renamed:
        d.quote_of = {k: renamed.get(v, v) for k, v in d.quote_of.items()}


def _note_record(n: Note) -> dict:
    rec = {"text": sanitize_note(n.text), "html": render_note(n.text), "author": n.author, "date": n.date}
    if n.status:
        rec["status"] = n.status
    if n.real_speaker:
        rec["real_speaker"] = n.real_speaker
    return rec


def apply(d: Dossier, cur: Curation) -> list[str]:
    """Apply curation to the dossier in place; returns the problems (orphaned/ambiguous anchors...)."""
    problems: list[str] = []
    _apply_people(d, cur, problems)
    _apply_descriptions(d, cur)
    folded: dict = {}
    removed: set[str] = set()
    speakers_before = {q.id: q.speaker for q in d.quotes}
    for c in cur.corrections:
        if not c.quote:
            continue
        q = _resolve_quote(d, cur, c.quote, c.line, folded, problems)
        if q is None:
            continue
        if c.not_a_quote:
            removed.add(q.id)
            continue
        if c.speaker_set:
            q.speaker = _person_id(d, c.speaker) if c.speaker else None
            q.described_as = None  # the editor's word replaces the article's description
        if c.addressee:
            q.addressee = _person_id(d, c.addressee)
        if c.medium:
            q.medium = c.medium
        if c.date:
            q.date, q.date_inferred = c.date, False
    if removed:
        d.quotes = [q for q in d.quotes if q.id not in removed]
        d.reindex()
        d.quote_of = {k: v for k, v in d.quote_of.items() if v not in removed}
    _rename_reattributed(d, speakers_before)
    for n in cur.notes:
        rec = _note_record(n)
        if n.quote:
            q = _resolve_quote(d, cur, n.quote, n.line, folded, problems)
            if q is None:
                continue
            if n.status:
                q.status = n.status
            if n.real_speaker:
                rec["real_speaker_id"] = _person_id(d, n.real_speaker)
            q.notes.append(rec)
        elif n.person:
            ids = [p for p in d.people if name_key(n.person) in {name_key(x) for x in [p.name, *p.aliases]}]
            if len(ids) != 1:
                kind = "orphaned" if not ids else "ambiguous"
                problems.append(
                    f"{_where(cur, n.line)}: {kind}: note on person {n.person!r} names {len(ids)} people"
                )
                continue
            ids[0].notes.append(rec)
        elif n.article:
            if n.article not in {a.id for a in d.articles}:
                problems.append(
                    f"{_where(cur, n.line)}: orphaned: note on article {n.article!r}, which is not a seed"
                )
                continue
            d.article_notes.setdefault(n.article, []).append(rec)
        elif n.dossier:
            d.notes.append(rec)
    d.problems.extend(problems)
    d.reindex()
    return problems
