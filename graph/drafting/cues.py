"""The cue words of ontology/cues.yaml, per language, and how a cue is found in a text.

The lists are the curators' (ontology/cues.yaml says what each one does); this module only
reads them and matches them: whole words, case ignored, ’ read as '. Pure, apart from
`read_cues` at the bottom.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

NESTED = ("qualifiers", "units", "place_types", "anaphora", "indicators")


@dataclass(frozen=True)
class Language:
    """The cues of one language: plain lists by name, and the maps (qualifiers, units, place
    types) from a token to its phrases."""

    code: str
    lists: Mapping[str, tuple[str, ...]]
    maps: Mapping[str, Mapping[str, tuple[str, ...]]]

    def words(self, name: str) -> tuple[str, ...]:
        """The phrases of list `name` (none when the file lacks it)."""
        return self.lists.get(name, ())

    def pattern(self, name: str) -> re.Pattern[str]:
        """A pattern finding any phrase of list `name`."""
        return phrases(self.words(name))

    def mapped(self, name: str) -> Mapping[str, tuple[str, ...]]:
        """Token -> phrases of map `name` (qualifiers, units, place_types, anaphora,
        indicators)."""
        return self.maps.get(name, {})


@dataclass(frozen=True)
class Cues:
    """Every language's cues, and the shared ones."""

    languages: Mapping[str, Language]
    surnames: frozenset[str]
    fillers: tuple[str, ...]
    reduction_window: int
    legal_types: Mapping[str, str]

    def lang(self, code: str) -> Language:
        """The cues of `code` ('fr', 'en'); French for a language the file does not have."""
        return self.languages.get(code) or self.languages["fr"]


@functools.lru_cache(maxsize=256)
def _compiled(words: tuple[str, ...]) -> re.Pattern[str]:
    parts = []
    for phrase in sorted(words, key=len, reverse=True):
        body = r"\s+".join(re.escape(w) for w in phrase.replace("’", "'").split())
        start = r"(?<!\w)" if phrase[:1].isalnum() else ""
        end = r"(?!\w)" if phrase[-1:].isalnum() or phrase.endswith(".") else ""
        parts.append(start + body + end)
    return re.compile("|".join(parts) or r"(?!x)x", re.IGNORECASE)


def phrases(words: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern matching any of `words` (longest first) as whole words, case ignored."""
    return _compiled(tuple(words))


def found(words: tuple[str, ...], text: str) -> list[re.Match[str]]:
    """Every match of `words` in `text`."""
    return list(phrases(words).finditer(text))


def ending(words: tuple[str, ...], text: str, fillers: tuple[str, ...] = ()) -> str | None:
    """The phrase of `words` that `text` ends with (only `fillers` after it), if any."""
    tail = phrases(fillers).pattern if fillers else r"(?!x)x"
    pattern = re.compile(
        rf"(?:{phrases(words).pattern})(?:\s*(?:{tail}))*\s*$", re.IGNORECASE | re.DOTALL
    )
    match = pattern.search(text)
    if match is None:
        return None
    inner = phrases(words).match(text, match.start())
    return inner[0] if inner else match[0].strip()


def starting(words: tuple[str, ...], text: str) -> str | None:
    """The phrase of `words` that `text` starts with (after spaces), if any."""
    match = phrases(words).match(text, len(text) - len(text.lstrip()))
    return match[0] if match else None


def _language(code: str, doc: Mapping[str, Any]) -> Language:
    lists = {k: tuple(str(w) for w in v) for k, v in doc.items() if k not in NESTED}
    maps = {
        k: {token: tuple(str(w) for w in ws) for token, ws in (doc.get(k) or {}).items()}
        for k in NESTED
    }
    return Language(code, lists, maps)


def parse_cues(doc: Mapping[str, Any]) -> Cues:
    """The cues of a parsed ontology/cues.yaml."""
    common = doc.get("common") or {}
    languages = {code: _language(code, v) for code, v in doc.items() if code != "common"}
    return Cues(
        languages,
        frozenset(str(s) for s in common.get("surnames", ())),
        tuple(str(f) for f in common.get("fillers", ())),
        int(common.get("reduction_window", 12)),
        {str(k): str(v) for k, v in (common.get("legal_types") or {}).items()},
    )


def all_words(language: Language) -> Iterator[str]:
    """Every phrase of a language (for tests that the file is well formed)."""
    for words in language.lists.values():
        yield from words
    for mapping in language.maps.values():
        for words in mapping.values():
            yield from words


def read_cues(path: Path) -> Cues:
    """Read ontology/cues.yaml (or a curator's copy)."""
    with Path(path).open(encoding="utf-8") as handle:
        return parse_cues(yaml.safe_load(handle))
