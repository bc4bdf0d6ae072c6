"""Check annotations against their source texts: every figure found, every number annotated.

`check` matches the numbers of each source text (see `numbers`) with the source's observations
and with the curators' list of deliberate exclusions (`seeds/exclusions.yaml`). Pure, apart
from the `read_*` functions at the bottom.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..annotations.records import Annotations, Observation, Source
from ..annotations.yamlsource import MarkedList, MarkedMap, read_yaml
from ..errors import Location, Problem
from .numbers import numbers


@dataclass(frozen=True)
class Exclusion:
    """A snippet of a source text whose numbers are deliberately not observations."""

    source: str
    text: str
    reason: str
    loc: Location


@dataclass(frozen=True)
class Report:
    """What `check` found: problems by kind, and counts for the summary."""

    not_found: tuple[Problem, ...]
    not_annotated: tuple[Problem, ...]
    other: tuple[Problem, ...]
    figures: int
    numbers: int
    excluded: int
    ignored: int

    @property
    def clean(self) -> bool:
        """True when nothing is reported."""
        return not (self.not_found or self.not_annotated or self.other)

    def lines(self) -> Iterator[str]:
        """One `file:line: message` line per problem: other, not found, then not annotated."""
        for problem in (*self.other, *self.not_found, *self.not_annotated):
            yield str(problem)

    def summary(self) -> str:
        """One line of counts."""
        return (
            f"{self.figures} annotated figures, {len(self.not_found)} not found in their text; "
            f"{self.numbers} numbers in the texts, {len(self.not_annotated)} not annotated, "
            f"{self.excluded} excluded, {self.ignored} ignored (years, ordinals, dates); "
            f"{len(self.other)} other problems"
        )


FOLD = str.maketrans("\u00a0\u202f’", "  '")


def _fold(text: str) -> str:
    """Same-length normalisation so a typed snippet finds the text's spaces and apostrophes."""
    return text.translate(FOLD)


def _occurrences(text: str, snippet: str) -> Iterator[tuple[int, int]]:
    text, snippet = _fold(text), _fold(snippet)
    start = text.find(snippet)
    while start >= 0:
        yield start, start + len(snippet)
        start = text.find(snippet, start + 1)


def _figures(observation: Observation) -> Iterator[tuple[str, Decimal]]:
    yield "value", observation.value
    if observation.value_max is not None:
        yield "value_max", observation.value_max


def _not_found(source: Source, text: str, observations: list[Observation]) -> Iterator[Problem]:
    found = {v for f in numbers(text, source.language) for v in f.values}
    for obs in observations:
        for name, value in _figures(obs):
            if value not in found:
                yield Problem(
                    Location(obs.loc.path, obs.loc.line),
                    f"{name} {value:f} ({obs.unit}) not found in {source.file}",
                )


@dataclass
class _Tally:
    """Problems and counts gathered over all sources."""

    not_found: list[Problem] = field(default_factory=list)
    not_annotated: list[Problem] = field(default_factory=list)
    other: list[Problem] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    def report(self) -> Report:
        """The frozen report."""
        c = self.counts
        return Report(
            tuple(self.not_found),
            tuple(self.not_annotated),
            tuple(sorted(set(self.other))),
            figures=c["figures"],
            numbers=c["numbers"],
            excluded=c["excluded"],
            ignored=c["ignored"],
        )


def _excluded_spans(
    source: Source, text: str, exclusions: list[Exclusion], tally: _Tally
) -> list[tuple[int, int]]:
    spans = []
    for exclusion in (e for e in exclusions if e.source == source.id):
        found = list(_occurrences(text, exclusion.text))
        if not found:
            message = f'text "{exclusion.text}" not found in {source.file}'
            tally.other.append(Problem(exclusion.loc, message))
        spans += found
    return spans


def _check_source(
    source: Source,
    text: str,
    where: str,
    annotations: Annotations,
    exclusions: list[Exclusion],
    tally: _Tally,
) -> None:
    """Find the source's figures in its text and the text's numbers among its figures."""
    observations = [o for o in annotations.observations if o.source == source.id]
    annotated = {v for o in observations for _, v in _figures(o)}
    tally.counts["figures"] += sum(1 for o in observations for _ in _figures(o))
    tally.not_found += _not_found(source, text, observations)
    spans = _excluded_spans(source, text, exclusions, tally)
    for number in numbers(text, source.language):
        tally.counts["numbers"] += 1
        if number.ignored:
            tally.counts["ignored"] += 1
        elif any(start <= number.span[0] and number.span[1] <= end for start, end in spans):
            tally.counts["excluded"] += 1
        elif not number.values & annotated:
            message = f'"{number.text}" is not annotated'
            tally.not_annotated.append(Problem(Location(where, number.line), message))


def check(
    annotations: Annotations,
    texts: Mapping[str, str],
    exclusions: list[Exclusion],
    texts_dir: str = ".",
    problems: Iterable[Problem] = (),
) -> Report:
    """Match each source's observations with the numbers of its text (`texts`: name -> text).

    `problems` found while reading (e.g. in the exclusions file) are reported with the rest.
    """
    tally = _Tally(other=list(problems))
    known = {s.id for s in annotations.sources}
    for e in exclusions:
        if e.source not in known:
            tally.other.append(Problem(e.loc, f"source: unknown source '{e.source}'"))
    for source in annotations.sources:
        if source.file not in texts:
            message = f"text file {source.file} not found in {texts_dir}"
            tally.other.append(Problem(source.loc, message))
            continue
        where = str(Path(texts_dir) / source.file)
        _check_source(source, texts[source.file], where, annotations, exclusions, tally)
    named = {s.file for s in annotations.sources}
    for name in sorted(set(texts) - named):
        text_file = Location(str(Path(texts_dir) / name))
        tally.other.append(Problem(text_file, "no source record annotates this text"))
    return tally.report()


def read_texts(texts_dir: Path) -> dict[str, str]:
    """The `*.txt` files of a directory, by file name."""
    paths = sorted(Path(texts_dir).glob("*.txt"))
    return {p.name: p.read_text(encoding="utf-8", errors="replace") for p in paths}


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


EXCLUSION_KEYS = ("source", "text", "reason")


def _exclusion(item: Any, loc: Location, problems: list[Problem]) -> Exclusion | None:
    if not isinstance(item, MarkedMap):
        problems.append(Problem(loc, "expected a map with keys source, text, reason"))
        return None
    ok = True
    for key in item:
        if key not in EXCLUSION_KEYS:
            problems.append(Problem(item.key_locs[key], f"unknown key '{key}'"))
            ok = False
    for key in EXCLUSION_KEYS:
        value = item.get(key)
        if value is None:
            problems.append(Problem(item.loc, f"missing required key '{key}'"))
            ok = False
        elif isinstance(value, bool) or not isinstance(value, str | int) or not str(value).strip():
            problems.append(Problem(item.value_locs[key], f"{key}: expected text"))
            ok = False
    if not ok:
        return None
    return Exclusion(str(item["source"]), str(item["text"]), str(item["reason"]).strip(), item.loc)


def read_exclusions(path: Path) -> tuple[list[Exclusion], list[Problem]]:
    """The curators' exclusions file (a list of {source, text, reason}); absent means none."""
    if not Path(path).exists():
        return [], []
    display = _display(Path(path))
    doc, problems = read_yaml(Path(path), display)
    if doc is None:
        return [], problems
    if not isinstance(doc, MarkedList):
        return [], [
            *problems,
            Problem(Location(display, 1), "expected a list of {source, text, reason}"),
        ]
    found = (_exclusion(item, loc, problems) for item, loc in zip(doc, doc.item_locs, strict=True))
    return [e for e in found if e is not None], problems
