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
