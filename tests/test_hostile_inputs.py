"""Issue 18: hand-edited files and hostile seeds. Nothing runs, nothing explodes, nothing is lost.

Each test plants its own payload (a note, a registry line, a front matter, a link, a byte)
in a small project and checks what the build, check, quotes and add commands do with it.
"""

from __future__ import annotations

import errno
import json
import multiprocessing
import os
import re
import stat
import time
from html.parser import HTMLParser
from pathlib import Path

import frontmatter
import markdown
import pytest

from dossier.cli import main
from dossier.errors import DossierError
from dossier.link import registry
from dossier.link.curate import render_note
from dossier.publish import output
from dossier.publish.build import build, project_lock
from dossier.read.article import decode, read_text
from dossier.write.quotes import CONTEXT_CHARS

STORY = (
    "Council Votes On Budget\n\n"
    'Mayor Ann Lee spoke first. "We will fund every library in this city next year," Lee said on Monday.\n\n'
    'Bo Chan, a councillor, disagreed. "This budget is a fantasy built on borrowed money," he said.\n'
)
OTHER = 'Second Story\n\n"Rain is coming to the valley tomorrow," said Cy Dunn, a forecaster.\n'


def project(tmp_path: Path, curation: str | None = None, **seeds: str) -> Path:
    (tmp_path / "seeds").mkdir(parents=True)
    for name, text in (seeds or {"council.txt": STORY}).items():
        (tmp_path / "seeds" / name).write_text(text, "utf-8")
    if curation is not None:
        (tmp_path / "dossier.yml").write_text(curation, "utf-8")
    return tmp_path


def cli(tmp: Path, *args: str) -> list[str]:
    return [
        *args,
        "--seeds",
        str(tmp / "seeds"),
        *(["--docs", str(tmp / "docs")] if args[0] == "build" else []),
    ]


def quote_pages(tmp: Path) -> dict[str, dict]:
    out = {}
    for p in sorted((tmp / "docs/quotes").glob("*.md")):
        meta = frontmatter.load(p).get("dossier")
        if isinstance(meta, dict) and meta.get("kind") == "quote":
            out[p.stem] = meta
    return out


# ---- 1. notes: nothing an editor types can become an attribute or an element -------------------

NOTE_PAYLOADS = [
    "![chart](https://example.org/x.png){: onerror=alert(1) }",
    "A paragraph with a handler. {: onmouseover=alert(2) autofocus onfocus=alert(3) tabindex=1 }",
    "[the source](https://example.org/){: onclick=alert(4) style='position:fixed' }",
    "<img src=x onerror=alert(5)> <script>alert(6)</script> <svg onload=alert(7)>",
    "[js](javascript:alert(8)) [data](data:text/html,<script>alert(9)</script>) <javascript:alert(10)>",
    "<details open ontoggle=alert(11)>x</details> <a href='x' onclick='alert(12)'>y</a>",
    "## Heading {: #id onclick=alert(13) }\n\n    code {: onclick=alert(14) }\n\n> quote {: onclick=alert(15) }",
    "&lt;script&gt;alert(16)&lt;/script&gt; &#60;img src=x onerror=alert(17)&#62;",
]


class _Audit(HTMLParser):
    """Every element and attribute of some HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        self.attrs += [(k, v or "") for k, v in attrs]


def audit(html: str) -> _Audit:
    a = _Audit()
    a.feed(html)
    return a


def assert_inert(html: str) -> None:
    a = audit(html)
    assert not [k for k, _ in a.attrs if k.startswith("on") or k in ("style", "autofocus", "tabindex")], html
    assert not {"script", "svg", "details", "iframe", "object", "style"} & set(a.tags), html
    assert not [
        v for k, v in a.attrs if k in ("href", "src") and re.match(r"\s*(javascript|data|vbscript):", v, re.I)
    ]


@pytest.mark.parametrize("payload", NOTE_PAYLOADS)
def test_note_renders_to_inert_html(payload):
    html = render_note(payload)
    assert_inert(html)
    assert "\n" not in html  # one raw HTML block


def test_notes_on_pages_stay_inert_through_the_sites_markdown(tmp_path):
    """The note as MkDocs renders the generated page, with attr_list and the demo's extensions on."""
    notes = "".join(
        f"  - quote: fund every library\n    text: {json.dumps(p)}\n" for p in NOTE_PAYLOADS
    ) + "".join(f"  - person: Bo Chan\n    text: {json.dumps(p)}\n" for p in NOTE_PAYLOADS)
    tmp = project(tmp_path, "notes:\n" + notes)
    result = build(tmp / "seeds", tmp / "docs")
    assert not result.problems, result.problems
    md = markdown.Markdown(extensions=["admonition", "tables", "attr_list", "toc", "md_in_html"])
    pages = [next((tmp / "docs/quotes").glob("*library*.md")), tmp / "docs/people/bo-chan.md"]
    for page in pages:
        post = frontmatter.load(page)
        html = md.reset().convert(post.content)
        notes_html = "".join(re.findall(r'<div class="admonition note">.*?</div>', html, re.S))
        assert notes_html.count("admonition-title") == len(NOTE_PAYLOADS)
        assert_inert(notes_html)
        assert "alert(6)" in notes_html  # the payload is shown, as text


# ---- 1. dossier.lock: read strictly, never a silent new URL -------------------------------------


def built(tmp: Path):
    return build(tmp / "seeds", tmp / "docs")


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ('{"id": "x\\" onmouseover=\\"alert(1)", "speaker": null, "words": "a b c"}', "not a quote id"),
        ('{"id": "index", "speaker": null, "words": "a b c"}', "reserved name"),
        ('{"id": "", "speaker": null, "words": "a b c"}', "non-empty"),
        ('{"id": ".hidden", "speaker": null, "words": "a b c"}', "not a quote id"),
        ('{"id": "a/b#c", "speaker": null, "words": "a b c"}', "not a quote id"),
        ('{"id": "ok-id", "speaker": "x y", "words": "a b c"}', "speaker"),
        ('{"id": "ok-id", "speaker": null}', "keys"),
        ("not json at all}", "not a JSON object"),
    ],
)
def test_a_damaged_lock_line_stops_the_build_naming_the_line(tmp_path, line, why, capsys):
    tmp = project(tmp_path)
    built(tmp)
    lock = tmp / "dossier.lock"
    lines = lock.read_text("utf-8").splitlines()
    lock.write_text("\n".join([lines[0], line, *lines[1:]]) + "\n", "utf-8")
    before = sorted(p.name for p in (tmp / "docs/quotes").iterdir())
    (tmp / "seeds" / "council.txt").write_text(STORY + "\nA new paragraph.\n", "utf-8")
    assert main(cli(tmp, "build")) == 1
    err = capsys.readouterr().err
    assert "dossier.lock:2: " in err and why in err
    assert "Traceback" not in err and "--repair-lock" in err
    assert sorted(p.name for p in (tmp / "docs/quotes").iterdir()) == before  # nothing moved


def test_check_offers_the_repair_and_the_repair_keeps_every_published_url(tmp_path, capsys):
    tmp = project(tmp_path)
    built(tmp)
    lock = tmp / "dossier.lock"
    good = lock.read_bytes()
    published = set(quote_pages(tmp))
    lock.write_bytes(
        good + b'{"id": "broken-\xff", "speaker": null, "words": "x"}\n' + good.splitlines()[0] + b"\n"
    )
    assert main(["check", "--seeds", str(tmp / "seeds"), "--config", str(tmp / "dossier.yml")]) == 1
    out = capsys.readouterr()
    n = good.count(b"\n") + 1
    assert f"dossier.lock:{n}: not UTF-8" in out.err
    assert f"dossier.lock:{n + 1}: repeats line 1" in out.out and "--repair-lock" in out.out
    main(["check", "--seeds", str(tmp / "seeds"), "--config", str(tmp / "dossier.yml"), "--repair-lock"])
    assert lock.read_bytes() == good
    assert b"broken-\xff" in (tmp / "dossier.lock.damaged").read_bytes()
    assert main(cli(tmp, "build")) == 0
    assert set(quote_pages(tmp)) == published


def test_a_torn_last_line_from_a_killed_build_is_skipped_with_a_warning(tmp_path):
    tmp = project(tmp_path)
    built(tmp)
    lock = tmp / "dossier.lock"
    lock.write_bytes(lock.read_bytes() + b'{"id": "half-writ')
    result = built(tmp)
    assert any("unfinished line" in w for w in result.warnings)
    assert not result.problems


def test_registry_parse_rejects_every_bad_id_and_accepts_real_ones():
    ok = registry.parse(b'{"id": "ann-lee-we-will-fund-2", "speaker": "ann-lee", "words": "we will"}\n')
    assert [e.id for e in ok.entries] == ["ann-lee-we-will-fund-2"] and not ok.errors
    for bad in ("Index", "con", "a--b", "-a", "a-", "é", "a b", "x" * 200, "search"):
        assert registry.valid_id(bad), bad


# ---- 1/6. people: curated names and links validated; ids unique by construction -----------------


def test_curated_links_must_be_web_urls(tmp_path, capsys):
    cur = (
        "people:\n  - name: Bo Chan\n    links:\n"
        "      website: javascript:alert(1)\n"
        "      twitter: 'https://x.org/\" onmouseover=\"alert(1)'\n"
        "      wikidata: Q42 onload\n"
    )
    tmp = project(tmp_path, cur)
    assert main(["check", "--seeds", str(tmp / "seeds"), "--config", str(tmp / "dossier.yml")]) == 1
    err = capsys.readouterr().err
    assert err.count("must be an http(s) URL") == 3 and "dossier.yml:4:" in err


def test_names_that_slug_alike_still_get_their_own_pages(tmp_path):
    story = (
        "Index Person Returns\n\n"
        '"The vote was a mistake," said Index Person, a clerk.\n\n'
        '"Nobody asked us," said Con Aux, a resident.\n'
    )
    cur = (
        "people:\n  - name: Index\n    description: The first one.\n  - name: index person!\n    aliases: [Index Person]\n"
        "corrections:\n  - quote: Nobody asked us\n    speaker: Index\n"
    )
    tmp = project(tmp_path, cur, **{"index.txt": story})
    result = built(tmp)
    ids = [p.id for p in result.dossier.people]
    assert len(ids) == len(set(ids))
    names = {
        frontmatter.load(p)["dossier"]["name"]
        for p in (tmp / "docs/people").glob("*.md")
        if p.name != "index.md"
    }
    assert {"Index", "index person!"} <= names
    said = {m["text"]: m["speaker_name"] for m in quote_pages(tmp).values()}
    assert said["Nobody asked us,"] == "Index"


def test_check_reports_a_name_mixing_scripts(tmp_path, capsys):
    story = (
        "Rapper Plans Tour\n\n"
        'The rapper Kanye West spoke to reporters on Monday. "I will run again," West said.\n\n'
        'His rival, K\u0430nye West, answered on Tuesday. "I never said that," he said.\n'
    )
    tmp = project(tmp_path, None, **{"k.txt": story})
    assert main(["check", "--seeds", str(tmp / "seeds"), "--config", str(tmp / "dossier.yml")]) == 1
    err = capsys.readouterr().err
    assert "seeds/k.txt: person 'K\u0430nye West'" in err
    assert "mixes scripts" in err and "looks like 'Kanye West'" in err


# ---- 3. one line, never a traceback; the rest still builds ---------------------------------------

BAD_DATE = '---\ntitle: Bad Date\ndate: 2019-02-30\n---\nBad Date\n\n"It is fine," said Al Bee.\n'


def test_an_impossible_date_is_one_line_naming_the_file_and_the_rest_builds(tmp_path, capsys):
    tmp = project(tmp_path, None, **{"council.txt": STORY, "bad.md": BAD_DATE})
    assert main(cli(tmp, "build")) == 1
    err = capsys.readouterr().err
    assert "seeds/bad.md:3: front matter is not valid YAML: '2019-02-30' is not a real date" in err
    assert "Traceback" not in err
    assert (tmp / "docs/articles/council.md").is_file()
    for args in (["check", "--seeds", str(tmp / "seeds")], ["quotes", str(tmp / "seeds")]):
        assert main(args) == 1
        err = capsys.readouterr().err
        assert "2019-02-30" in err and "Traceback" not in err
    seeds2 = tmp / "more"
    seeds2.mkdir()
    (tmp / "in.md").write_text(BAD_DATE, "utf-8")
    assert main(["add", str(tmp / "in.md"), "--seeds", str(seeds2)]) == 1
    assert "not a real date" in capsys.readouterr().err and not list(seeds2.glob("*.md"))


def test_a_yaml_alias_bomb_is_refused_at_once(tmp_path):
    levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"] + [
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]" for i in range(9)
    ]
    bomb = "---\n" + "\n".join(levels) + '\ntitle: Boom\n---\nBoom\n\n"It is fine," said Al Bee.\n'
    tmp = project(tmp_path, None, **{"council.txt": STORY, "bomb.md": bomb})
    t0 = time.perf_counter()
    result = built(tmp)
    assert time.perf_counter() - t0 < 30  # unbounded expansion takes minutes and gigabytes
    assert any("bomb.md" in p and "YAML aliases" in p for p in result.problems)
    fine = read_text("---\nshared: &s {a: 1}\nagain: *s\n---\nBody text.\n", "x", markdown=True)
    assert fine.meta.extra["again"] == {"a": 1}


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_a_full_disk_or_read_only_docs_is_one_line(tmp_path, monkeypatch, capsys, code):
    tmp = project(tmp_path)
    real = os.replace

    def failing(src, dst, *a, **k):
        if "/docs/" in str(dst):
            raise OSError(code, os.strerror(code), str(dst))
        return real(src, dst, *a, **k)

    monkeypatch.setattr(output.os, "replace", failing)
    assert main(cli(tmp, "build")) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "Traceback" not in err[0], err
    assert "/docs/" in err[0] and os.strerror(code) in err[0]
    assert not list((tmp / "docs").rglob("*.tmp"))  # no temp files left behind


def test_serve_keeps_serving_when_the_build_breaks(tmp_path, monkeypatch, caplog):
    from dossier.publish import build as build_module
    from dossier.publish.plugin import DossierPlugin

    plugin = DossierPlugin()
    plugin.load_config({"seeds": str(tmp_path / "seeds")})
    plugin.on_startup(command="serve", dirty=False)

    class Config(dict):
        docs_dir = str(tmp_path / "docs")

    for exc in (DossierError("dossier.lock:3: not a JSON object"), ValueError("day is out of range")):

        def boom(*a, exc=exc, **k):
            raise exc

        monkeypatch.setattr(build_module, "build", boom)
        plugin.on_pre_build(config=Config())  # no exception: the server goes on
        assert "still serving the last good pages" in caplog.text
    plugin.on_startup(command="build", dirty=False)
    with pytest.raises(ValueError):
        plugin.on_pre_build(config=Config())


# ---- 4. nothing outside seeds/ is read, nothing not ours is deleted -----------------------------


def test_a_link_out_of_the_seeds_folder_is_refused(tmp_path, capsys):
    secret = tmp_path / "secret.txt"
    secret.write_text('Runner Secrets\n\n"token-123 is the key," said Root User.\n', "utf-8")
    tmp = project(tmp_path / "p")
    (tmp / "seeds" / "notes.txt").symlink_to(secret)
    (tmp / "seeds" / "inside.txt").symlink_to(tmp / "seeds" / "council.txt")
    (tmp / "seeds" / ".draft.txt").write_text(OTHER, "utf-8")
    assert main(cli(tmp, "build")) == 1
    err = capsys.readouterr().err
    assert "notes.txt: refused: it links to a file outside" in err
    assert ".draft.txt: skipped: a hidden file" in err
    docs = "".join(p.read_text("utf-8") for p in (tmp / "docs").rglob("*.md"))
    assert "token-123" not in docs and "Root User" not in docs
    assert (tmp / "docs/articles/inside.md").is_file()  # a link inside the folder is fine


def test_a_generated_page_edited_by_hand_is_neither_overwritten_nor_deleted(tmp_path):
    tmp = project(tmp_path, None, **{"council.txt": STORY, "other.txt": OTHER})
    built(tmp)
    page = tmp / "docs/articles/council.md"
    page.write_text("My own notes on the council.\n", "utf-8")
    (tmp / "seeds/council.txt").write_text(STORY + "\nOne more paragraph.\n", "utf-8")
    result = built(tmp)
    assert any(str(page) in p and "not overwritten" in p for p in result.problems)
    assert page.read_text("utf-8") == "My own notes on the council.\n"
    (tmp / "seeds/council.txt").unlink()
    result = built(tmp)
    assert any(str(page) in p and "it is kept" in p for p in result.problems)
    assert page.read_text("utf-8") == "My own notes on the council.\n"
    other = tmp / "docs/articles/other.md"
    (tmp / "seeds/other.txt").unlink()
    built(tmp)
    assert not other.exists()  # untouched generated pages do go with their seed


def test_a_damaged_manifest_deletes_nothing_outside_docs(tmp_path):
    tmp = project(tmp_path)
    built(tmp)
    victim = tmp / ".victim.abcdefgh.tmp"
    victim.write_text("keep me", "utf-8")
    mine = tmp / "docs/mine.md"
    mine.write_text("hand-written", "utf-8")
    manifest = tmp / "docs" / output.MANIFEST
    data = json.loads(manifest.read_text("utf-8"))
    data["files"]["../victim"] = "0" * 64
    manifest.write_text(json.dumps(data), "utf-8")
    with pytest.raises(DossierError, match="'../victim', which is not a path inside"):
        built(tmp)
    assert victim.read_text("utf-8") == "keep me"
    data["files"].pop("../victim")
    data["files"]["mine.md"] = output.digest(b"what dossier once wrote")
    manifest.write_text(json.dumps(data), "utf-8")
    result = built(tmp)
    assert mine.read_text("utf-8") == "hand-written"
    assert any("mine.md" in p for p in result.problems)


def test_a_home_page_written_after_the_first_build_is_kept(tmp_path):
    tmp = project(tmp_path)
    built(tmp)
    home = tmp / "docs/index.md"
    home.write_text("# Our dossier\n", "utf-8")
    (tmp / "seeds/council.txt").write_text(STORY + "\nMore.\n", "utf-8")
    result = built(tmp)
    assert home.read_text("utf-8") == "# Our dossier\n"
    assert "index.md" in result.report.skipped and not result.problems
    assert "index.md" not in output.load_manifest(tmp / "docs")


def test_generated_files_have_ordinary_permissions(tmp_path):
    tmp = project(tmp_path)
    built(tmp)
    modes = {stat.S_IMODE(p.stat().st_mode) for p in (tmp / "docs").rglob("*") if p.is_file()}
    assert modes == {0o666 & ~output._umask()}


# ---- 5. decoding -----------------------------------------------------------------------------


def test_a_stray_byte_in_utf8_stays_utf8_and_is_reported_with_its_offset(tmp_path):
    text = "Caf\u00e9 Owners Protest\n\n\u201cWe are not closing,\u201d said Zo\u00eb Mart\u00ednez.\n"
    data = text.encode("utf-8")
    at = data.index(b"Owners")
    data = data[:at] + b"\x92" + data[at:]
    decoded, warnings = decode(data, "x.txt")
    assert "Caf\u00e9 \ufffdOwners" in decoded and "Zo\u00eb Mart\u00ednez" in decoded
    assert warnings == [f"1 byte(s) that are not UTF-8 replaced by U+FFFD, at byte offset {at} (line 1)"]
    tmp = project(tmp_path)
    (tmp / "seeds/cafe.txt").write_bytes(data)
    result = built(tmp)
    assert any("cafe.txt" in w and f"offset {at}" in w for w in result.warnings)
    assert any(m["speaker_name"] == "Zo\u00eb Mart\u00ednez" for m in quote_pages(tmp).values())
    # A file with no UTF-8 in it at all is still read as Windows-1252.
    assert decode(text.encode("cp1252"), "y.txt")[0] == text


# ---- 2. bounded work -------------------------------------------------------------------------


def test_a_quote_page_shows_a_window_of_a_long_paragraph(tmp_path):
    filler = " ".join(f"word{i}" for i in range(400))
    para = f"{filler}. \u201cThe harbour will reopen in spring,\u201d said Ida Holm. {filler}."
    tmp = project(tmp_path, None, **{"long.txt": "Harbour News\n\n" + para + "\n"})
    built(tmp)
    page = next((tmp / "docs/quotes").glob("ida-holm-*.md")).read_text("utf-8")
    context = page.split("## Sources", 1)[1].split("<blockquote>", 1)[1].split("</blockquote>", 1)[0]
    shown = re.sub(r"<[^>]+>", "", context)
    assert "The harbour will reopen in spring" in shown
    assert len(shown) < len("The harbour will reopen in spring,") + 2 * CONTEXT_CHARS + 40
    assert shown.strip().startswith("…") and shown.strip().endswith("…")  # cut on both sides


def test_add_refuses_a_page_of_markup_and_a_seed_the_build_would_refuse(tmp_path, capsys):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    nav = "".join(f'<li><a href="/s/{i}">Section {i}</a></li>' for i in range(500))
    page = tmp_path / "menu.html"
    page.write_text(
        "<html><body>" + f"<ul>{nav}</ul>" * 400 + "<script>" + "x" * 10**6 + "</script></body></html>"
    )
    t0 = time.perf_counter()
    assert main(["add", str(page), "--seeds", str(seeds)]) == 1
    assert time.perf_counter() - t0 < 20
    assert "MB of markup" in capsys.readouterr().err
    big = tmp_path / "big.txt"
    big.write_text(
        "A Very Long Piece\n\n" + ("Words of a long report, line after line.\n\n" * 30000), "utf-8"
    )
    assert main(["add", str(big), "--seeds", str(seeds)]) == 1
    assert "nothing written" in capsys.readouterr().err
    assert list(seeds.rglob("*")) == []


# ---- 7. concurrent builds ----------------------------------------------------------------------


def _build_in_child(root: str) -> None:
    build(Path(root) / "seeds", Path(root) / "docs")


def test_a_second_build_waits_for_the_first(tmp_path):
    tmp = project(tmp_path, None, **{"council.txt": STORY, "other.txt": OTHER})
    ctx = multiprocessing.get_context("fork")
    with project_lock(tmp):
        child = ctx.Process(target=_build_in_child, args=(str(tmp),))
        child.start()
        child.join(3)
        assert child.is_alive()  # waiting for the lock
        assert not (tmp / "dossier.lock").exists()
    child.join(120)
    assert child.exitcode == 0
    children = [ctx.Process(target=_build_in_child, args=(str(tmp),)) for _ in range(3)]
    (tmp / "dossier.lock").unlink()
    for c in children:
        c.start()
    for c in children:
        c.join(120)
    lines = (tmp / "dossier.lock").read_text("utf-8").splitlines()
    assert len(lines) == len(set(lines)) == len(registry.parse((tmp / "dossier.lock").read_bytes()).entries)


def test_the_pathological_benchmark_runs_and_its_pages_stay_proportionate():
    """benchmarks/pathological.py on its smallest size (figures are the benchmark's job, not a test's)."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    run = subprocess.run(
        [
            sys.executable,
            "benchmarks/pathological.py",
            "--kinds",
            "dense,nested",
            "--max-kb",
            "50",
            "--no-mib",
        ],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    rows = json.loads(run.stdout.strip().splitlines()[-1])["rows"]
    assert [(r["kind"], r["kb"]) for r in rows] == [("dense", 50), ("nested", 50)]
    for r in rows:
        assert r["exit"] == 0 and r["seed_bytes"] > 45_000
        # Each quote's page shows a window, not the paragraph: bytes written stay a small multiple.
        assert r["docs_ratio"] < 100


def test_look_alike_names_are_found_and_other_scripts_are_left_alone():
    from dossier.link.confusables import mixed_script_names
    from dossier.model import Person

    people = [
        Person(id="pop-opo", name="Pop Opo"),
        Person(
            id="person-1", name="\u0420\u043e\u0440 \u041e\u0440\u043e"
        ),  # all Cyrillic, looks like Pop Opo
        Person(id="jose", name="Jos\u00e9 \u00d1\u00fa\u00f1ez"),
        Person(id="person-2", name="\u5c71\u7530\u305f\u308d\u3046"),  # Han and kana: one Japanese name
    ]
    problems = mixed_script_names(people)
    assert [p.id for p, _ in problems] == ["person-1"] and "'Pop Opo'" in problems[0][1]
