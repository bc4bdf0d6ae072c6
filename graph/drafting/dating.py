"""When a figure holds and whether it is reached: its period (from its sentence, else none: as
of the source) and its status (target or achieved, from the cues of its clause). Pure.

A period is taken, in this order, from an expression right after the figure ("12,2 % en
2021"), the nearest one before it in its clause, one after it in the same comma-segment; a
sentence opening with a continuation cue ("Parallèlement") takes the previous sentence's, and a
paragraph whose first sentence states a period and no figure frames the paragraph: both are
marked inferred. The two ends of a change ("passé de 57,2 % à 64 %") take the first and last
periods of their sentence. Otherwise there is none: the figure holds as of the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cues import Cues, found, phrases, starting
from .figures import Figure
from .passages import Passage, words_after
from .periods import Expression, resolve
from .quantities import Guess

RIGHT_AFTER = 3  # words after a figure where its own period stands ("3,36 % fin 2024")
CLAUSE_ONLY = ("baseline",)
SEGMENT_END = re.compile(r",(?!\d)|[()]")  # a baseline dates only its own comma-segment


@dataclass(frozen=True)
class Dated:
    """A figure's period (None: as of the source), why, and whether it is read (inferred)."""

    period: str | None
    reason: str
    inferred: str = ""


def _segment(passage: Passage, position: int) -> tuple[int, int]:
    """The comma-separated part of the clause holding `position` (a decimal comma runs on)."""
    start, end = passage.clause(position)
    cuts = [m.start() for m in SEGMENT_END.finditer(passage.text, start, end)]
    left = [c + 1 for c in cuts if c < position]
    right = [c for c in cuts if c >= position]
    return (left[-1] if left else start), (right[0] if right else end)


def _own(passage: Passage, figure: Figure, found_: list[Expression]) -> Expression | None:
    clause = passage.clause(figure.start)
    after = words_after(passage.text, figure.end, clause[1], RIGHT_AFTER)
    limit = figure.end + len(after)
    return next((e for e in found_ if figure.end <= e.start < limit and e.end <= clause[1]), None)


def _in_sentence(passage: Passage, figure: Figure, found_: list[Expression]) -> Expression | None:
    own = _own(passage, figure, found_)
    if own is not None:
        return own
    clause, segment = passage.clause(figure.start), _segment(passage, figure.start)
    before = [
        e
        for e in found_
        if clause[0] <= e.start
        and e.end <= figure.start
        and (e.kind not in CLAUSE_ONLY or e.start >= segment[0])
    ]
    if before:
        return before[-1]
    return next((e for e in found_ if figure.end <= e.start and e.end <= segment[1]), None)


def _inherited(
    passage: Passage, figure: Figure, cues: Cues, found_: list[Expression], with_figures: set[int]
) -> tuple[Expression, str] | None:
    """A period from an earlier sentence of the paragraph: the previous one when this one opens
    with a continuation cue, or the first one when it states a period and holds no figure."""
    sentence = passage.sentence(figure.start)
    earlier = passage.earlier_sentences(figure.start) if sentence else []
    if sentence is None or not earlier:
        return None
    lang = cues.lang(passage.lang)
    text = passage.text[sentence.start : sentence.end]
    opening = starting(lang.words("continuation"), text)
    same = found(lang.words("same_period"), text)
    previous = [e for e in found_ if earlier[0].start <= e.start < earlier[0].end]
    if opening and previous:
        return previous[-1], f"the sentence opens with '{opening}', continuing the previous one"
    if same and previous:
        return previous[-1], f"'{same[0][0]}': the previous sentence's period"
    first = earlier[-1]
    if first.start in with_figures:
        return None
    stated = [e for e in found_ if first.start <= e.start < first.end and e.kind not in CLAUSE_ONLY]
    if stated:
        return stated[0], "the paragraph's first sentence states it, with no figure of its own"
    return None


def period(
    passage: Passage,
    figure: Figure,
    cues: Cues,
    found_: list[Expression],
    year: int | None,
    with_figures: set[int],
) -> Dated:
    """The period of `figure`; `year` is the source's, `with_figures` the starts of the
    sentences that hold a figure."""
    if figure.kind in ("from", "to"):
        dated = _change_end(passage, figure, found_, year)
        if dated is not None:
            return dated
    expression = _in_sentence(passage, figure, found_)
    if expression is not None:
        value, why = resolve(expression, year, found_)
        written = passage.text[expression.start : expression.end]
        if value is not None:
            return Dated(value, f"'{written}' in the sentence", why)
    inherited = _inherited(passage, figure, cues, found_, with_figures)
    if inherited is not None:
        expression, how = inherited
        value, why = resolve(expression, year, found_)
        if value is not None:
            written = passage.text[expression.start : expression.end]
            return Dated(
                value, f"'{written}' earlier in the paragraph", how + (f"; {why}" if why else "")
            )
    return Dated(None, "no period in the sentence: as of the source")


def _change_end(
    passage: Passage, figure: Figure, found_: list[Expression], year: int | None
) -> Dated | None:
    """The ends of a change take their own period, else the first and last of the sentence."""
    own = _own(passage, figure, found_)
    if own is not None:
        value, why = resolve(own, year, found_)
        return Dated(value, f"'{passage.text[own.start : own.end]}' after the figure", why)
    sentence = passage.sentence(figure.start)
    if sentence is None:
        return None
    inside = [
        e
        for e in found_
        if sentence.start <= e.start < sentence.end and e.kind in ("year", "span", "end")
    ]
    if not inside:
        return None
    if figure.kind == "from":
        first = inside[0]
        value = str(first.first) if first.kind == "span" else resolve(first, year, found_)[0]
        end = "start"
    else:
        last = inside[-1]
        value = str(last.last) if last.kind == "span" else resolve(last, year, found_)[0]
        end = "end"
    why = f"one end of a change with no date of its own: the {end} of the sentence's period"
    return Dated(value, "the sentence's period", why + ".")


def status(passage: Passage, figure: Figure, cues: Cues, dated: Dated, year: int | None) -> Guess:
    """target or achieved, from the cues of the figure's clause and its period."""
    lang = cues.lang(passage.lang)
    clause = passage.clause(figure.start)
    text = passage.text[clause[0] : clause[1]]
    strong = found(lang.words("target"), text)
    if strong:
        return Guess("target", f"'{strong[0][0]}' in the clause")
    weak, achieved = found(lang.words("weak_target"), text), found(lang.words("achieved"), text)
    if weak and not achieved:
        return Guess("target", f"'{weak[0][0]}' in the clause, and no verb of a result")
    for match in found(lang.words("by_year"), text):
        after = re.match(r"\s+(\d{4})", text[match.end() :])
        if after and year is not None and int(after[1]) >= year:
            return Guess(
                "target", f"'{match[0]} {after[1]}': a deadline not past at the source's date"
            )
    if dated.period and year is not None and int(dated.period[:4]) > year:
        return Guess("target", "its period begins after the source's date")
    if weak and achieved:
        return Guess("achieved", f"'{achieved[0][0]}' reports the objective reached")
    return Guess("achieved", "no cue of a target in the clause")


def target_clauses(passage: Passage, cues: Cues) -> list[tuple[int, int]]:
    """The clauses that state targets (a target cue, an objective not reached, a deadline):
    their years are not past, whatever the source's date."""
    lang = cues.lang(passage.lang)
    spans = []
    for sentence in passage.sentences:
        position = sentence.start
        while position < sentence.end:
            start, end = passage.clause(position)
            text = passage.text[start:end]
            weak = found(lang.words("weak_target"), text) and not found(
                lang.words("achieved"), text
            )
            deadline = re.search(rf"(?:{phrases(lang.words('by_year')).pattern})\s+\d{{4}}", text)
            if found(lang.words("target"), text) or weak or deadline:
                spans.append((start, end))
            position = max(end, position) + 1
    return spans
