"""Bounded fuzz run of read -> extract -> link -> write on generated hostile text.

    .venv/bin/python benchmarks/fuzz.py --seconds 60

Hypothesis generates seeds mixing news-like sentences, quotation marks, names, cues and
payloads (HTML, Markdown, pymdown, YAML, control characters), as .txt and .md (with front
matter). Every example must: read without a non-SeedError exception, keep paragraph and
quote offsets valid (quote.text == raw[start:end], quotes disjoint), render pages whose
front matter is a YAML mapping and whose Markdown (site extensions) holds no payload tag,
event handler or javascript:/data: link. Runs batches until the time budget is spent and
prints the number of examples per second; exits 1 on the first failure (Hypothesis prints
the shrunk input).
"""

from __future__ import annotations

import argparse
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import markdown
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dossier.errors import SeedError  # noqa: E402
from dossier.extract import extract  # noqa: E402
from dossier.link.linker import link  # noqa: E402
from dossier.read.article import read_text  # noqa: E402
from dossier.write import render_site  # noqa: E402

EXTENSIONS = ["admonition", "tables", "toc", "attr_list", "md_in_html", "pymdownx.mark", "pymdownx.caret"]
PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<iframe src=//e.example></iframe>",
    "[x](javascript:alert(1))",
    "![i](data:text/html,x)",
    "<javascript:alert(1)>",
    "<!-- c -->",
    "{{ x }}",
    "{% y %}",
    "---",
    "...",
    ": k",
    "- item",
    "# h",
    "> q",
    "1. n",
    "| a | b |",
    "==m==",
    "^^i^^",
    ":smile:",
    "--8<-- 'f'",
    "`c`",
    "!!! note",
    "{: onclick=alert(1) }",
    "\x00",
    "\x1b",
    "\u2028",
    "\ufeff",
    "&amp;",
    "&#60;",
    "\\",
]
WORDS = ["said", "says", "told", "wrote", "tweeted", "Jane Roe", "John Doe", "Mr. Smith", "she", "he", "the"]
WORDS += ["senator", "on Monday", "April 27, 2018", "vote", "I", "we", "it", ".", ",", "Legend", "West"]
MARKS = ['"', "“", "”", "'", "‘", "’", "«", "»", "—", ":", "\n", "\n\n", "\r\n", "\r", " ", "\t"]
TOKEN = st.sampled_from(PAYLOADS + WORDS + MARKS) | st.text(max_size=6)
BODY = st.lists(TOKEN, max_size=80).map(lambda xs: " ".join(xs))
FRONT = st.dictionaries(
    st.sampled_from(["title", "author", "date", "url", "outlet", "dek", "extra"]),
    st.sampled_from(PAYLOADS + ["javascript:alert(1)", "https://example.org/a", "2019-05-01", "x"]),
    max_size=4,
)


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "iframe", "img", "object", "embed", "svg", "style", "del", "ins", "hr", "pre"):
            self.bad.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.bad.append(f"{tag} {name}")
            if value and value.strip().lower().startswith(("javascript:", "data:")):
                self.bad.append(f"{tag} {name}={value}")


def check(body: str, front: dict, as_md: bool) -> None:
    text = f"---\n{yaml.safe_dump(front, allow_unicode=True)}---\n{body}" if as_md else body
    try:
        article = read_text(text, "fuzz", "fuzz.md" if as_md else "fuzz.txt", markdown=as_md)
    except SeedError:
        return  # a clear, file-naming error is an acceptable outcome
    raw = article.raw
    for p in article.paragraphs:
        assert 0 <= p.start < p.end <= len(raw) and raw[p.start : p.end].strip() == raw[p.start : p.end]
    if not article.paragraphs:
        return
    ex = extract(article)
    last = -1
    for q in sorted(ex.quotes, key=lambda q: q.start):
        assert 0 <= q.start <= q.end <= len(raw) and q.text == raw[q.start : q.end], q
        assert q.start >= last, "quotes overlap"
        last = q.end
    pages = render_site(link([article], {article.id: ex}))
    for path, data in pages.items():
        if not path.endswith(".md"):
            continue
        page = data.decode("utf-8")
        head, md = page[4:].split("\n---\n", 1)
        assert isinstance(yaml.safe_load(head), dict), path
        tags = Tags()
        tags.feed(markdown.markdown(md, extensions=EXTENSIONS))
        assert not tags.bad, (path, tags.bad)


def run(seconds: float, batch: int = 50) -> int:
    """Run batches until the budget is spent; returns the number of examples tried."""
    strategy = given(body=BODY, front=FRONT, as_md=st.booleans())
    test = settings(
        max_examples=batch, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )(strategy(check))
    done, t0 = 0, time.monotonic()
    while time.monotonic() - t0 < seconds:
        test()
        done += batch
    return done


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=60, help="time budget (default 60)")
    args = ap.parse_args()
    t0 = time.monotonic()
    try:
        n = run(args.seconds)
    except Exception as exc:  # Hypothesis has already printed the falsifying example
        print(f"fuzz: FAILED: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    spent = time.monotonic() - t0
    print(f"fuzz: {n} examples in {spent:.1f} s ({n / spent:.1f} examples/s), no failure")
    return 0


if __name__ == "__main__":
    sys.exit(main())
