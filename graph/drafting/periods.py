"""Periods of an article: the expressions that date its figures ("entre 2021 et 2024", "fin
2024", "d'ici 2025", "since 2021", "le dernier mandat"), and the source's own date. Pure.

An expression that needs the source's date ("à aujourd'hui", "since", "par rapport à 2020",
"le dernier mandat") is resolved with it, and the reading is marked inferred. Which expression
dates which figure is graph/drafting/dating.py.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .cues import Cues, Language, found, phrases
from .passages import Passage

YEAR = r"(19[5-9]\d|20\d\d)"
SPAN_START = r"(?:(?:entre|de|du|from|between|période|period of|the period of|la période)\s+)?"
SPAN_JOIN = r"\s*(?:-|–|à|au|to|et|and)\s*"
MONTHS_FR = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
MONTHS_EN = "january february march april may june july august september october november december"
MONTHS = {m: i % 12 + 1 for i, m in enumerate((MONTHS_FR + " " + MONTHS_EN).split())}
DAY_FIRST = re.compile(rf"\b(\d{{1,2}})(?:er)?\s+({'|'.join(MONTHS)})\s+{YEAR}\b", re.IGNORECASE)
MONTH_FIRST = re.compile(rf"\b({'|'.join(MONTHS)})\s+(\d{{1,2}}),?\s+{YEAR}\b", re.IGNORECASE)
NUMERIC = re.compile(rf"\b(\d{{1,2}})[/.](\d{{1,2}})[/.]{YEAR}\b|\b{YEAR}-(\d\d)-(\d\d)\b")
DATELINE_WORDS = 12  # a stated date stands on a short line (byline, dateline)


@dataclass(frozen=True)
class Expression:
    """A period expression of the text, text[start:end], of a kind:

    year, span, end (last day of a year), by (a deadline: "d'ici 2025"), since (from a year to
    the source's date), baseline (a change since a year: "par rapport à 2020"), term (the
    term of office ending at the source's date), duration ("en cinq ans": `first` is N).
    """

    start: int
    end: int
    kind: str
    first: int
    last: int


@dataclass(frozen=True)
class SourceDate:
    """The source's date as the text gives it, or the year inferred from what it reports."""

    value: dt.date | int | None
    reason: str
    stated: bool


def _spans(text: str) -> list[Expression]:
    pattern = re.compile(rf"{SPAN_START}{YEAR}{SPAN_JOIN}{YEAR}\b", re.IGNORECASE)
    return [
        Expression(m.start(), m.end(), "span", int(m[1]), int(m[2]))
        for m in pattern.finditer(text)
        if int(m[1]) < int(m[2])
    ]


def _cued(text: str, lang: Language, name: str, kind: str, between: str = "") -> list[Expression]:
    cue = phrases(lang.words(name)).pattern
    pattern = re.compile(rf"(?:{cue})\s+{between}{YEAR}\b", re.IGNORECASE)
    return [
        Expression(m.start(), m.end(), kind, int(m[1]), int(m[1])) for m in pattern.finditer(text)
    ]


def _until_now(text: str, lang: Language) -> list[Expression]:
    cue = phrases(lang.words("until_now")).pattern
    pattern = re.compile(rf"(?:\b(?:de|from|depuis|since)\s+)?{YEAR}\s+(?:{cue})", re.IGNORECASE)
    return [Expression(m.start(), m.end(), "since", int(m[1]), 0) for m in pattern.finditer(text)]


def expressions(
    passage: Passage, cues: Cues, durations: list[tuple[int, int, int]]
) -> list[Expression]:
    """Every period expression of the text, longest first where they overlap, in text order.

    `durations` are the (start, end, years) of the durations found among the numbers.
    """
    text, lang = passage.text, cues.lang(passage.lang)
    year_of = r"(?:l'année\s+|de\s+l'année\s+|the\s+year\s+)?"
    candidates = [
        *_until_now(text, lang),
        *_spans(text),
        *_cued(text, lang, "end_of", "end", year_of),
        *_cued(text, lang, "baseline", "baseline", year_of),
        *_cued(text, lang, "by_year", "by"),
        *_cued(text, lang, "since", "since", year_of),
        *(Expression(m.start(), m.end(), "term", 0, 0) for m in found(lang.words("term"), text)),
        *(Expression(s, e, "duration", n, n) for s, e, n in durations),
        *(
            Expression(m.start(), m.end(), "year", int(m[1]), int(m[1]))
            for m in re.finditer(rf"(?<![\d/.,-]){YEAR}(?![\d/]|,\d)", text)
        ),
    ]
    kept: list[Expression] = []
    for expression in candidates:  # the order above is the priority
        if not any(e.start < expression.end and expression.start < e.end for e in kept):
            kept.append(expression)
    return sorted(kept, key=lambda e: e.start)


def resolve(
    expression: Expression, source_year: int | None, all_: list[Expression]
) -> tuple[str | None, str]:
    """The period of an expression as the YAML writes it, and the reason when it is read
    rather than stated ('' when stated); None when it cannot be resolved."""
    kind, first, last = expression.kind, expression.first, expression.last
    if kind in ("year", "by"):
        return str(first), ""
    if kind == "span":
        return f"{first}/{last}", ""
    if kind == "end":
        return f"{first}-12-31", ""
    if kind == "duration":
        spans = [e for e in all_ if e.kind == "span" and e.last - e.first + 1 == first]
        if not spans:
            return None, ""
        span = spans[0]
        return f"{span.first}/{span.last}", (
            f"{first} years: the {span.first}–{span.last} period the text gives"
        )
    if source_year is None:
        return None, ""
    if kind == "term":
        return f"{source_year - 5}/{source_year}", (
            "the last term: the five-year term ending at the source's date"
        )
    reasons = {
        "since": f"from {first} to the source's date ({source_year})",
        "baseline": f"a change since {first}, to the source's date ({source_year})",
    }
    if first >= source_year:
        return None, ""  # "depuis 2025" in a text of 2025: as of the source
    return f"{first}/{source_year}", reasons[kind]


def stated_date(text: str) -> dt.date | None:
    """A full date on a short line of the text (a dateline or byline), if any."""
    for line in text.splitlines():
        if not line.strip() or len(line.split()) > DATELINE_WORDS:
            continue
        match = DAY_FIRST.search(line)
        if match:
            return _date(int(match[3]), MONTHS[match[2].lower()], int(match[1]))
        match = MONTH_FIRST.search(line)
        if match:
            return _date(int(match[3]), MONTHS[match[1].lower()], int(match[2]))
        match = NUMERIC.search(line)
        if match and match[3]:
            return _date(int(match[3]), int(match[2]), int(match[1]))
        if match:
            return _date(int(match[4]), int(match[5]), int(match[6]))
    return None


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def source_date(
    text: str, passage: Passage, found_: list[Expression], targets: list[tuple[int, int]]
) -> SourceDate:
    """The source's date: stated on a dateline, or the latest year the text reports as past
    (`targets`: the clauses that state targets, whose years are not past)."""
    stated = stated_date(text)
    if stated is not None:
        return SourceDate(stated, "the date on a short line of the text", True)
    best, why = None, ""
    for e in found_:
        if e.kind not in ("year", "span", "end", "since") or any(
            a <= e.start < b for a, b in targets
        ):
            continue
        year = e.last + 1 if e.kind == "end" else max(e.first, e.last)
        if best is None or year > best:
            best = year
            written = passage.text[e.start : e.end]
            why = (
                f"'{written}' is past: written in {year} or later"
                if e.kind == "end"
                else f"the latest year the text reports as past is {year} ('{written}')"
            )
    if best is None:
        return SourceDate(None, "CHECK: the text gives no date and reports no past year", False)
    return SourceDate(best, f"The text carries no date; {why}.", False)
