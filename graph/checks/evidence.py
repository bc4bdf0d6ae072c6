"""Evidence locators against their article: the span is one sentence or caption, the figure as
written is inside it and reads as the annotated value. Pure.

`attach` checks the facts (observations and activities) of one source and says which
characters of the text their figures cover; `locate` finds a figure as written and gives the
sentence around each occurrence, for curators writing an `evidence:` entry.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from ..annotations.records import Activity, Evidence, Observation, Source
from ..errors import Location, Problem
from .numbers import numbers
from .sentences import Unit, enclosing, line_and_column, units

FOLD = str.maketrans("\u00a0\u202f’", "  '")

Fact = Observation | Activity


def fold(text: str) -> str:
    """Same-length normalisation so a typed figure finds the text's spaces and apostrophes."""
    return text.translate(FOLD)


def occurrences(text: str, snippet: str, start: int = 0, end: int | None = None) -> list[int]:
    """Start positions of `snippet` in text[start:end] (folded), as positions in `text`; only
    whole occurrences: "2" is not found in "2021" nor in "3,2 %"."""
    text, snippet = fold(text), fold(snippet)
    end = len(text) if end is None else end
    found, at = [], text.find(snippet, start, end)
    while at >= 0:
        if _whole(text, at, at + len(snippet)):
            found.append(at)
        at = text.find(snippet, at + 1, end)
    return found


def _whole(text: str, start: int, end: int) -> bool:
    """True unless a letter or digit, or a decimal mark and a digit, runs on across an edge."""
    before, after = text[max(0, start - 2) : start], text[end : end + 2]
    if before[-1:].isalnum() or after[:1].isalnum():
        return False
    run_on_before = len(before) == 2 and before[1] in ".," and before[0].isdigit()
    run_on_after = len(after) == 2 and after[0] in ".," and after[1].isdigit()
    return not (run_on_before or run_on_after)


@dataclass
class Attached:
    """What `attach` found for one source: problems, and the text ranges its figures cover."""

    problems: list[Problem] = field(default_factory=list)
    covered: list[tuple[int, int]] = field(default_factory=list)
    located: int = 0
    figures: int = 0


def _numbers_of(fact: Fact) -> list[tuple[str, Decimal]]:
    """The numbers the figure must read as (none when the value reading is inferred)."""
    if isinstance(fact, Activity):
        return [("recipients count", r.count) for r in fact.recipients if r.count is not None]
    if "value" in fact.inferred:
        return []
    found = [("value", fact.value)] if fact.value is not None else []
    if fact.value_max is not None:
        found.append(("value_max", fact.value_max))
    if fact.spread is not None:
        found += [("spread min", fact.spread.min), ("spread max", fact.spread.max)]
    return found


def _span_problem(ev: Evidence, text: str, found: list[Unit], name: str) -> str | None:
    if ev.end > len(text):
        return f"span [{ev.start}, {ev.end}] runs past the end of {name} ({len(text)} characters)"
    if any(u.span == (ev.start, ev.end) for u in found):
        return None
    around = enclosing(found, ev.start)
    hint = f" (the sentence at {ev.start} is [{around.start}, {around.end}])" if around else ""
    return f"span [{ev.start}, {ev.end}] is not one sentence or caption of {name}{hint}"


def _figure_problem(ev: Evidence, figure: str, text: str, found: list[Unit], name: str) -> str:
    elsewhere = occurrences(text, figure)
    around = enclosing(found, elsewhere[0]) if elsewhere else None
    hint = f" (it is in the sentence [{around.start}, {around.end}])" if around else ""
    if not elsewhere:
        hint = " (nor anywhere in the text)"
    return f'figure "{figure}" is not in span [{ev.start}, {ev.end}] of {name}{hint}'


def _check_fact(fact: Fact, source: Source, text: str, found: list[Unit], out: Attached) -> None:
    ev, name = fact.evidence, source.file
    if ev is None:
        kind = "observation" if isinstance(fact, Observation) else "activity"
        out.problems.append(Problem(fact.loc, f"{kind} '{fact.id}' has no evidence locator"))
        return
    out.located += 1
    wrong = _span_problem(ev, text, found, name)
    if wrong:
        out.problems.append(Problem(ev.loc, f"evidence: {wrong}"))
        return
    expected = _numbers_of(fact)
    if ev.figure is None:
        if expected:
            message = f"evidence: give the figure as written of the {expected[0][0]}"
            out.problems.append(Problem(ev.loc, message))
        return
    out.figures += 1
    starts = occurrences(text, ev.figure, ev.start, ev.end)
    if not starts:
        message = _figure_problem(ev, ev.figure, text, found, name)
        out.problems.append(Problem(ev.loc, f"evidence: {message}"))
        return
    out.covered += [(s, s + len(ev.figure)) for s in starts]
    read = {v for n in numbers(ev.figure, source.language) for v in n.values}
    for what, value in expected:
        if value not in read:
            message = f'evidence: figure "{ev.figure}" does not read as the {what} {value:f}'
            out.problems.append(Problem(ev.loc, message))


def attach(source: Source, text: str, facts: list[Fact]) -> Attached:
    """Check the evidence of each fact of `source` against its text."""
    found, out = units(text), Attached()
    for fact in facts:
        _check_fact(fact, source, text, found, out)
    return out


def locate(source: Source, text: str, figure: str, where: str) -> Iterator[str]:
    """One line per occurrence of `figure` in the text: position, sentence and an `evidence:`
    entry to paste ("file:line:col: s000 sentence 14: evidence: {span: [a, b], figure: ...}")."""
    found = units(text)
    for start in occurrences(text, figure):
        line, column = line_and_column(text, start)
        around = enclosing(found, start)
        if around is None:
            continue
        captions = [u for u in found if u.kind == "caption" and u.start <= start < u.end]
        in_caption = f" (caption {captions[0].number})" if captions else ""
        shown = figure.replace('"', '\\"')
        yield (
            f"{Location(where, line, column)}: {source.id} sentence {around.number}{in_caption}: "
            f'evidence: {{span: [{around.start}, {around.end}], figure: "{shown}"}}'
        )
