"""The figures of an article: each number that may be a fact, as written, with its value; two
numbers joined ("2 à 2,5 %", "25 to 30", "12,06 % à 8 %") read as a range, a spread over
units, or the two ends of a change. Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..checks.numbers import Found, numbers
from .cues import Cues, ending, found
from .passages import Passage
from .skipped import Skipped, merge, skip

PERCENT = re.compile(r"[ \u00a0\u202f]?%(?:[ ]?/[ ]?(?:an|year)\b)?")
JOIN = re.compile(r"\s*(?:à|au|-|–|to)\s*$", re.IGNORECASE)
JOIN_BETWEEN = re.compile(r"\s*(?:et|and)\s*$", re.IGNORECASE)
BETWEEN = re.compile(r"(?:entre|between)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Figure:
    """A figure as written, text[start:end], and how it reads.

    `kind` is "value", "range" (value to value_max), "spread" (min to max over units) or
    "from"/"to" (the two ends of a change "de 12,06 % à 8 %", each its own figure).
    """

    start: int
    end: int
    value: Decimal
    value_max: Decimal | None = None
    kind: str = "value"
    percent: bool = False


@dataclass(frozen=True)
class Reading:
    """What the drafter found among the numbers of a text: figures and skipped numbers."""

    figures: tuple[Figure, ...]
    skipped: tuple[Skipped, ...]


def _value(number: Found) -> Decimal:
    assert number.value is not None
    return max(number.values) if len(number.values) > 1 else number.value


def _end(text: str, number: Found) -> tuple[int, bool]:
    """Where the figure of `number` ends (after its % sign), and whether it has one."""
    match = PERCENT.match(text, number.span[1])
    return (match.end(), True) if match else (number.span[1], False)


def _pair(text: str, first: Found, second: Found) -> bool:
    """True when `first` and `second` are joined as "X à Y", "X-Y", "entre X et Y"."""
    gap = text[_end(text, first)[0] : second.span[0]]
    if JOIN.fullmatch(gap):
        return True
    return bool(JOIN_BETWEEN.fullmatch(gap) and BETWEEN.search(text[: first.span[0]]))


def _joined(passage: Passage, cues: Cues, first: Found, second: Found) -> list[Figure]:
    """Two joined numbers: a change (two figures), a spread or a range."""
    text, lang = passage.text, cues.lang(passage.lang)
    a, b = _value(first), _value(second)
    end_a, pct_a = _end(text, first)
    end_b, pct_b = _end(text, second)
    start = first.span[0]
    clause = passage.clause(start)
    from_cue = ending(lang.words("from_to"), text[clause[0] : start], cues.fillers)
    if a > b or from_cue:
        return [
            Figure(start, end_a, a, kind="from", percent=pct_a or pct_b),
            Figure(second.span[0], end_b, b, kind="to", percent=pct_b),
        ]
    before = text[clause[0] : start]
    kind = "spread" if found(lang.words("distributive"), before) else "range"
    return [Figure(start, end_b, a, b, kind, pct_b)]


def read(passage: Passage, original: str, cues: Cues) -> Reading:
    """The figures and skipped numbers of a text (`original`: the text as in the file)."""
    lang = cues.lang(passage.lang)
    kept: list[Found] = []
    skipped: list[Skipped] = []
    for number in numbers(original, passage.lang):
        why = skip(number, passage, lang, cues.fillers)
        if why is None:
            kept.append(number)
        else:
            skipped.append(why)
    figures: list[Figure] = []
    index = 0
    while index < len(kept):
        number = kept[index]
        following = kept[index + 1] if index + 1 < len(kept) else None
        if following is not None and _pair(passage.text, number, following):
            figures += _joined(passage, cues, number, following)
            index += 2
            continue
        end, percent = _end(passage.text, number)
        figures.append(Figure(number.span[0], end, _value(number), percent=percent))
        index += 1
    return Reading(tuple(figures), tuple(merge(skipped, passage.text)))
