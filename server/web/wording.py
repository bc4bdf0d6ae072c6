"""Figures and places worded for people, in the page's language: pure formatting, then the
templates' filters.

A value is written with the page's separators (80,600 / 80.600 / 80 600), in words past a
million (33.8 billion / 33,8 tỷ / 33,8 milliards: Babel's compact forms, only when no digit is
lost), with its unit's symbol (12.2 %, 2.95 pp/yr, 4,459 billion VND) or else its label in the
plural when the number is not one ("80,600 households", "1 million cards"). A qualifier is a
sign where one exists ("≈ 3 %", "> 1 million") and a word otherwise ("nearly 5,000 houses").
The filters: `quantity` (an observation's figure), `place_note` (a place's kind and validity,
"province, until Jun 30, 2025"), `day` (an ISO date), `property_name_node`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal

from babel import Locale, dates, numbers
from flask import Blueprint
from vnkg.server.web import i18n
from vnkg.server.web.labels import Node
from vnkg.server.web.observations import Row

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


def quantity_of(
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


def tick_of(value: float, lang: str) -> str:
    """An axis tick, short: '40 B' / '40 T' / '40 Md', '1,500', '2.5'."""
    if abs(value) >= 10**4:
        return str(numbers.format_compact_decimal(value, format_type="short", locale=lang,
                                                  fraction_digits=2))  # fmt: skip
    return numbers.format_decimal(round(value, 6), locale=lang, decimal_quantization=False)


def qualifier_word(key: str) -> str:
    """A qualifier that has no sign, in words of the page's language."""
    words = {
        "nearly": i18n.gettext("nearly"),
        "slightlymorethan": i18n.gettext("slightly more than"),
        "onaverage": i18n.gettext("on average"),
    }
    return words.get(key, "")


def unit_of(row: Row) -> Unit:
    """How the row's unit is written."""
    return Unit(row.symbol, row.unit_one, row.unit_many)


def quantity(row: Row, *, counted: bool = True) -> str:
    """'≈ 3 %', '> 1 million cards': the row's figure in full (`counted=False`: a count
    without its unit's name)."""
    return quantity_of(
        row.value,
        row.value_max,
        unit_of(row),
        row.qualifier_key,
        i18n.current(),
        qualifier_word,
        counted=counted,
    )


def chart_label(row: Row) -> str:
    """The figure as a chart writes it beside its point: a count without its unit's name."""
    return quantity(row, counted=False)


def tick(value: float) -> str:
    """An axis value in the page's language."""
    return tick_of(value, i18n.current())


def day(iso: str) -> str:
    """An ISO date as the page's language writes it ('Jun 30, 2025', '30 thg 6, 2025')."""
    try:
        return str(dates.format_date(dt.date.fromisoformat(iso[:10]), "medium", i18n.current()))
    except ValueError:
        return iso


def kind_name(kind: str) -> str:
    """A place's kind in the page's language."""
    names = {
        "province": i18n.gettext("province"),
        "district": i18n.gettext("district"),
        "commune": i18n.gettext("commune"),
    }
    return names.get(kind, "")


def validity(since: str | None, until: str | None) -> str:
    """'since Jul 1, 2025', 'until Jun 30, 2025' (both, joined), or '': when a unit existed."""
    parts = [i18n.gettext("since %(date)s", date=day(since))] if since else []
    if until:
        parts.append(i18n.gettext("until %(date)s", date=day(until)))
    return ", ".join(parts)


def place_note(node: Node) -> str:
    """'province, until Jun 30, 2025': what tells two places of one name apart ('' if none)."""
    parts = [kind_name(node.kind), validity(node.since, node.until)]
    return ", ".join(part for part in parts if part)


def property_name(text: str) -> str:
    """A property's name as a page's fact list writes it, in the page's language when it is
    one of the common ones ('name', 'part of', 'has part'...); else as the graph names it."""
    names = {
        "name": i18n.gettext("name"),
        "label": i18n.gettext("label"),
        "also written": i18n.gettext("also written"),
        "code": i18n.gettext("code"),
        "part of": i18n.gettext("part of"),
        "has part": i18n.gettext("has part"),
        "same as": i18n.gettext("same as"),
        "source": i18n.gettext("source"),
        "valid from": i18n.gettext("valid from"),
        "valid until": i18n.gettext("valid until"),
        "title": i18n.gettext("title"),
        "publisher": i18n.gettext("publisher"),
        "web address": i18n.gettext("web address"),
        "mentioned by": i18n.gettext("mentioned by"),
        "reports": i18n.gettext("reports"),
        "replaces": i18n.gettext("replaces"),
        "replaced by": i18n.gettext("replaced by"),
        "place of": i18n.gettext("place of"),
        "area": i18n.gettext("area"),
        "period": i18n.gettext("period"),
        "unit": i18n.gettext("unit"),
        "indicator": i18n.gettext("indicator"),
        "definition": i18n.gettext("definition"),
        "in scheme": i18n.gettext("in scheme"),
    }
    return names.get(text, text)


def property_node(node: Node) -> Node:
    """The node of a property, named by `property_name`."""
    text = property_name(node.text)
    return node if text == node.text else replace(node, text=text, lang=i18n.current())


def register(bp: Blueprint) -> None:
    """The filters, for every template of the app."""
    bp.add_app_template_filter(quantity, "quantity")
    bp.add_app_template_filter(place_note, "place_note")
    bp.add_app_template_filter(day, "day")
    bp.add_app_template_filter(property_node, "property_name_node")
