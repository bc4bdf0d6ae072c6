"""Field converters: check one YAML value and turn it into a typed Python value."""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from ..errors import Location
from .records import Evidence, Period, Recipients, Spread
from .yamlsource import MarkedMap

LANGS = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")
URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
YEAR = re.compile(r"^\d{4}$")


class FieldError(ValueError):
    """A value that does not fit its field; the message says what was expected."""


Converter = Callable[[Any], Any]


def text(value: Any) -> str:
    """A non-empty string."""
    if not isinstance(value, str) or not value.strip():
        raise FieldError(f"expected text, got {_show(value)}")
    return value.strip()


def slug(value: Any) -> str:
    """An id: lowercase ASCII letters, digits and hyphens."""
    if not isinstance(value, str) or not SLUG.match(value):
        raise FieldError(f"expected an id (lowercase letters, digits, hyphens), got {_show(value)}")
    return value


def slugs(value: Any) -> tuple[str, ...]:
    """A list of ids."""
    if not isinstance(value, list):
        raise FieldError(f"expected a list of ids, got {_show(value)}")
    return tuple(slug(item) for item in value)


def labels(value: Any) -> dict[str, str]:
    """A map from language tag to text: {vi: ..., en: ...}."""
    if not isinstance(value, dict) or not value:
        raise FieldError(f"expected a map of language to text, got {_show(value)}")
    for lang in value:
        if not LANGS.match(lang):
            raise FieldError(f"'{lang}' is not a language tag")
    return {lang: text(label) for lang, label in value.items()}


def language(value: Any) -> str:
    """A BCP 47 language tag."""
    if not isinstance(value, str) or not LANGS.match(value):
        raise FieldError(f"expected a language tag such as 'fr', got {_show(value)}")
    return value


def url(value: Any) -> str:
    """An absolute http(s) URL."""
    if not isinstance(value, str) or not URL.match(value):
        raise FieldError(f"expected an http(s) URL, got {_show(value)}")
    return value


def number(value: Any) -> Decimal:
    """A number written with '.' as decimal separator."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise FieldError(f"expected a number, got {_show(value)}")
    result = Decimal(value)
    if not result.is_finite():
        raise FieldError(f"expected a finite number, got {_show(value)}")
    return result


def boolean(value: Any) -> bool:
    """true or false."""
    if not isinstance(value, bool):
        raise FieldError(f"expected true or false, got {_show(value)}")
    return value


def year(value: Any) -> int:
    """A four-digit year."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1000 <= value <= 2999:
        raise FieldError(f"expected a year such as 2024, got {_show(value)}")
    return value


def date(value: Any) -> dt.date:
    """A date written YYYY-MM-DD."""
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise FieldError(f"expected a date YYYY-MM-DD, got {_show(value)}")
    return value


def choice(enum_type: type[enum.Enum]) -> Converter:
    """One of the values of `enum_type`."""
    allowed = ", ".join(str(member.value) for member in enum_type)

    def convert(value: Any) -> enum.Enum:
        try:
            return enum_type(value)
        except ValueError:
            raise FieldError(f"expected one of {allowed}; got {_show(value)}") from None

    return convert


def ids(value: Any) -> tuple[str, ...]:
    """One id, or a list of ids."""
    return slugs(value) if isinstance(value, list) else (slug(value),)


def choices(enum_type: type[enum.Enum]) -> Converter:
    """One value of `enum_type`, or a list of them (at least one, no repeats)."""
    one = choice(enum_type)

    def convert(value: Any) -> tuple[enum.Enum, ...]:
        found = tuple(one(v) for v in value) if isinstance(value, list) else (one(value),)
        if not found:
            raise FieldError("expected one value or a list of values, got an empty list")
        twice = [v.value for i, v in enumerate(found) if v in found[:i]]
        if twice:
            raise FieldError(f"'{twice[0]}' is listed twice")
        return found

    return convert


def texts(value: Any) -> tuple[str, ...]:
    """A list of texts."""
    if not isinstance(value, list) or not value:
        raise FieldError(f"expected a list of texts, got {_show(value)}")
    return tuple(text(item) for item in value)


def _fields(value: Any, required: tuple[str, ...], optional: tuple[str, ...], what: str) -> None:
    """Check that `value` is a map with the `required` keys and no others."""
    if not isinstance(value, dict):
        raise FieldError(f"expected {what}, got {_show(value)}")
    for key in value:
        if key not in required + optional:
            raise FieldError(f"unknown key '{key}' (expected {', '.join(required + optional)})")
    for key in required:
        if value.get(key) is None:
            raise FieldError(f"missing required key '{key}'")


def evidence(value: Any) -> Evidence:
    """{span: [start, end], figure: "12,2 %"}: code points [start, end) of a sentence or caption
    of the source text, and the figure as written (optional for activities)."""
    _fields(value, ("span",), ("figure",), "a map with span and figure")
    span = value["span"]
    if (
        not isinstance(span, list)
        or len(span) != 2
        or any(isinstance(n, bool) or not isinstance(n, int) or n < 0 for n in span)
    ):
        raise FieldError(
            "span: expected [start, end], two whole numbers from 0, got "
            + (f"[{', '.join(map(str, span))}]" if isinstance(span, list) else _show(span))
        )
    if span[1] <= span[0]:
        raise FieldError(f"span: [{span[0]}, {span[1]}] ends before it starts")
    figure = text(value["figure"]) if value.get("figure") is not None else None
    where = value.loc if isinstance(value, MarkedMap) else Location("")
    return Evidence(span[0], span[1], figure, where)


def spread(value: Any) -> Spread:
    """{min: 0.03, max: 1.72, over: districts}: the values of several units, lowest and highest."""
    _fields(value, ("min", "max", "over"), (), "a map with min, max and over")
    low, high = number(value["min"]), number(value["max"])
    if high < low:
        raise FieldError(f"max {high} is below min {low}")
    return Spread(low, high, text(value["over"]))


def recipients(value: Any) -> tuple[Recipients, ...]:
    """A list of {group: "poor households", count: 1646}; count only when the source gives it."""
    items = value if isinstance(value, list) else [value]
    found = []
    for item in items:
        _fields(item, ("group",), ("count",), "a map with group and count")
        count = number(item["count"]) if item.get("count") is not None else None
        found.append(Recipients(text(item["group"]), count))
    return tuple(found)


def day_or_year(value: Any) -> Period:
    """A date YYYY-MM-DD or, when only the year is known, a year."""
    if isinstance(value, int) and not isinstance(value, bool):
        return period(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return period(value)
    raise FieldError(f"expected a date YYYY-MM-DD or a year such as 2025, got {_show(value)}")


def period(value: Any) -> Period:
    """2024, 2021/2024, 2024-12-31 or 2021-01-01/2024-12-31; the end may not precede the start."""
    if isinstance(value, bool):
        raise FieldError(f"expected a period, got {_show(value)}")
    if isinstance(value, int):
        return _years(year(value), year(value), str(value))
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return Period(value, value, value.isoformat(), is_instant=True)
    if isinstance(value, str) and value.count("/") == 1:
        first, last = value.split("/")
        if YEAR.match(first) and YEAR.match(last):
            return _years(int(first), int(last), value)
        start, end = _iso_date(first, value), _iso_date(last, value)
        if end < start:
            raise FieldError(f"period {value} ends before it starts")
        return Period(start, end, value)
    raise FieldError(f"expected a period (2024, 2021/2024, 2024-12-31), got {_show(value)}")


def _years(first: int, last: int, written: str) -> Period:
    if last < first:
        raise FieldError(f"period {written} ends before it starts")
    return Period(dt.date(first, 1, 1), dt.date(last, 12, 31), written)


def _iso_date(part: str, whole: str) -> dt.date:
    try:
        return dt.date.fromisoformat(part)
    except ValueError:
        raise FieldError(f"malformed date '{part}' in period {whole}") from None


def _show(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a map"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {value!r}" if not isinstance(value, str) else repr(value)
