"""Share cards: drawn from the shipped font, named and cached by content, small, off on demand."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import frontmatter
import pytest
from PIL import Image

from dossier import write
from dossier.errors import DossierError
from dossier.model import NO_CARDS_ENV, SiteOptions
from dossier.publish.build import build
from dossier.write import card_image as cards
from dossier.write.card_image import HEIGHT, WIDTH, Card, draw, shorten, wrap

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
TWEET = "I really appreciate this dialogue with John Legend"
LONG = " ".join(
    f"Sentence {n} of a statement that runs on and on, naming places, people and promises, never stopping."
    for n in range(1, 30)
)


def _card_of(docs: Path, kind: str, starts: str) -> tuple[dict, Path]:
    for page in sorted((docs / kind).glob("*.md")):
        meta = frontmatter.load(page).metadata["dossier"]
        if meta.get("text", meta.get("name", "")).startswith(starts):
            return meta, docs / meta["preview"]["card"]["path"]
    raise AssertionError(starts)


def _build(project: Path, **site) -> Path:
    build(project / "seeds", project / "docs", curation=ROOT / "dossier.yml", site=SiteOptions(**site))
    return project / "docs"


def test_demo_cards_exist_are_png_and_small_and_kept_in_test_artifacts(project):
    docs = _build(project)
    meta, card = _card_of(docs, "quotes", TWEET)
    with Image.open(card) as im:
        assert im.format == "PNG" and im.size == (WIDTH, HEIGHT)
    sizes = [p.stat().st_size for p in (docs / "cards").glob("*.png")]
    assert len(sizes) >= 15 and max(sizes) <= 80_000
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "card-merged-tweet.png").write_bytes(card.read_bytes())
    long = draw(Card("quote", LONG, "A Long-Winded Speaker", "1 May 2019 · speech · The Daily", "Quote"))
    assert len(long) <= 80_000
    (ARTIFACTS / "card-long-quote.png").write_bytes(long)
    _, person = _card_of(docs, "people", "John Legend")
    (ARTIFACTS / "card-person.png").write_bytes(person.read_bytes())


def test_card_is_deterministic_and_named_by_content():
    a = Card("quote", "We will win.", "Jane Roe", "1 May 2019 · speech", "Quote")
    b = Card("quote", "We will win!", "Jane Roe", "1 May 2019 · speech", "Quote")
    assert draw(a) == draw(a)
    assert a.path == Card(*[getattr(a, f) for f in ("kind", "words", "name", "details", "label")]).path
    assert a.path != b.path and a.path.startswith("cards/")


def test_long_words_are_shortened_at_a_word_boundary():
    font = cards._font(False, cards.QUOTE_SIZES[-1])
    words = LONG.split()
    kept = shorten(words, lambda ws: len(wrap(ws, font, 1000)) <= 4)
    assert kept[-1] == "…" or kept[-1].endswith("…")
    body = [w.rstrip("…") for w in kept if w != "…"]
    assert body == words[: len(body)]  # whole words, in order: nothing cut mid-word
    shown = " ".join(kept)
    assert ",…" not in shown and ";…" not in shown
    if kept[-1] == "…":  # a lone ellipsis follows a sentence's end
        assert kept[-2].endswith((".", "!", "?"))
    assert len(wrap(kept, font, 1000)) <= 4


def test_hostile_card_text_draws(tmp_path):
    """Control characters, right-to-left text, CJK, emoji and a 5,000-letter word: still a card."""
    words = "\x00\x07 <script> مرحبا 你好 🎉 " + "x" * 5000 + " \u200b end"
    png = draw(Card("quote", words, "N" * 300, "d" * 500, "Quote"))
    with Image.open(io.BytesIO(png)) as im:
        assert im.size == (WIDTH, HEIGHT)


def test_rebuilds_draw_only_new_cards(project, monkeypatch):
    drawn: list[Card] = []
    draw_now = cards.draw
    monkeypatch.setattr(cards, "draw", lambda card: drawn.append(card) or draw_now(card))
    monkeypatch.setattr(write, "PARALLEL_PAGES", 10**9)  # in this process, where the list is
    docs = _build(project)
    first = len(drawn)
    assert first >= 15 and first == len(list((docs / "cards").glob("*.png")))
    # Same inputs, every page rendered again (the page store is gone, as after a code change):
    # each card is taken from docs/, where the last build wrote it under its content's name.
    drawn.clear()
    (project / ".dossier-cache" / "pages.pickle").unlink()
    (project / ".dossier-cache" / "last-build.json").unlink()
    _build(project)
    assert drawn == []
    # A card changed by hand is not taken for the card, nor its copy in the cache when that was
    # cut short too: it is drawn again (and sync leaves the changed file alone and says so, as
    # for any generated file edited by hand).
    _, tampered = _card_of(docs, "quotes", TWEET)
    good = tampered.read_bytes()
    kept = project / ".dossier-cache" / "cards" / tampered.name
    assert kept.read_bytes() == good
    (project / ".dossier-cache" / "pages.pickle").unlink()
    (project / ".dossier-cache" / "last-build.json").unlink()
    tampered.write_bytes(good[:100])
    kept.write_bytes(good[:-1])
    with contextlib.suppress(DossierError):  # how sync reports the changed file is output.py's business
        _build(project)
    assert [c.words[:50] for c in drawn] == [TWEET]
    assert kept.read_bytes() == good
    tampered.write_bytes(good)
    drawn.clear()
    # An edited quote gets a new card under a new name; no other card is drawn again.
    drawn.clear()
    seed = next(
        p for p in sorted((project / "seeds").iterdir()) if "truly hearing all sides" in p.read_text("utf-8")
    )
    seed.write_text(seed.read_text("utf-8").replace("truly hearing all sides", "truly hearing every side"))
    _build(project)
    meta, card = _card_of(docs, "quotes", TWEET)
    assert card.is_file() and card.read_bytes() != good
    assert [c.kind for c in drawn] == ["quote"] and "every side" in drawn[0].words


def test_docs_deleted_cards_come_from_the_cache_and_leave_it_with_their_page(project, monkeypatch):
    drawn: list[Card] = []
    draw_now = cards.draw
    monkeypatch.setattr(cards, "draw", lambda card: drawn.append(card) or draw_now(card))
    monkeypatch.setattr(write, "PARALLEL_PAGES", 10**9)  # in this process, where the list is
    docs = _build(project)
    before = {p.name: p.read_bytes() for p in (docs / "cards").glob("*.png")}
    kept = project / ".dossier-cache" / "cards"
    assert {p.name for p in kept.iterdir()} == set(before)
    # docs/ gone (a fresh checkout of the site folder, a clean): every page is written again,
    # every card taken from the cache, byte for byte; one kept card damaged is drawn again.
    shutil.rmtree(docs)
    damaged = sorted(kept.iterdir())[0]
    damaged.write_bytes(damaged.read_bytes()[:-30] + bytes(30))
    drawn.clear()
    _build(project)
    assert len(drawn) == 1 and drawn[0].path.endswith(damaged.name)
    assert {p.name: p.read_bytes() for p in (docs / "cards").glob("*.png")} == before
    assert damaged.read_bytes() == before[damaged.name]
    # A quote edited: its old card leaves docs/ and the cache, its new one is kept.
    seed = next(
        p for p in sorted((project / "seeds").iterdir()) if "truly hearing all sides" in p.read_text("utf-8")
    )
    _, old = _card_of(docs, "quotes", TWEET)
    seed.write_text(seed.read_text("utf-8").replace("truly hearing all sides", "truly hearing every side"))
    _build(project)
    _, new = _card_of(docs, "quotes", TWEET)
    assert not (kept / old.name).exists() and (kept / new.name).read_bytes() == new.read_bytes()
    assert {p.name for p in kept.iterdir()} == {p.name for p in (docs / "cards").glob("*.png")}


def test_a_kept_card_is_checked_whole(tmp_path):
    png = draw(Card("quote", TWEET, "John Legend", "1 May 2019", "Quote"))
    assert cards._whole_png(png)
    for bad in (png[:-1], png[:100], png + b"x", b"", png[:40] + bytes([png[40] ^ 1]) + png[41:]):
        assert not cards._whole_png(bad)


def test_cards_off_removes_them_and_the_cli_flag_works(project):
    docs = _build(project)
    assert any((docs / "cards").glob("*.png"))
    run = subprocess.run(
        [sys.executable, "-m", "dossier.cli", "build", "--no-cards", "--config", str(ROOT / "dossier.yml")],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert not list((docs / "cards").glob("*.png"))
    manifest = json.loads((docs / ".dossier-manifest.json").read_text("utf-8"))["files"]
    assert not [p for p in manifest if p.startswith("cards/")]
    meta, _ = _card_of_or_none(docs)
    assert "card" not in meta["preview"]


def _card_of_or_none(docs: Path) -> tuple[dict, None]:
    for page in sorted((docs / "quotes").glob("*.md")):
        meta = frontmatter.load(page).metadata["dossier"]
        if meta.get("kind") == "quote":
            return meta, None
    raise AssertionError("no quote page")


def test_fonts_ship_with_the_package_with_their_licence():
    assert cards.REGULAR.is_file() and cards.BOLD.is_file()
    assert cards.FONTS.parent.parent == Path(cards.__file__).parent.parent  # dossier/assets/fonts
    licence = (cards.FONTS / "LICENSE-DejaVu.txt").read_text("utf-8")
    assert "Bitstream" in licence and "Permission is hereby granted" in licence
    assert sum(f.stat().st_size for f in cards.FONTS.glob("*.ttf")) < 1_000_000


@pytest.mark.parametrize("text", ["", "   ", "…"])
def test_cards_without_words(text):
    with Image.open(io.BytesIO(draw(Card("person", text, "Jane Roe", "", "Person")))) as im:
        assert im.size == (WIDTH, HEIGHT)


def test_plugin_option_cards_false(project):
    from mkdocs.config import load_config

    yml = project / "mkdocs.yml"
    yml.write_text(
        yml.read_text("utf-8").replace("      seeds: seeds\n", "      seeds: seeds\n      cards: false\n")
    )
    config = load_config(str(yml))
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    docs = project / "docs"
    assert any((docs / "quotes").glob("*.md")) and not list(docs.glob("cards/*.png"))
    meta, _ = _card_of_or_none(docs)
    assert "card" not in meta["preview"]


def test_serve_no_cards_builds_without_and_tells_mkdocs_serve(project, monkeypatch):
    from dossier import cli
    from dossier.publish import serve

    calls = []
    monkeypatch.setattr(serve, "run_until_stopped", lambda cmd, env: calls.append((cmd, env)) or 0)
    monkeypatch.chdir(project)
    assert (
        cli.main(["serve", "--no-cards", "--config", str(ROOT / "dossier.yml"), "-a", "127.0.0.1:8123"]) == 0
    )
    ((cmd, env),) = calls
    assert cmd[1:4] == ["-m", "mkdocs", "serve"] and env[NO_CARDS_ENV] == "1"
    docs = project / "docs"
    assert not list(docs.glob("cards/*.png"))
    # built with the address mkdocs serve gives the site, so its own build finds nothing to change
    feed = json.loads((docs / "feed.json").read_text("utf-8"))
    assert feed["feed_url"] == "http://127.0.0.1:8123/feed.json"


def test_plugin_under_dossier_serve_no_cards(project, monkeypatch):
    from mkdocs.config import load_config

    monkeypatch.setenv(NO_CARDS_ENV, "1")
    config = load_config(str(project / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    assert any((project / "docs" / "quotes").glob("*.md"))
    assert not list((project / "docs").glob("cards/*.png"))
