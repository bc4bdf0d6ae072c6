"""Figures as people read them: number, qualifier, range and unit in the page's language. Pure.

A value is written with the page's separators (80,600 / 80.600 / 80 600), in words past a
million (33.8 billion / 33,8 tỷ / 33,8 milliards: Babel's compact forms, only when no digit is
lost), with its unit's symbol (12.2 %, 2.95 pp/yr, 4,459 billion VND) or else its label in the
plural when the number is not one ("80,600 households", "1 million cards"). A qualifier is a
sign where one exists ("≈ 3 %", "> 1 million") and a word otherwise ("nearly 5,000 houses").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from babel import Locale, numbers

NBSP = "\u00a0"
SIGNS = {"about": "≈", "morethan": ">", "atleast": "≥", "upto": "≤", "lessthan": "<"}
WORDS = ("nearly", "slightlymorethan", "onaverage")  # qualifiers written as words
COMPACT_FROM = Decimal(10**6)


@dataclass(frozen=True)
class Unit:
    """How a unit is written: its symbol or code, else its label for one and for many."""

    symbol: str = ""
    one: str = ""
    many: str = ""


def amount(value: Decimal, lang: str) -> str:
    """`value` in `lang`: '80,600', '3.36', '33.8 billion' (words only when exact)."""
    value = value.normalize() if value == value.to_integral_value() else value
    if abs(value) >= COMPACT_FROM:
        for digits in range(4):
            text = numbers.format_compact_decimal(
                value, format_type="long", locale=lang, fraction_digits=digits
            )
            if _exact(text, value, lang):
                return text.replace(" ", NBSP)
    return numbers.format_decimal(value, locale=lang, decimal_quantization=False)


def _exact(text: str, value: Decimal, lang: str) -> bool:
    """True when the compact form `text` loses no digit of `value`."""
    head = text.split()[0] if " " in text else text
    symbols = Locale.parse(lang).number_symbols["latn"]
    digits = head.replace(symbols["group"], "").replace(symbols["decimal"], ".")
    try:
        shown = Decimal(digits)
    except ArithmeticError:
        return False
    scale = Decimal(10) ** (3 * ((len(str(int(abs(value)))) - 1) // 3))
    return bool(shown * scale == abs(value))


def plural_form(value: Decimal, lang: str) -> str:
    """CLDR's plural category of `value` in `lang` ('one' or 'other' for our languages)."""
    return str(Locale.parse(lang).plural_form(abs(value)))


def quantity(
    value: Decimal | None,
    value_max: Decimal | None,
    unit: Unit,
    qualifier: str,
    lang: str,
    word: Callable[[str], str],
    *,
    counted: bool = True,
) -> str:
    """'≈ 3 %', '> 1 million cards', '2–2.5 pp/yr', '80,600 households'.

    `qualifier` is the qualifier's key ('about', 'morethan'...); `word(key)` names a qualifier
    that has no sign, in the page's language; `counted` False leaves out a count's label (a
    chart's axis says it).
    """
    if value is None:
        return ""
    text = amount(value, lang)
    if value_max is not None:
        text = f"{text}–{amount(value_max, lang)}"
    last = value_max if value_max is not None else value
    if unit.symbol:
        text = f"{text}{NBSP}{unit.symbol}"
    elif counted and (unit.one or unit.many):
        one = plural_form(last, lang) == "one" and value_max is None
        text = f"{text} {unit.one if one else unit.many or unit.one}"
    if qualifier in SIGNS:
        return f"{SIGNS[qualifier]}{NBSP}{text}"
    if qualifier in WORDS:
        return f"{word(qualifier)} {text}"
    return text


def tick(value: float, lang: str) -> str:
    """An axis tick, short: '40 B' / '40 T' / '40 Md', '1,500', '2.5'."""
    if abs(value) >= 10**4:
        return str(numbers.format_compact_decimal(value, format_type="short", locale=lang,
                                                  fraction_digits=2))  # fmt: skip
    return numbers.format_decimal(round(value, 6), locale=lang, decimal_quantization=False)
