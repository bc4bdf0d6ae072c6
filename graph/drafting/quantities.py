"""How a figure reads: its unit (from the words after it) and its qualifier (from the hedge
before it). Each guess comes with its reason, in the curator's terms. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from .cues import Cues, ending, found, starting
from .figures import Figure
from .passages import Passage, words_after, words_before

UNIT_WINDOW = (
    4  # words after a figure where its unit may stand ("809 centralized domestic water works")
)
ELLIPSIS = re.compile(r"(?:,|\bet|\band)\s+(?:de\s+|d'|by\s+)?$", re.IGNORECASE)
OF_NUMBER = re.compile(r"^\s*(?:des|sur|of|out of)\s+[\d\s]+", re.IGNORECASE)


@dataclass(frozen=True)
class Guess:
    """A guessed value and why."""

    value: str
    reason: str


def _after(passage: Passage, figure: Figure) -> str:
    clause = passage.clause(figure.start)
    after = words_after(passage.text, figure.end, clause[1], UNIT_WINDOW + 2)
    return OF_NUMBER.sub(" ", after)  # "18 des 20 objectifs": the unit after the second


def unit(
    passage: Passage,
    figure: Figure,
    cues: Cues,
    labels: Mapping[str, tuple[str, ...]],
    reduction: str | None,
    per_year: str | None,
) -> Guess:
    """The unit of `figure`; `labels` are the units' labels in the text's language,
    `reduction` and `per_year` the cues before a figure in %, if any."""
    if figure.percent:
        return _percent(reduction, per_year)
    lang = cues.lang(passage.lang)
    text = passage.text
    written = text[figure.start : figure.end]
    after = _after(passage, figure)
    currency = found(lang.words("currency"), words_after(text, figure.end, len(text), 3))
    if currency and (
        found(lang.words("scale_only"), written) or starting(lang.words("currency"), after)
    ):
        return Guess("vnd", f"'{currency[0][0].strip()}' after the figure")
    just_before = ending(lang.words("currency"), text[max(0, figure.start - 12) : figure.start])
    if just_before:
        return Guess("vnd", f"'{just_before}' before the figure")
    words = {token: (*labels.get(token, ()), *ws) for token, ws in lang.mapped("units").items()}
    for token, ws in labels.items():
        words.setdefault(token, ws)
    best = _first_unit(after, words)
    if best is not None:
        return Guess(best[0], f"'{best[1]}' after the figure")
    if found(lang.words("scale_only"), written):
        sentence = passage.sentence(figure.start)
        if sentence and found(lang.words("currency"), text[sentence.start : sentence.end]):
            return Guess("vnd", "a scale word and no unit; the sentence's other amounts are in VND")
    return Guess("", "CHECK: no unit after the figure")


def _first_unit(after: str, words: Mapping[str, tuple[str, ...]]) -> tuple[str, str] | None:
    """The unit whose word comes first after the figure, within UNIT_WINDOW words."""
    window = words_after(after, 0, len(after), UNIT_WINDOW)
    hits = []
    for token, ws in words.items():
        for match in found(ws, window):
            hits.append((match.start(), -len(match[0]), token, match[0]))
    if not hits:
        return None
    _, _, token, word = min(hits)
    return token, word


def _percent(reduction: str | None, per_year: str | None) -> Guess:
    if reduction is None:
        return Guess("percent", "'%' after the figure")
    if per_year is not None:
        return Guess(
            "percentage_point_per_year", f"a fall in % ('{reduction}') per year ('{per_year}')"
        )
    return Guess("percentage_point", f"a fall in % ('{reduction}') with no yearly cue")


def reduction_cue(passage: Passage, figure: Figure, cues: Cues) -> str | None:
    """The reduction word before a figure in % ("réduit chaque année de 2,95 %"), if any; none
    for the ends of a change ("passé de 57,2 % à 64 %") or a level ("diminué à 12,86 %")."""
    if not figure.percent or figure.kind in ("from", "to"):
        return None
    lang = cues.lang(passage.lang)
    clause = passage.clause(figure.start)
    before = words_before(passage.text, figure.start, clause[0], cues.reduction_window)
    hits = found(lang.words("reduction"), before)
    if not hits:
        return None
    if re.search(r"\s(?:à|to)\s*$", before, re.IGNORECASE):
        return None  # "a diminué à 12,86 %": the level reached, not the fall
    between = before[hits[-1].end() :]
    if found(lang.words("from_to"), between):
        return None  # "a diminué, passant de 12,2 %": the level it fell from
    if re.search(r"\d", between) and not ELLIPSIS.search(between):
        return None  # "cut by 4-5 % and bring it below 15 %": the cue is the other figure's
    return hits[-1][0]


def per_year_cue(passage: Passage, figure: Figure, cues: Cues) -> str | None:
    """A yearly cue in the figure's clause ("chaque année", "par an", "%/an"), if any."""
    clause = passage.clause(figure.start)
    hits = found(cues.lang(passage.lang).words("per_year"), passage.text[clause[0] : clause[1]])
    return hits[0][0] if hits else None


def qualifier(passage: Passage, figure: Figure, cues: Cues) -> Guess:
    """The qualifier: a hedge right before the figure, a range, an average in the clause."""
    if figure.kind == "range":
        return Guess("range", "two values joined ('à', '-', 'to'): an uncertain range")
    lang = cues.lang(passage.lang)
    clause = passage.clause(figure.start)
    before = passage.text[clause[0] : figure.start]
    currency = ending(lang.words("currency"), before)
    if currency:  # "nearly VND 97 billion"
        before = before[: before.lower().rfind(currency.lower())]
    for token, ws in lang.mapped("qualifiers").items():
        hedge = ending(ws, before, cues.fillers)
        if hedge is not None and _longest(hedge, before, lang.mapped("qualifiers"), cues):
            return Guess(token, f"'{hedge.strip()}' before the figure")
    average = found(lang.words("average"), passage.text[clause[0] : clause[1]])
    if average:
        return Guess("on_average", f"'{average[0][0]}' in the clause")
    return Guess("exact", "no hedge before the figure")


def _longest(
    hedge: str, before: str, qualifiers: Mapping[str, tuple[str, ...]], cues: Cues
) -> bool:
    """True when no other qualifier's phrase ends `before` with a longer match."""
    for ws in qualifiers.values():
        other = ending(ws, before, cues.fillers)
        if other is not None and len(other) > len(hedge) and other.lower().endswith(hedge.lower()):
            return False
    return True
