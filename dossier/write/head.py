"""What quote and person pages' heads say in link previews (front matter ``dossier.preview``).

The theme override (dossier/theme/main.html) prints it: Open Graph, Twitter card and, on quote
pages, schema.org Quotation JSON-LD. Values are plain text; the template escapes them.
"""

from __future__ import annotations

from ..model import Dossier, Person, Quote
from .cards import card_head, has_card, person_card, quote_card
from .common import human_date, speaker_name


def clip(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word boundary, without punctuation before the "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(".,;:—–- ")
    return cut + "…"


def quote_preview(d: Dossier, q: Quote) -> dict:
    who = d.person(q.speaker)
    speaker = speaker_name(d, q)
    bits = [x for x in (q.medium, human_date(q.date) if q.date else None) if x]
    out: dict = {
        "title": f"“{clip(q.text, 90)}” — {speaker}",
        "description": f"{speaker}{' (' + ', '.join(bits) + ')' if bits else ''}: “{clip(q.text, 240)}”",
    }
    if who:  # schema.org creator: who really said it, not only a character's voice
        out["creator"] = who.name
        out["creator_type"] = "Organization" if who.kind == "organisation" else "Person"
    if d.site.cards:
        out["card"] = card_head(quote_card(d, q), f"Share card: {out['description']}")
    return out


def person_preview(d: Dossier, p: Person, description: str) -> dict:
    out: dict = {"title": p.name, "description": description, "type": "profile"}
    if p.kind == "organisation":
        out["type"] = "website"  # Open Graph's profile is a person's
    if d.site.cards and has_card(d, p):
        out["card"] = card_head(person_card(d, p), f"Share card: {p.name}. {description}")
    return out
