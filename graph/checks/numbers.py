"""Numbers in article texts, as written: "4 459 milliards", "33,8", "53,116", "un million", "trois".

`numbers(text, language)` reads digits by the conventions of the text's language (French: space
thousands and comma decimal; English: comma thousands and dot decimal), applies a following
scale word, reads number words, and marks numbers that are no figures (years, ordinals, dates).
Spans that hold digits but no number (URLs, legal document numbers, file names) are skipped. Pure.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal

SCALES = {"milliard": 10**9, "billion": 10**9, "million": 10**6, "mille": 10**3, "thousand": 10**3}
WORDS = {
    "fr": "zéro deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze "
    "seize vingt trente quarante cinquante soixante cent mille",
    "en": "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty hundred",
}
WORD_VALUES = {
    "fr": dict(
        zip(WORDS["fr"].split(), [0, *range(2, 17), 20, 30, 40, 50, 60, 100, 1000], strict=True)
    ),
    "en": dict(zip(WORDS["en"].split(), [*range(21), 30, 40, 50, 60, 100], strict=True)),
}
ONE = {"fr": "un|une", "en": "one|a|an"}
VAGUE = {
    "fr": r"dizaines|vingtaines|centaines|milliers|millions|milliards",
    "en": r"tens|dozens|hundreds|thousands|millions|billions",
}
MONTHS = (
    "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|"
    "january|february|march|april|may|june|july|august|september|october|november|december"
)
SEP = "[ \u00a0\u202f]"
DIGITS = {
    # French (and the default): space thousands, comma decimal; a dot is a decimal point
    "fr": rf"\d{{1,3}}(?:{SEP}\d{{3}}(?!\d))+(?:,\d+)?|\d+,\d+|\d+\.\d+|\d+",
    # English: comma thousands, dot decimal ("53,116" is 53116)
    "en": rf"\d{{1,3}}(?:,\d{{3}}(?!\d))+(?:\.\d+)?|\d{{1,3}}(?:{SEP}\d{{3}}(?!\d))+(?:\.\d+)?|\d+\.\d+|\d+",
}
SCALE_WORDS = r"milliards?|billions?|millions?|mille|thousands?"
# Spans that hold digits but no figure: URLs, legal document numbers, file names, numeric dates.
MASKS = re.compile(
    r"(?i:https?://|www\.)\S+"
    r"|\b\d+(?:/\d+)*/[A-ZĐ][\w\-–Đđ]*"  # 116/2016/ND-CP, 42/2013/TTLT, 90/QĐ-TTg
    r"|\b[\w\-]+\.(?i:jpe?g|png|gif|webp|pdf)\b"
    r"|\b\d{1,2}[/.]\d{1,2}[/.]\d{4}\b"
)
ORDINAL = re.compile(r"(?:er|ère|re|ème|eme|e|è|ᵉ|st|nd|rd|th)(?!\w)")
DAY_MONTH = re.compile(rf"\s+(?:{MONTHS})\b", re.IGNORECASE)
MONTH_DAY = re.compile(rf"\b(?:{MONTHS})\s+$", re.IGNORECASE)


@dataclass(frozen=True)
class Found:
    """One number of a text: as written, its value, and its value times a following scale word."""

    text: str
    value: Decimal | None  # None for a vague quantity ("des dizaines de")
    values: frozenset[Decimal]
    span: tuple[int, int]
    line: int
    ignored: str = ""
    column: int = 1  # why it is no figure to annotate: year, ordinal, date, compound


def _lang(language: str) -> str:
    """English conventions for English texts, French ones for any other language."""
    return "en" if language.lower().startswith("en") else "fr"


def _pattern(lang: str) -> re.Pattern[str]:
    words = "|".join(WORD_VALUES[lang])
    return re.compile(
        rf"(?<!\w)(?:(?P<digits>{DIGITS[lang]})"
        rf"|(?P<one>{ONE[lang]})(?={SEP}+(?:{SCALE_WORDS})\b)"
        rf"|(?P<word>{words})(?!\w))"
        rf"(?:{SEP}+(?P<scale>{SCALE_WORDS})\b)?"
        rf"|(?<!\w)(?P<vague>{VAGUE[lang]})(?!\w)",
        re.IGNORECASE,
    )


def _value(match: re.Match[str], lang: str) -> Decimal | None:
    if match["digits"]:
        raw = re.sub(SEP, "", match["digits"])
        return Decimal(raw.replace(",", "") if lang == "en" else raw.replace(",", "."))
    if match["one"]:
        return Decimal(1)
    if match["word"]:
        return Decimal(WORD_VALUES[lang][match["word"].lower()])
    return None


def _scale(word: str | None) -> int:
    return SCALES.get(word.lower().rstrip("s"), 1) if word else 1


def _ignored(text: str, match: re.Match[str], value: Decimal | None) -> str:
    """Why a number is not a figure, or '' when it may be one."""
    start, end, digits = match.start(), match.end(), match["digits"]
    if match["word"]:
        percent = match["word"].lower() == "cent" and text[:start].endswith("pour ")
        return "percent sign" if percent else ""
    if not digits:
        return ""
    after, before = text[end : end + 12], text[max(0, start - 12) : start]
    if not match["scale"] and ORDINAL.match(after):
        return "ordinal"
    if re.fullmatch(r"\d{4}", digits) and 1900 <= int(digits) <= 2100 and not match["scale"]:
        return "year"
    if re.match(r"-[^\W\d]", after):
        return "compound"
    if value is not None and value <= 31 and (DAY_MONTH.match(after) or MONTH_DAY.search(before)):
        return "date"
    return ""


def numbers(text: str, language: str) -> list[Found]:
    """Every number of `text`, read by the conventions of its language (ISO code: 'fr', 'en')."""
    lang = _lang(language)
    masked = [m.span() for m in MASKS.finditer(text)]
    newlines = [i for i, c in enumerate(text) if c == "\n"]
    found = []
    for match in _pattern(lang).finditer(text):
        start, end = match.span()
        if any(a <= start < b for a, b in masked):
            continue
        value = _value(match, lang)
        scale = _scale(match["scale"])
        values = frozenset() if value is None else frozenset({value, value * scale})
        line = bisect_right(newlines, start) + 1
        column = start - (newlines[line - 2] + 1 if line > 1 else 0) + 1
        ignored = _ignored(text, match, value)
        found.append(Found(match[0], value, values, (start, end), line, ignored, column))
    return found
