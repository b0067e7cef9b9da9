"""Properties of read and extract on arbitrary text, and a short bounded fuzz run of the pipeline."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossier.errors import SeedError
from dossier.extract import extract
from dossier.read.article import read_text

FUZZ = Path(__file__).resolve().parent.parent / "benchmarks" / "fuzz.py"
PIECES = list("ab CD.,:\"“”'’«»\n\r\t\x00\ufeff\u2028-—#>|<&") + ["said", "---\n", "Jane Roe", "<script>"]
TEXT = st.text(st.characters(codec="utf-8"), max_size=400) | st.lists(
    st.sampled_from(PIECES), max_size=120
).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=TEXT, as_md=st.booleans())
def test_read_and_extract_keep_offsets_valid_on_any_text(text, as_md):
    try:
        article = read_text(text, "prop", "prop.md" if as_md else "prop.txt", markdown=as_md)
    except SeedError:
        return  # bad front matter: a clear error naming the file is the expected outcome
    raw = article.raw
    for p in article.paragraphs:
        assert 0 <= p.start < p.end <= len(raw)
        assert raw[p.start : p.end] == raw[p.start : p.end].strip() != ""
    ex = extract(article)
    end = -1
    for q in sorted(ex.quotes, key=lambda q: q.start):
        assert 0 <= q.start <= q.end <= len(raw)
        assert q.text == raw[q.start : q.end]
        assert q.start >= end  # quotes are disjoint
        end = q.end


def test_bounded_fuzz_run_of_read_extract_write():
    spec = importlib.util.spec_from_file_location("dossier_fuzz", FUZZ)
    fuzz = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fuzz)
    assert fuzz.run(seconds=10) >= 50  # raises (with Hypothesis' shrunk example) on any failure
