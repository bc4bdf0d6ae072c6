"""An article as the drafter reads it: sentences, captions, paragraphs and clauses. Pure.

Sentences and captions are those of the evidence rule (graph/checks/sentences.py), so every
span the drafter writes is one the source check accepts. The text is folded to the same length
(no-break spaces as spaces, ’ as '), so positions in it are positions in the file.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ..checks.evidence import fold
from ..checks.sentences import Unit, units
from .cues import Cues

CLAUSE_END = re.compile(r";|\s:\s|\s[-–]\s(?=[A-ZÀ-Ý])")
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@dataclass(frozen=True)
class Passage:
    """A text, its language ('fr' or 'en') and its sentences and captions."""

    text: str
    lang: str
    sentences: tuple[Unit, ...]
    captions: tuple[Unit, ...]

    def sentence(self, position: int) -> Unit | None:
        """The sentence holding `position`."""
        starts = [u.start for u in self.sentences]
        index = bisect_right(starts, position) - 1
        if index >= 0 and position < self.sentences[index].end:
            return self.sentences[index]
        return None

    def caption(self, position: int) -> Unit | None:
        """The caption holding `position`, if it is in one."""
        return next((u for u in self.captions if u.start <= position < u.end), None)

    def paragraph(self, position: int) -> tuple[int, int]:
        """[start, end) of the line holding `position`."""
        start = self.text.rfind("\n", 0, position) + 1
        end = self.text.find("\n", position)
        return start, len(self.text) if end < 0 else end

    def clause(self, position: int) -> tuple[int, int]:
        """[start, end) of the part of the sentence between semicolons (or colons) holding
        `position`; the whole sentence when it has none."""
        sentence = self.sentence(position)
        if sentence is None:
            return self.paragraph(position)
        start, end = sentence.start, sentence.end
        for match in CLAUSE_END.finditer(self.text, start, end):
            if match.end() <= position:
                start = match.end()
            elif match.start() >= position:
                end = match.start()
                break
        return start, end

    def earlier_sentences(self, position: int) -> list[Unit]:
        """The sentences of the paragraph before the one holding `position`, nearest first."""
        start, _ = self.paragraph(position)
        return [u for u in reversed(self.sentences) if start <= u.start and u.end <= position]


def passage(text: str, lang: str) -> Passage:
    """The passage of a text in language `lang`."""
    found = units(text)
    return Passage(
        fold(text),
        lang,
        tuple(u for u in found if u.kind == "sentence"),
        tuple(u for u in found if u.kind == "caption"),
    )


def language(text: str, cues: Cues) -> str:
    """The language of the text whose stopwords it uses most ('fr' when none is found)."""
    words = [w.lower() for w in WORD.findall(text)]
    scores = {
        code: sum(1 for w in words if w in set(lang.words("stopwords")))
        for code, lang in cues.languages.items()
    }
    return max(sorted(scores), key=lambda code: scores[code]) if scores else "fr"


def words_before(text: str, position: int, limit: int, count: int) -> str:
    """The text of at most `count` words before `position`, not before `limit`."""
    start = position
    for _ in range(count):
        match = re.search(r"\S+\s*$", text[limit:start])
        if match is None:
            break
        start = limit + match.start()
    return text[start:position]


def words_after(text: str, position: int, limit: int, count: int) -> str:
    """The text of at most `count` words after `position`, not past `limit`."""
    end = position
    for _ in range(count):
        match = re.match(r"\s*\S+", text[end:limit])
        if match is None:
            break
        end += match.end()
    return text[position:end]
