"""The sentences and captions of an article text, as code-point spans. Pure.

The rule (seeds/README.md, "Evidence"), for French and English texts:

- a line is a paragraph; no sentence runs over a line break;
- within a paragraph, a sentence ends after `.`, `!`, `?` or `…` (or a run of them, such as
  "..."), with any closing quotes or brackets that follow, when whitespace and then a capital
  letter, a digit or an opening quote or bracket come next; a full stop after an abbreviation
  ("M.", "Mme.", "Dr.", "etc.", "e.g.") or after a single capital letter (an initial) ends none;
- a span is trimmed of surrounding whitespace; lines that are blank, or only a photo's file
  name ("3.jpg"), hold no sentence;
- a caption is the paragraph after a line that is a photo's file name, or a paragraph that ends
  with a photo credit ("Photo : VOV.", "Photo: Hung Trang"); it is one unit as a whole, and each
  of its sentences is one too.

Sentences are numbered from 1 in the order of the text; captions from 1 as well.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

ABBREVIATIONS = frozenset(
    [
        "M",
        "Mme",
        "Mmes",
        "Mlle",
        "Mlles",
        "MM",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "St",
        "Sr",
        "Jr",
        "No",
        "Nº",
        "etc",
        "cf",
        "vs",
        "e.g",
        "i.e",
        "p",
        "pp",
        "art",
    ]
)
IMAGE_LINE = re.compile(r"^\s*[\w\-]+\.(?i:jpe?g|png|gif|webp)\s*$")
CREDIT = re.compile(r"(?:Photo|Photos|Ảnh)\s*:\s*[^.:]{1,60}\.?\s*$")
END = re.compile(r"[.!?…]+[»\"”’)\]]*(?=[ \t\u00a0\u202f]+[«\"“‘(\[\d\w])")
WORD_BEFORE = re.compile(r"([\w.]+)\.*$")


@dataclass(frozen=True)
class Unit:
    """A sentence or a caption: its code-point span [start, end), kind and number."""

    start: int
    end: int
    kind: str  # "sentence" or "caption"
    number: int

    @property
    def span(self) -> tuple[int, int]:
        """[start, end) as a pair."""
        return self.start, self.end


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _abbreviation(paragraph: str, stop: int) -> bool:
    """True when the full stop at `stop` closes an abbreviation or an initial."""
    found = WORD_BEFORE.search(paragraph[:stop])
    word = found[1].rstrip(".") if found else ""
    return word in ABBREVIATIONS or (len(word) == 1 and word.isupper())


def _sentences(paragraph: str) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph, relative to it."""
    spans, start = [], 0
    for match in END.finditer(paragraph):
        next_char = paragraph[match.end() :].lstrip(" \t\u00a0\u202f")[:1]
        if next_char.isalpha() and not next_char.isupper():
            continue
        single_stop = match[0].startswith(".") and len(match[0].rstrip('»"”’)]')) == 1
        if single_stop and _abbreviation(paragraph, match.start()):
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(paragraph)))
    return spans


def units(text: str) -> list[Unit]:
    """Every sentence and caption of `text`, in order (a caption before its sentences)."""
    found: list[Unit] = []
    counts = {"sentence": 0, "caption": 0}
    offset, after_image = 0, False
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if IMAGE_LINE.match(body):
            after_image = True
        elif body.strip():
            start, end = _trimmed(text, offset, offset + len(body))
            if after_image or CREDIT.search(body):
                counts["caption"] += 1
                found.append(Unit(start, end, "caption", counts["caption"]))
            for a, b in _sentences(body):
                s, e = _trimmed(text, offset + a, offset + b)
                if e > s:
                    counts["sentence"] += 1
                    found.append(Unit(s, e, "sentence", counts["sentence"]))
            after_image = False
        offset += len(line)
    return found


def enclosing(found: list[Unit], position: int) -> Unit | None:
    """The sentence that holds `position`, if any."""
    sentences = [u for u in found if u.kind == "sentence"]
    index = bisect_right([u.start for u in sentences], position) - 1
    if index >= 0 and position < sentences[index].end:
        return sentences[index]
    return None


def line_and_column(text: str, position: int) -> tuple[int, int]:
    """1-based line and column (in code points) of `position`."""
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1
