"""The manifest is written by hand (output.manifest_text) exactly as json.dumps would write it."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.publish.output import manifest_text


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(), st.text(), max_size=20))
def test_manifest_text_is_json_dumps(files):
    want = json.dumps({"version": 1, "files": dict(sorted(files.items()))}, indent=1, sort_keys=True) + "\n"
    assert manifest_text(files) == want
    assert json.loads(manifest_text(files)) == {"version": 1, "files": files}


def test_sync_keeps_listed_files_writes_new_ones_and_refuses_a_kept_file_the_manifest_disagrees_with(
    tmp_path,
):
    """``kept`` files stay listed as they are; a page written now is not kept; a listed file
    neither written nor kept is deleted; a kept file whose hash is not the manifest's (another
    build wrote the manifest meanwhile) is an error before anything is written."""
    import pytest

    from dossier.errors import DossierError
    from dossier.publish.output import digest, load_manifest, sync

    docs = tmp_path / "docs"
    first = {"a/one.md": b"one\n", "a/two.md": b"two\n", "b/three.md": b"three\n"}
    sync(docs, first)
    listed = load_manifest(docs)
    report = sync(docs, {"a/two.md": b"two, again\n", "c/four.md": b"four\n"}, kept=dict(listed))
    assert sorted(report.written) == ["a/two.md", "c/four.md"] and report.removed == []
    now = load_manifest(docs)
    assert now == {**listed, "a/two.md": digest(b"two, again\n"), "c/four.md": digest(b"four\n")}
    report = sync(docs, {}, kept={"a/one.md": listed["a/one.md"], "c/four.md": now["c/four.md"]})
    assert sorted(report.removed) == ["a/two.md", "b/three.md"] and not (docs / "b").exists()
    assert set(load_manifest(docs)) == {"a/one.md", "c/four.md"}
    with pytest.raises(DossierError, match="changed during the build"):
        sync(docs, {"d/five.md": b"five\n"}, kept={"a/one.md": digest(b"other\n")})
    assert not (docs / "d").exists() and (docs / "a" / "one.md").read_bytes() == b"one\n"


def test_a_sync_in_the_same_process_changes_the_manifests_lines_as_a_whole_write_would(tmp_path):
    """A sync after this process's last one splices the lines of the files it wrote or removed into
    the text it wrote last (``_ManifestLines``): after random edits the file is byte for byte
    ``manifest_text`` of what it lists, and lists what is in docs/."""
    import random

    from dossier.publish import output
    from dossier.publish.output import MANIFEST, digest, load_manifest, sync

    rng = random.Random(19)
    docs = tmp_path / "docs"
    # Names that sort differently once JSON-escaped (non-ASCII, a quote, a space), in several folders.
    names = [
        f"{folder}/{stem}{n}.md"
        for folder in ("a", "b/c", "é")
        for stem in ('x"', "Ü", "a b")
        for n in range(6)
    ]
    want: dict[str, bytes] = {}
    for round_ in range(40):
        pages = {}
        for rel in rng.sample(names, rng.randint(1, 8)):
            if rel in want and rng.random() < 0.4:
                del want[rel]  # removed: neither written nor kept
            else:
                pages[rel] = want[rel] = f"{rel} {round_}\n".encode()
        listed = load_manifest(docs)
        kept = {rel: listed[rel] for rel in want if rel not in pages}
        sync(docs, pages, kept=kept)
        text = (docs / MANIFEST).read_text("utf-8")
        files = json.loads(text)["files"]
        assert files == {rel: digest(data) for rel, data in want.items()}
        assert text == manifest_text(files), round_
        if round_:  # the text was spliced, not made whole
            assert output._known(docs).lines is not None
