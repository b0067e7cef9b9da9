"""A seed's date: front matter, else its text, else a date in its file name."""

from __future__ import annotations

import pytest

from dossier.publish.build import build
from dossier.read.article import read_article, read_text
from dossier.read.dates import date_in_file_name

UNDATED = (
    "Mayor Opens New Bridge\n\n"
    'Mayor Ann Lee opened the bridge on Friday. "It took us nine years," Lee said.\n'
    "The council voted for it last week and again on Monday.\n"
)


@pytest.mark.parametrize(
    ("stem", "date"),
    [
        ("2016-10-25-trump-rally", "2016-10-25"),
        ("20161025_trump_rally", "2016-10-25"),
        ("breitbart_2015-11-11_the-ninth-circle", "2015-11-11"),
        ("rally-2016-02-29", "2016-02-29"),
        ("2015-02-29-not-a-leap-year", None),  # no such day: no date
        ("2016-13-01-no-month-13", None),
        ("id-120161025999", None),  # digits run on: part of a number, not a date
        ("000_35de9ac7b62baea6", None),
        ("trump-rally", None),
    ],
)
def test_date_in_file_name(stem, date):
    assert date_in_file_name(stem) == date


def test_file_name_dates_an_undated_article_and_resolves_its_relative_dates(tmp_path):
    path = tmp_path / "2016-10-25-bridge.txt"  # a Tuesday
    path.write_text(UNDATED, "utf-8")
    a = read_article(path)
    assert (a.meta.date, a.meta.date_inferred, a.meta.date_basis) == ("2016-10-25", False, "file name")
    resolved = {d.text: d.value for d in a.dates}
    assert resolved["Friday"] == "2016-10-21"
    assert resolved["Monday"] == "2016-10-24"


def test_front_matter_and_byline_win_over_the_file_name():
    fm = "---\ndate: 2019-05-01\n---\n" + UNDATED
    a = read_text(fm, "2016-10-25-bridge", markdown=True)
    assert (a.meta.date, a.meta.date_basis) == ("2019-05-01", "front matter")
    byline = UNDATED.replace("\n\n", "\n\nBy Jo Writer Mar 3, 2017 5:25 PM\n\n", 1)
    a = read_text(byline, "2016-10-25-bridge")
    assert (a.meta.date[:10], a.meta.date_basis) == ("2017-03-03", "byline")


def test_no_date_anywhere_stays_unknown():
    a = read_text(UNDATED, "bridge")
    assert a.meta.date is None
    assert all(d.value is None for d in a.dates)


def test_the_pages_say_where_the_date_came_from_once(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "2016-10-25-bridge.txt").write_text(UNDATED, "utf-8")
    build(seeds, tmp_path / "docs")
    article = (tmp_path / "docs/articles/2016-10-25-bridge.md").read_text("utf-8")
    assert "25 October 2016 (from the file name)" in article
    assert "inferred" not in article.split("---", 2)[2]  # the article's own date is not a guess
    timeline = (tmp_path / "docs/timeline.md").read_text("utf-8")
    assert "## 21 October 2016" in timeline  # "on Friday", resolved
    person = (tmp_path / "docs/people/ann-lee.md").read_text("utf-8")
    body = person.split("---", 2)[2]
    # The quote is dated by the "Friday" before it in its paragraph: a date from the text.
    assert "21 October 2016" in body and "inferred" not in body


def test_inferred_is_said_once_per_page_not_on_every_line(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    text = (
        UNDATED.replace("on Friday", "at the river")
        + '"We are proud of it," Lee said. "It is ours," she added.\n'
    )
    (seeds / "2016-10-25-bridge.txt").write_text(text, "utf-8")
    build(seeds, tmp_path / "docs")
    for page in ("people/ann-lee.md", "quotes/index.md", "index.md"):
        body = (tmp_path / "docs" / page).read_text("utf-8").split("---", 2)[2]
        assert body.count("25 October 2016") >= 2, page  # several quotes dated by their article
        assert "(inferred)" not in body, page
        assert body.count("earliest article") == 1, page
