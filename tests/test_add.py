"""``dossier add``: saved pages, Markdown and text become seeds; duplicates and overwrites are refused."""

from __future__ import annotations

import hashlib
import html
import shutil
import socket
from pathlib import Path

import pytest
import yaml

from dossier.cli import main
from dossier.extract import extract
from dossier.model import Article, Paragraph
from dossier.read.add import text_key, url_key
from dossier.read.article import find_seeds, read_article
from dossier.read.html import declared_charset

PAGES = Path(__file__).parent / "pages"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Adding a page must only parse the file given: any connection attempt fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("dossier add tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def add(*args: str | Path) -> int:
    return main(["add", *map(str, args)])


def split_seed(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    _, fm, body = text.split("---\n", 2)
    return yaml.safe_load(fm), body


def body_lines(body: str) -> list[str]:
    return [line for line in body.splitlines() if line.strip()]


def seeds_in(folder: Path) -> list[Path]:
    return find_seeds(folder) if folder.exists() else []


# ---- saved web pages --------------------------------------------------------


def test_news_page_with_json_ld_gives_clean_text_and_metadata(tmp_path: Path, capsys) -> None:
    seeds = tmp_path / "seeds"
    assert add(PAGES / "newsarticle-jsonld.html", "--seeds", seeds) == 0
    seed = seeds / "2021-03-16-council-votes-to-close-harbour-bridge-for-repairs.md"
    assert seeds_in(seeds) == [seed]
    fm, body = split_seed(seed)
    original = PAGES / "newsarticle-jsonld.html"
    assert fm == {
        "title": "Council Votes to Close Harbour Bridge for Repairs",
        "authors": ["Priya Raman"],
        "date": "2021-03-16",
        "outlet": "The Coastal Courier",
        # rel=canonical, not og:url with its tracking parameter
        "url": "https://www.coastalcourier.example/news/2021/03/harbour-bridge-closure",
        "description": "The crossing will shut for six weeks from May, the council decided on Tuesday night.",
        "language": "en-GB",
        "original": "originals/2021-03-16-council-votes-to-close-harbour-bridge-for-repairs.html",
        "original_sha256": hashlib.sha256(original.read_bytes()).hexdigest(),
    }
    assert (seeds / fm["original"]).read_bytes() == original.read_bytes()
    lines = body_lines(body)
    assert lines[0] == "Council Votes to Close Harbour Bridge for Repairs"
    assert lines[1].startswith("The harbour bridge will close to all traffic")
    assert lines[-1].startswith("Opposition councillor David Mensah")
    assert len(lines) == 7  # headline + six story paragraphs, nothing else
    # one paragraph a line, a blank line between paragraphs
    assert "\n\n".join(lines) == body.strip("\n")
    for debris in (
        "Advertisement",
        "Related stories",
        "Bridge inspection finds",
        "About time too",
        "Typical of this council",
        "Most read",
        "Seal pup",
        "cookies",
        "Share on",
        "All rights reserved",
        "Subscribe",
        "Photo: Tom Ellery",
    ):
        assert debris not in body, debris
    assert "added" in capsys.readouterr().out


def test_div_layout_page_with_open_graph_only(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    assert add(PAGES / "opengraph-div-layout.html", "--seeds", seeds) == 0
    [seed] = seeds_in(seeds)
    assert seed.name == "2022-11-19-museum-returns-bronze-figures-to-benin-city.md"
    fm, body = split_seed(seed)
    assert fm["authors"] == ["Samuel Adeyemi"]
    assert fm["outlet"] == "Daily Ledger"
    assert fm["url"] == "https://dailyledger.example/world/museum-returns-bronzes-4471"
    assert fm["language"] == "en-NG"
    lines = body_lines(body)
    assert lines[0] == "Museum returns bronze figures to Benin City"
    assert (
        lines[-1]
        == "Campaigners welcomed the return but said thousands of objects remain in collections abroad."
    )
    assert len(lines) == 6
    for debris in (
        "Log in",
        "Sign up",
        "inbox",
        "Tags:",
        "You may also like",
        "Sponsored",
        "took so long",
        "Advertise",
    ):
        assert debris not in body, debris


def test_page_without_an_article_is_refused_and_nothing_written(tmp_path: Path, capsys) -> None:
    seeds = tmp_path / "seeds"
    assert add(PAGES / "no-article.html", "--seeds", seeds) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "no-article.html" in err[0] and "no article text" in err[0]
    assert not seeds.exists() or not any(seeds.rglob("*"))


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (
            "windows-1252.html",
            "“I’m thrilled — it’s been a long year,” said Zoë Martin, who opened Martin’s Bakery in 2015. "
            "“People here know what a café is.”",
        ),
        (
            "latin1-xhtml.html",
            "« Nous n’avions pas le choix, la charpente est fragilisée », a déclaré Jérôme Lefèvre devant le "
            "conseil municipal. « La sécurité passe avant tout. »",
        ),
    ],
)
def test_pages_in_legacy_encodings_decode_by_their_declared_charset(
    tmp_path: Path, page: str, expected: str
) -> None:
    data = (PAGES / page).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the fixture really is not UTF-8
    seeds = tmp_path / "seeds"
    assert add(PAGES / page, "--seeds", seeds) == 0
    [seed] = seeds_in(seeds)
    fm, body = split_seed(seed)
    assert expected in body_lines(body)
    assert "\ufffd" not in seed.read_text(encoding="utf-8")
    article = read_article(seed)
    assert article.meta.title == fm["title"]
    if page == "windows-1252.html":  # (extract does not read French guillemets yet)
        assert extract(article).quotes, "the curly quotes must survive as quotation marks"


def test_windows_1252_page_metadata(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    assert add(PAGES / "windows-1252.html", "--seeds", seeds) == 0
    [seed] = seeds_in(seeds)
    assert seed.name == "2019-07-04-bakery-owner-wins-fight-over-cafe-sign.md"
    fm, _ = split_seed(seed)
    assert fm["title"] == "Bakery owner wins fight over “café” sign"
    assert fm["authors"] == ["Renée Dubois"]


def test_declared_charset() -> None:
    assert declared_charset(b'<html><head><meta charset="windows-1252">') == "cp1252"
    assert (
        declared_charset(b"<meta http-equiv=Content-Type content='text/html; charset=ISO-8859-1'>")
        == "cp1252"
    )
    assert declared_charset(b'<?xml version="1.0" encoding="koi8-r"?><html>') == "koi8-r"
    assert declared_charset(b"\xef\xbb\xbf<html>") == "utf-8"
    assert declared_charset(b'<meta charset="utf-16">') == "utf-8"
    assert declared_charset(b"<html><p>no declaration</p>") is None


def test_no_break_spaces_in_a_page_survive(tmp_path: Path) -> None:
    words = " ".join(["word"] * 40)
    page = tmp_path / "nbsp.html"
    page.write_text(
        "<html><head><title>Spaces</title></head><body><article><h1>Spaces</h1>"
        f"<p>{words}.</p><p>\u201cWe said\u00a0 no,\u201d she said.\u00a0</p></article></body></html>",
        encoding="utf-8",
    )
    assert add(page, "--seeds", tmp_path / "seeds") == 0
    [seed] = seeds_in(tmp_path / "seeds")
    assert "\u201cWe said\u00a0 no,\u201d she said." in body_lines(split_seed(seed)[1])


# ---- Markdown and text -------------------------------------------------------

STORY = (
    "Senator Defends Vote\n"
    "\n"
    "By Ann Writer\n"
    "\n"
    '"I would do it again," the senator said on Tuesday. "It was the right call for the state."\n'
    "\n"
    'Her opponent, Mark Lowe, disagreed. "She ignored the farmers," he said.\n'
)


def test_markdown_with_front_matter_keeps_it_and_its_body(tmp_path: Path) -> None:
    src = tmp_path / "in" / "senator.md"
    src.parent.mkdir()
    src.write_text(
        "---\ntitle: Senator Defends Vote\nsite_name: The Daily\ndate: 2019-05-01\n"
        "url: https://example.org/senator\ntopic: farming\n---\n" + STORY,
        encoding="utf-8",
    )
    seeds = tmp_path / "seeds"
    assert add(src, "--seeds", seeds) == 0
    seed = seeds / "2019-05-01-senator-defends-vote.md"
    fm, body = split_seed(seed)
    # the user's own keys, as written, then what the rules found for the rest
    assert fm["site_name"] == "The Daily" and "outlet" not in fm
    assert fm["topic"] == "farming"
    assert fm["authors"] == ["Ann Writer"]
    assert fm["original"] == "originals/2019-05-01-senator-defends-vote.md"
    assert (seeds / fm["original"]).read_bytes() == src.read_bytes()
    assert body_lines(body) == body_lines(STORY)
    article = read_article(seed)
    assert article.meta.outlet == "The Daily" and article.meta.date == "2019-05-01"


def test_markdown_without_front_matter_and_plain_text(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    md = tmp_path / "a.md"
    md.write_text(STORY.replace("Senator", "Governor"), encoding="utf-8")
    txt = tmp_path / "b.txt"
    txt.write_bytes(STORY.replace("\n", "\r\n").encode("utf-8"))
    assert add(md, txt, "--seeds", seeds) == 0
    names = sorted(p.name for p in seeds_in(seeds))
    assert names == ["governor-defends-vote.md", "senator-defends-vote.md"]
    fm, body = split_seed(seeds / "senator-defends-vote.md")
    assert fm["title"] == "Senator Defends Vote"
    assert fm["authors"] == ["Ann Writer"]
    assert "date" not in fm  # "on Tuesday" gives no date worth freezing into front matter
    assert fm["original"] == "originals/senator-defends-vote.txt"
    assert "\r" not in body
    assert body_lines(body) == body_lines(STORY)


def test_markdown_seed_written_by_add_keeps_quote_anchors_exact(tmp_path: Path) -> None:
    src = tmp_path / "story.txt"
    src.write_text(STORY, encoding="utf-8")
    assert add(src, "--seeds", tmp_path / "seeds") == 0
    [seed] = seeds_in(tmp_path / "seeds")
    article = read_article(seed)
    quotes = extract(article).quotes
    assert len(quotes) == 3
    for q in quotes:
        assert q.text == article.raw[q.start : q.end]
    assert [(q.text, q.speaker_name) for q in quotes] == [
        (q.text, q.speaker_name) for q in extract(read_article(src)).quotes
    ]
    assert quotes[-1].speaker_name == "Mark Lowe"


def test_front_matter_values_are_stored_literally(tmp_path: Path) -> None:
    """Seed front matter is data the read stage takes as written: no HTML escaping may creep in."""
    src = tmp_path / "story.md"
    title = 'AT&T <Merger> "Blocked"'
    src.write_text(f"---\ntitle: '{title}'\ndescription: Q&A\n---\n" + STORY, encoding="utf-8")
    assert add(src, "--seeds", tmp_path / "seeds") == 0
    [seed] = seeds_in(tmp_path / "seeds")
    assert read_article(seed).meta.title == title
    assert read_article(seed).meta.description == "Q&A"


# ---- duplicates and overwriting ---------------------------------------------


def test_same_url_is_reported_not_added_again(tmp_path: Path, capsys) -> None:
    seeds = tmp_path / "seeds"
    assert add(PAGES / "newsarticle-jsonld.html", "--seeds", seeds) == 0
    # The same article saved again later: other markup, tracking parameters, one more comment.
    again = tmp_path / "saved-again.html"
    text = (PAGES / "newsarticle-jsonld.html").read_text(encoding="utf-8")
    again.write_text(
        text.replace('closure">', 'closure/?utm_medium=email#top">').replace("About time too", "Finally"),
        encoding="utf-8",
    )
    capsys.readouterr()
    assert add(again, "--seeds", seeds) == 0
    out = capsys.readouterr().out
    assert "already in the dossier" in out and "same URL" in out and "saved-again.html" in out
    assert len(seeds_in(seeds)) == 1
    assert len(list((seeds / "originals").iterdir())) == 1


def test_same_text_under_another_name_is_reported(tmp_path: Path, capsys) -> None:
    seeds = tmp_path / "seeds"
    first = tmp_path / "first.txt"
    first.write_text(STORY, encoding="utf-8")
    assert add(first, "--seeds", seeds) == 0
    # Same words; other quote marks, spacing and line breaks, and a .md name.
    second = tmp_path / "copy-of-story.md"
    second.write_text(
        STORY.replace('"', "\u201c").replace("\n\n", "\n").replace(" said", "  said"), encoding="utf-8"
    )
    capsys.readouterr()
    assert add(second, "--seeds", seeds) == 0
    out = capsys.readouterr().out
    assert "same text" in out and "senator-defends-vote.md" in out
    assert len(seeds_in(seeds)) == 1


def test_existing_seed_is_not_overwritten_without_force(tmp_path: Path, capsys) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    mine = seeds / "senator-defends-vote.md"
    mine.write_text(
        "---\ntitle: Mine\n---\nSenator Defends Vote\n\nA different article entirely.\n", encoding="utf-8"
    )
    src = tmp_path / "story.txt"
    src.write_text(STORY, encoding="utf-8")
    assert add(src, "--seeds", seeds) == 1
    err = capsys.readouterr().err
    assert "story.txt" in err and "already exists" in err and "--force" in err
    assert mine.read_text(encoding="utf-8").startswith("---\ntitle: Mine")
    assert not (seeds / "originals").exists()
    assert add(src, "--seeds", seeds, "--force") == 0
    fm, _ = split_seed(mine)
    assert fm["title"] == "Senator Defends Vote"
    assert (seeds / "originals" / "senator-defends-vote.txt").read_bytes() == src.read_bytes()


def test_a_txt_seed_with_the_same_stem_blocks_the_name(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "senator-defends-vote.txt").write_text(
        "Other Headline\n\nSomething else happened.\n", encoding="utf-8"
    )
    src = tmp_path / "story.txt"
    src.write_text(STORY, encoding="utf-8")
    assert add(src, "--seeds", seeds) == 1
    assert add(src, "--seeds", seeds, "--force") == 1  # two seeds would share one page name
    assert not (seeds / "senator-defends-vote.md").exists()


def test_unreadable_inputs_name_the_file(tmp_path: Path, capsys) -> None:
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4 ...")
    (tmp_path / "empty.txt").write_bytes(b"")
    assert (
        add(
            tmp_path / "report.pdf",
            tmp_path / "empty.txt",
            tmp_path / "missing.html",
            "--seeds",
            tmp_path / "s",
        )
        == 1
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3
    assert "report.pdf" in err[0] and "empty.txt" in err[1] and "missing.html" in err[2]
    assert not (tmp_path / "s").exists()


def test_keys() -> None:
    assert url_key("https://WWW.Example.org/a/b/?utm_source=x&id=3#c") == url_key(
        "http://example.org/a/b?id=3"
    )
    assert url_key("https://example.org/a?id=3") != url_key("https://example.org/a?id=4")
    assert text_key("“Hello,” she said.\n\nBye") == text_key('"hello," she  said. bye')


# ---- round trip: demo seeds -> news page -> dossier add -> same quotes --------


def news_page(article: Article) -> str:
    """Wrap a seed's paragraphs in the page a news site would serve: furniture around the story."""

    def t(p: Paragraph) -> str:
        return html.escape(article.raw[p.start : p.end], quote=False)

    head: list[str] = []
    figure: list[str] = []
    story: list[str] = []
    meta = article.meta
    for p in article.paragraphs:
        if p.kind == "headline":
            head.append(f'<h1 class="headline">{t(p)}</h1>')
        elif p.kind == "dek":
            head.append(f'<p class="dek">{t(p)}</p>')
        elif p.kind in ("byline", "dateline"):
            continue  # rebuilt below from the metadata, the way a CMS prints it
        elif p.kind in ("credit", "caption"):
            figure.append(f"<span>{t(p)}</span>")
        else:
            story.append(f"<p>{t(p)}</p>")
    byline = ""
    if meta.authors or (meta.date and not meta.date_inferred):
        who = ", ".join(
            f'<a rel="author" href="/people/{a.lower().replace(" ", "-")}">{a}</a>' for a in meta.authors
        )
        when = (
            f'<time datetime="{meta.date}">{meta.date}</time>' if meta.date and not meta.date_inferred else ""
        )
        byline = f'<div class="byline">{"By " + who if who else ""} {when}</div>'
    fig = f'<figure><img src="/photo.jpg" alt=""><figcaption>{" ".join(figure)}</figcaption></figure>'
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(meta.title or "")} | Celebrity News</title></head>
<body>
<header class="site-header"><a href="/">Celebrity News</a>
<nav><ul><li><a href="/news">News</a></li><li><a href="/tv">TV</a></li><li><a href="/music">Music</a></li></ul></nav>
</header>
<div class="ad">Advertisement</div>
<main><article>
<header>{"".join(head)}{byline}</header>
{fig if figure else ""}
<div class="article-body">
{chr(10).join(story)}
</div>
</article>
<aside class="related"><h2>Related stories</h2><ul>
<li><a href="/r1">Taylor Swift breaks her silence</a></li><li><a href="/r2">Kim Kardashian defends her husband</a></li>
</ul></aside>
<section class="comments"><h2>Comments</h2><div class="comment"><p>Totally agree with him, people need to
stop telling artists what to think about politics all the time.</p></div></section>
</main>
<footer><p>© 2018 Celebrity News. All rights reserved.</p></footer>
</body></html>
"""


def story_quotes(article: Article) -> list[tuple[str, str | None]]:
    kinds = {p.index: p.kind for p in article.paragraphs}
    return [(q.text, q.speaker_name) for q in extract(article).quotes if kinds[q.paragraph] == "body"]


@pytest.mark.parametrize("seed", sorted((ROOT / "seeds").glob("*.txt")), ids=lambda p: p.stem)
def test_demo_seeds_round_trip_through_a_news_page(tmp_path: Path, seed: Path) -> None:
    original = read_article(seed)
    page = tmp_path / "saved.html"
    page.write_text(news_page(original), encoding="utf-8")
    seeds = tmp_path / "seeds"
    assert add(page, "--seeds", seeds) == 0
    [new_seed] = seeds_in(seeds)
    added = read_article(new_seed)
    before, after = story_quotes(original), story_quotes(added)
    assert before, "the demo seeds are full of quotes"
    assert after == before
    for q in extract(added).quotes:
        assert q.text == added.raw[q.start : q.end]
    assert added.meta.title == original.meta.title
    assert added.meta.authors == original.meta.authors


def test_folder_of_pages(tmp_path: Path) -> None:
    folder = tmp_path / "saved"
    folder.mkdir()
    for name in ("newsarticle-jsonld.html", "opengraph-div-layout.html", "no-article.html"):
        shutil.copy(PAGES / name, folder / name)
    seeds = tmp_path / "seeds"
    assert add(folder, "--seeds", seeds) == 1  # the index page fails, the two articles are added
    assert len(seeds_in(seeds)) == 2
    assert len(list((seeds / "originals").iterdir())) == 2
