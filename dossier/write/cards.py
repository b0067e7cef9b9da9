"""Which share card each quote and person page gets (dossier.cards draws them)."""

from __future__ import annotations

from ..model import Dossier, Person, Quote
from .card_image import HEIGHT, WIDTH, Card
from .card_image import render as render_card
from .cite import earliest_source
from .common import article_label, human_date, short, speaker_name


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def quote_card(d: Dossier, q: Quote) -> Card:
    """The words, the speaker, and date · medium · the outlet it was first printed in."""
    _, art = earliest_source(d, q)
    others = len({o.article for o in q.occurrences}) - 1
    # A headline stands in for a missing outlet: short enough that "and N more" still fits.
    source = art.meta.outlet or short(article_label(art), 24 if others else 60)
    if others:
        source += f" and {_plural(others, 'more source')}"
    details = " · ".join(x for x in (human_date(q.date) if q.date else None, q.medium, source) if x)
    return Card("quote", " ".join(q.text.split()), speaker_name(d, q), details, "Quote")


def has_card(d: Dossier, p: Person) -> bool:
    """Whether a person page gets a card: one with words on it (a description or a quote).

    A person the dossier only names would get a card saying nothing their page title does not;
    their previews stay text-only (most of a large dossier's people, and a third of its cards).
    """
    return bool(p.description) or bool(d.relations.said.get(p.id))


def person_card(d: Dossier, p: Person) -> Card:
    """The name, a description (or their earliest quote), and how much the dossier holds."""
    said = d.relations.said[p.id]
    words = p.description or (f"“{' '.join(said[0].text.split())}”" if said else "")
    details = f"{_plural(len(said), 'quote')} · named in {_plural(len(p.articles), 'article')}"
    return Card("person", words, p.name, details, "Person")


def card_head(card: Card, alt: str) -> dict:
    """What a page's head says about its card (front matter; the theme override prints it)."""
    return {"path": card.path, "width": WIDTH, "height": HEIGHT, "alt": alt}


def render_card_job(d: Dossier, kind: str, ident: str) -> dict[str, bytes]:
    card = quote_card(d, d.quote(ident)) if kind == "quote" else person_card(d, d.person(ident))
    return {card.path: render_card(card)}
