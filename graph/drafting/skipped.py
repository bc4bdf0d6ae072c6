"""Numbers of an article that are not facts, and why: years, dates, ordinals, vague quantities,
labels, durations, page furniture. Pure.

`skip(number, ...)` says why one number is no figure (None when it may be one), with the few
words that show it ("Project 4", "cinq ans"), as a curator lists them in seeds/exclusions.yaml;
`merge` joins neighbouring skipped numbers ("dizaines de milliers") into one entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..checks.numbers import Found
from .cues import Language, ending, starting
from .passages import WORD, Passage, words_after, words_before

# Numbers the source check ignores by itself: no exclusion needed.
IGNORED = {
    "year": "a year: read as a period, not a figure",
    "ordinal": "an ordinal (13e, 1st): a rank, not a quantity",
    "date": "a day of a date",
    "compound": "part of a compound word (2-level): a name, not a quantity",
    "percent sign": "'cent' of 'pour cent': part of a percent sign",
}
NAME_BEFORE = re.compile(r"([^\W\d_][\w'-]*)\s+$")


@dataclass(frozen=True)
class Skipped:
    """A number (or a run of them) that is no fact: where, the words that show it, and why."""

    start: int
    end: int
    text: str
    reason: str
    ignored: bool = False  # the source check ignores it without an exclusion


def skip(
    number: Found, passage: Passage, cues: Language, fillers: tuple[str, ...]
) -> Skipped | None:
    """Why `number` is not a figure to draft, or None when it may be one."""
    start, end = number.span
    text = passage.text
    if number.ignored:
        why = IGNORED.get(number.ignored, number.ignored)
        return Skipped(start, end, text[start:end], why, ignored=True)
    if number.value is None:
        return Skipped(start, end, text[start:end], "a vague quantity with no figure")
    line = passage.paragraph(start)
    if len(WORD.findall(text[line[0] : line[1]])) <= 3:
        why = "page furniture: a line of a few words, not a sentence"
        return Skipped(line[0], line[1], text[line[0] : line[1]].strip(), why)
    before = words_before(text, start, line[0], 4)
    after = words_after(text, end, line[1], 1)
    if starting(cues.words("duration_adjectives"), after):
        after = words_after(text, end, line[1], 2)
    name = _label(before, after, number, passage, cues)
    if name is not None:
        return Skipped(start - name, end, text[start - name : end], "a number in a name or label")
    why = _duration(before, after, cues, fillers) or _article(number) or _not_fact(after, cues)
    return Skipped(start, end + len(after), text[start : end + len(after)], why) if why else None


def _label(before: str, after: str, number: Found, passage: Passage, cues: Language) -> int | None:
    """How many characters before the number its name takes ("Project 4"), or None."""
    label = ending(cues.words("label_words"), before)
    if label is not None:
        return len(before) - before.lower().rfind(label.lower())
    previous = NAME_BEFORE.search(before)
    sentence = passage.sentence(number.span[0])
    if previous is None or not previous[1][0].isupper() or sentence is None:
        return None
    if starting(cues.words("currency"), previous[1]):
        return None  # "VND 265.7 billion": the currency, not a name
    opens = passage.text[sentence.start : number.span[0]].strip() == previous[1]
    units = tuple(w for ws in cues.mapped("units").values() for w in ws)
    counts = after.lstrip().startswith("%") or starting(units, after)  # "Lung Cu 40 ménages"
    return None if opens or counts else len(before) - previous.start()


def _duration(before: str, after: str, cues: Language, fillers: tuple[str, ...]) -> str:
    adjective = starting(cues.words("duration_adjectives"), after)
    rest = after.lstrip()[len(adjective) :] if adjective else after
    if not starting(cues.words("years"), rest):
        return ""
    hedges = tuple(w for ws in cues.mapped("qualifiers").values() for w in ws)
    hedge = ending(hedges, before)
    trimmed = before[: before.lower().rfind(hedge.lower())] if hedge else before
    words = (*fillers, *cues.words("duration_adjectives"))
    if ending(cues.words("duration_before"), trimmed, words):
        return "a duration: how long, read as the period of the figures around it"
    return ""


def _article(number: Found) -> str:
    if number.value == 1 and number.text.lower() in {"one", "un", "une"}:
        return f"'{number.text}' as a word: an article or a pronoun more often than a figure"
    return ""


def _not_fact(after: str, cues: Language) -> str:
    word = starting(cues.words("not_facts"), after)
    return f"a count of {word.lower()}: no indicator of the vocabulary" if word else ""


def merge(skipped: list[Skipped], text: str) -> list[Skipped]:
    """Skipped numbers joined by 'de', 'd'' or 'of' become one entry ("dizaines de milliers")."""
    out: list[Skipped] = []
    for item in sorted(skipped, key=lambda s: s.start):
        last = out[-1] if out else None
        if last and last.start <= item.start < last.end:
            continue  # inside an entry already (the words of a line of page furniture)
        gap = text[last.end : item.start] if last else ""
        if last and last.reason == item.reason and re.fullmatch(r"\s+(?:de|d'|of)\s*", gap):
            out[-1] = Skipped(last.start, item.end, text[last.start : item.end], item.reason)
        else:
            out.append(item)
    return out
