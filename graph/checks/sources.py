"""Check annotations against their source texts: every fact located, every number annotated.

`check` verifies the evidence locator of each observation and activity (graph/checks/evidence:
the span is one sentence or caption, the figure as written lies inside it and reads as the
value), then matches each number of the texts (see `numbers`) with the located figures and with
the curators' list of deliberate exclusions (`seeds/exclusions.yaml`). Pure, apart from the
`read_*` functions at the bottom.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..annotations.records import Annotations, Source
from ..annotations.yamlsource import MarkedList, MarkedMap, read_yaml, unknown_keys
from ..errors import Location, Problem, did_you_mean
from .evidence import Fact, attach, locate, occurrences
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

    unattached: tuple[Problem, ...]
    not_annotated: tuple[Problem, ...]
    other: tuple[Problem, ...]
    located: int
    figures: int
    numbers: int
    excluded: int
    ignored: int

    @property
    def clean(self) -> bool:
        """True when nothing is reported."""
        return not (self.unattached or self.not_annotated or self.other)

    def problems(self) -> tuple[Problem, ...]:
        """Every problem: other, unattached, then not annotated."""
        return (*self.other, *self.unattached, *self.not_annotated)

    def lines(self) -> Iterator[str]:
        """One `file:line:col: message` line per problem, in the order of `problems()`."""
        for problem in self.problems():
            yield str(problem)

    def summary(self) -> str:
        """One line of counts."""
        return (
            f"{self.located} facts located ({self.figures} with a figure), "
            f"{len(self.unattached)} evidence problems; "
            f"{self.numbers} numbers in the texts, {len(self.not_annotated)} not annotated, "
            f"{self.excluded} excluded, {self.ignored} ignored (years, ordinals, dates); "
            f"{len(self.other)} other problems"
        )


@dataclass
class _Tally:
    """Problems and counts gathered over all sources."""

    unattached: list[Problem] = field(default_factory=list)
    not_annotated: list[Problem] = field(default_factory=list)
    other: list[Problem] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    def report(self) -> Report:
        """The frozen report."""
        c = self.counts
        return Report(
            tuple(sorted(self.unattached)),
            tuple(self.not_annotated),
            tuple(sorted(set(self.other))),
            located=c["located"],
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
        found = occurrences(text, exclusion.text)
        if not found:
            message = f'text "{exclusion.text}" not found in {source.file}'
            tally.other.append(Problem(exclusion.loc, message))
        spans += [(start, start + len(exclusion.text)) for start in found]
    return spans


def facts_of(annotations: Annotations, source_id: str) -> list[Fact]:
    """The observations and activities of one source."""
    return [
        *(o for o in annotations.observations if o.source == source_id),
        *(a for a in annotations.activities if a.source == source_id),
    ]


def _inside(span: tuple[int, int], ranges: Iterable[tuple[int, int]]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in ranges)


def _check_source(
    source: Source,
    text: str,
    where: str,
    annotations: Annotations,
    exclusions: list[Exclusion],
    tally: _Tally,
) -> None:
    """Check the located facts of the source, then find each number of the text among the
    figures they locate or the exclusions."""
    attached = attach(source, text, facts_of(annotations, source.id))
    tally.unattached += attached.problems
    tally.counts["located"] += attached.located
    tally.counts["figures"] += attached.figures
    spans = _excluded_spans(source, text, exclusions, tally)
    for number in numbers(text, source.language):
        tally.counts["numbers"] += 1
        if number.ignored:
            tally.counts["ignored"] += 1
        elif _inside(number.span, spans):
            tally.counts["excluded"] += 1
        elif not _inside(number.span, attached.covered):
            message = f'"{number.text}" is not annotated'
            at = Location(where, number.line, number.column)
            tally.not_annotated.append(Problem(at, message))


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
            message = f"source: unknown source '{e.source}'{did_you_mean(e.source, known)}"
            tally.other.append(Problem(e.loc, message))
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


def locate_figure(
    annotations: Annotations,
    texts: Mapping[str, str],
    figure: str,
    source_id: str | None = None,
    texts_dir: str = ".",
) -> list[str]:
    """Where `figure` (as written) occurs in the texts of the sources (or of one source)."""
    lines: list[str] = []
    for source in annotations.sources:
        if source_id not in (None, source.id) or source.file not in texts:
            continue
        where = str(Path(texts_dir) / source.file)
        lines += locate(source, texts[source.file], figure, where)
    return lines


def read_texts(texts_dir: Path) -> dict[str, str]:
    """The `*.txt` files of a directory, by file name; offsets count the file's code points
    (line ends are kept as they are)."""
    paths = sorted(Path(texts_dir).glob("*.txt"))
    return {p.name: p.read_bytes().decode("utf-8", errors="replace") for p in paths}


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
    unknown = unknown_keys(item, EXCLUSION_KEYS, f" (expected {', '.join(EXCLUSION_KEYS)})")
    problems += unknown
    ok = not unknown
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
