"""Dates in news text: explicit ("Apr 26, 2018 5:25 PM"), partial ("April 27"),
and relative ("Wednesday", "Thursday morning", "yesterday"), resolved to ISO dates.

Resolution needs a reference: the article's publication date for relative words,
and the years of other dates in the text for a month-day with no year. Anything
not written out in full is marked ``inferred`` with the basis in words.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re

from ..model import DateMention

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}  # fmt: skip
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTH_NAMES = [name for name in MONTHS if len(name) > 4 or name in ("may", "june", "july")]  # full names

_MONTH = r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_TIME = r"(?:,?\s+(?:at\s+)?(?P<hour>\d{1,2}):(?P<minute>\d{2})\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?)?"
# "Apr 26, 2018 5:25 PM" — the time may have page debris glued on ("PMTags"),
# so nothing is required after the AM/PM.
MONTH_DAY_YEAR = re.compile(
    r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,\s*|\s+)(?P<year>(?:19|20)\d{2})\b" + _TIME
)
DAY_MONTH_YEAR = re.compile(r"\b(?P<day>\d{1,2})\s+" + _MONTH + r"\s+(?P<year>(?:19|20)\d{2})\b" + _TIME)
ISO_DATE = re.compile(
    r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2}))?"
)
# "Friday (April 27)", "on April 27", "April 27" — no year.
WEEKDAY_MONTH_DAY = re.compile(
    r"\b(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s*\(?\s*"
    + _MONTH
    + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b\)?(?!,?\s*(?:19|20)\d{2})"
)
MONTH_DAY = re.compile(r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?!,?\s*(?:19|20)\d{2})(?!:)")
WEEKDAY = re.compile(
    r"\b(?P<prefix>(?:last|next|this|on|since|until)\s+)?(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?P<part>\s+(?:morning|afternoon|evening|night))?\b"
)
RELATIVE = re.compile(
    r"\b(?P<word>yesterday|today|tonight|this morning|this afternoon|this evening|last night)\b", re.I
)


def _hour24(hour: int, ampm: str | None) -> int:
    if not ampm:
        return hour
    pm = ampm.lower().startswith("p")
    if hour == 12:
        return 12 if pm else 0
    return hour + 12 if pm else hour


def _iso(year: int, month: int, day: int, hour: int | None = None, minute: int | None = None) -> str | None:
    try:
        d = dt.date(year, month, day)
    except ValueError:
        return None
    if hour is None or minute is None or not (0 <= hour < 24 and 0 <= minute < 60):
        return d.isoformat()
    return f"{d.isoformat()}T{hour:02d}:{minute:02d}"


def _month_number(text: str) -> int:
    key = text.lower().rstrip(".")
    return MONTHS.get(key) or MONTHS[key[:3]]


def _explicit(m: re.Match) -> str | None:
    g = m.groupdict()
    month = int(g["month"]) if g["month"].isdigit() else _month_number(g["month"])
    hour = minute = None
    if g.get("hour") is not None:
        hour = _hour24(int(g["hour"]), g.get("ampm"))
        minute = int(g["minute"])
    return _iso(int(g["year"]), month, int(g["day"]), hour, minute)


def parse_date_text(text: str) -> str | None:
    """Parse the first explicit, complete date in ``text`` (for bylines and front matter)."""
    best: re.Match | None = None
    for rx in (MONTH_DAY_YEAR, DAY_MONTH_YEAR, ISO_DATE):
        m = rx.search(text)
        if m and (best is None or m.start() < best.start()):
            best = m
    return _explicit(best) if best else None


# A date in a seed's file name: "2016-10-25-trump-rally", "20161025_rally". Digits on either
# side would make it part of a longer number (an id, a timestamp), which is no date.
FILE_NAME_DATE = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d{2})(?P<sep>-?)(?P<month>\d{2})(?P=sep)(?P<day>\d{2})(?!\d)"
)


def date_in_file_name(stem: str) -> str | None:
    """The first valid calendar date written YYYY-MM-DD or YYYYMMDD in a file name, as ISO."""
    for m in FILE_NAME_DATE.finditer(stem):
        if value := _iso(int(m["year"]), int(m["month"]), int(m["day"])):
            return value
    return None


def _year_for_weekday(month: int, day: int, weekday: int, years: list[int]) -> int | None:
    """The year, closest to the text's explicit years, in which month/day falls on weekday."""
    if not years:
        return None
    anchor = max(years)
    for delta in (0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6):
        y = anchor + delta
        try:
            if dt.date(y, month, day).weekday() == weekday:
                return y
        except ValueError:
            continue
    return None


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in taken)


_DAY_BEFORE = re.compile(r"(\d{1,2})\s+$")
_PREFIX_BEFORE = re.compile(r"(?:^|\s)(last|next|this|on|since|until)\s+$")
WEEKDAY_AT = re.compile(
    r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?P<part>\s+(?:morning|afternoon|evening|night))?\b"
)


# One pass led by a class of capitals (which the regex engine scans fast) finds where a
# month, weekday or capitalised relative word may start; lower-case relative words are
# found with str.find. The full patterns are then tried only at those places.
_ANCHOR = re.compile(
    r"[JFMASONDTWYL](?=an|eb|ar|pr|ay|un|ul|ug|ep|ct|ov|ec|onday|uesday|ednesday|hursday|riday|aturday|unday"
    r"|esterday|oday|onight|his (?:morning|afternoon|evening)|ast night)"
    r"|(?<![\d-])(?:19|20)\d\d-\d\d-\d\d"
)
_LOWER_WORDS = (
    "yesterday",
    "today",
    "tonight",
    "this morning",
    "this afternoon",
    "this evening",
    "last night",
)


def _anchors(raw: str, spans: list[tuple[int, int]]) -> list[int]:
    starts = [s for s, _ in spans]
    found = [m.start() for m in _ANCHOR.finditer(raw)]
    for word in _LOWER_WORDS:
        i = raw.find(word)
        while i != -1:
            found.append(i)
            i = raw.find(word, i + 1)
    out = []
    for pos in sorted(found):
        if pos and raw[pos - 1].isalnum():
            continue
        k = bisect.bisect_right(starts, pos) - 1
        if k >= 0 and pos < spans[k][1]:
            out.append(pos)
    return out


def _within(spans: list[tuple[int, int]], starts: list[int], s: int, e: int) -> bool:
    k = bisect.bisect_right(starts, s) - 1
    return k >= 0 and e <= spans[k][1]


def find_dates(raw: str, spans: list[tuple[int, int]], reference: str | None = None) -> list[DateMention]:
    """Find date expressions in the given spans of raw text.

    ``reference`` is the article's publication date (ISO), used for relative words.
    Returns mentions sorted by position; ``value`` is None when a date cannot be resolved.
    """
    spans = sorted(spans)
    starts = [s for s, _ in spans]
    anchors = _anchors(raw, spans)
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def keep(m: re.Match | None, s: int | None = None) -> tuple[int, int] | None:
        if not m:
            return None
        s = m.start() if s is None else s
        e = m.end()
        if _overlaps(taken, s, e) or not _within(spans, starts, s, e):
            return None
        taken.append((s, e))
        return s, e

    for pos in anchors:  # complete dates first: they give the years for the rest
        day = _DAY_BEFORE.search(raw, max(0, pos - 4), pos)
        for m in (MONTH_DAY_YEAR.match(raw, pos), DAY_MONTH_YEAR.match(raw, day.start()) if day else None):
            if hit := keep(m):
                found.append(DateMention(*hit, raw[hit[0] : hit[1]], _explicit(m), False, "written in full"))
                break
        else:
            if raw[pos].isdigit() and (hit := keep(ISO_DATE.match(raw, pos))):
                found.append(
                    DateMention(
                        *hit,
                        raw[hit[0] : hit[1]],
                        _explicit(ISO_DATE.match(raw, pos)),
                        False,
                        "written in full",
                    )
                )
    years = sorted({int(d.value[:4]) for d in found if d.value})
    if reference:
        years.append(int(reference[:4]))
    ref = dt.date.fromisoformat(reference[:10]) if reference else None
    for pos in anchors:
        if _overlaps(taken, pos, pos + 1):
            continue
        if hit := keep(m := WEEKDAY_MONTH_DAY.match(raw, pos)):
            month, day = _month_number(m["month"]), int(m["day"])
            year = _year_for_weekday(month, day, WEEKDAYS.index(m["weekday"].lower()), years)
            value = _iso(year, month, day) if year else None
            basis = "year from the weekday and the text's other dates"
            found.append(DateMention(*hit, raw[hit[0] : hit[1]], value, True, basis))
        elif hit := keep(m := MONTH_DAY.match(raw, pos)):
            month, day = _month_number(m["month"]), int(m["day"])
            year = ref.year if ref else (max(years) if years else None)
            value = _iso(year, month, day) if year and 1 <= day <= 31 else None
            found.append(DateMention(*hit, raw[hit[0] : hit[1]], value, True, "year from the article date"))
        elif hit := keep(m := WEEKDAY_AT.match(raw, pos)):
            value = None
            if ref:
                weekday = WEEKDAYS.index(m["weekday"].lower())
                back = (ref.weekday() - weekday) % 7
                before = _PREFIX_BEFORE.search(raw, max(0, pos - 7), pos)
                prefix = before.group(1) if before else ""
                if prefix == "next":
                    delta = (weekday - ref.weekday()) % 7 or 7
                elif prefix == "last":
                    delta = -(back or 7)
                else:  # news narrates the past: the latest such weekday on or before the article
                    delta = -back
                value = (ref + dt.timedelta(days=delta)).isoformat()
            found.append(
                DateMention(*hit, raw[hit[0] : hit[1]], value, True, "weekday relative to the article date")
            )
        elif hit := keep(m := RELATIVE.match(raw, pos)):
            value = None
            if ref:
                shift = -1 if m["word"].lower() in ("yesterday", "last night") else 0
                value = (ref + dt.timedelta(days=shift)).isoformat()
            found.append(DateMention(*hit, raw[hit[0] : hit[1]], value, True, "relative to the article date"))
    return sorted(found, key=lambda d: d.start)
