"""Problems found in annotations, the one exception that carries them, and "did you mean"."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

# A key path inside a record: ("place",), ("places", 2), ("name", "vi").
Key = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Location:
    """Where a value came from: file, 1-based line and column (line 0: the whole file)."""

    path: str
    line: int = 0
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}" if self.line else self.path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, printed as `path:line:col: message`.

    `key` names the field of the record at `location` that is wrong; `annotations.locate.pin`
    moves the problem there (records keep one location, not one per field).
    """

    location: Location
    message: str
    key: Key = field(default=(), compare=False)

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class ProblemsError(Exception):
    """Raised with every problem of a run, sorted by location."""

    exit_code = 1

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


def closest(word: str, choices: Iterable[str], n: int = 1, cutoff: float = 0.7) -> list[str]:
    """Up to `n` choices nearest to `word` (difflib's ratio, at least `cutoff`), best first;
    the second and later only when they are about as near as the first."""
    near = [c for c in dict.fromkeys(choices) if abs(len(c) - len(word)) <= max(3, len(word) // 3)]
    found = difflib.get_close_matches(word, near, n=n, cutoff=cutoff)
    ratios = [difflib.SequenceMatcher(None, word, c).ratio() for c in found]
    return [c for c, r in zip(found, ratios, strict=True) if r >= ratios[0] - 0.04]


def did_you_mean(word: str, choices: Iterable[str], show: str = "{}") -> str:
    """'; did you mean value?' when a choice is near `word`, else ''."""
    found = closest(word, choices)
    return f"; did you mean {show.format(found[0])}?" if found else ""
