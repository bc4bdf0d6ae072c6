"""Figures written as people read them, in each language of the interface."""

from __future__ import annotations

from decimal import Decimal

import pytest
from vnkg.server.web.wording import Unit
from vnkg.server.web.wording import quantity_of as quantity
from vnkg.server.web.wording import tick_of as tick

NB = "\u00a0"
PERCENT, PP_YR, VND = Unit("%", "percent", "percent"), Unit("pp/yr"), Unit("VND")
HOUSEHOLD = Unit("", "household", "households")
CARD = {
    "en": Unit("", "card", "cards"),
    "vi": Unit("", "thẻ", "thẻ"),
    "fr": Unit("", "carte", "cartes"),
}


def words(key: str) -> str:
    return {"nearly": "nearly", "onaverage": "on average"}[key]


@pytest.mark.parametrize(
    ("value", "value_max", "unit", "qualifier", "lang", "expected"),
    [
        ("3", None, PERCENT, "about", "en", f"≈{NB}3{NB}%"),
        ("12.2", None, PERCENT, "exact", "vi", f"12,2{NB}%"),
        ("3.36", None, PERCENT, "", "fr", f"3,36{NB}%"),
        ("2", "2.5", PP_YR, "range", "en", f"2–2.5{NB}pp/yr"),
        ("2.95", None, PP_YR, "onaverage", "en", f"on average 2.95{NB}pp/yr"),
        ("80600", None, HOUSEHOLD, "", "en", "80,600 households"),
        ("80600", None, HOUSEHOLD, "morethan", "vi", f">{NB}80.600 households"),
        ("1", None, HOUSEHOLD, "", "en", "1 household"),
        ("1000000", None, CARD["en"], "morethan", "en", f">{NB}1{NB}million cards"),
        ("1000000", None, CARD["vi"], "morethan", "vi", f">{NB}1{NB}triệu thẻ"),
        ("2000000", None, CARD["fr"], "", "fr", f"2{NB}millions cartes"),
        ("33800000000", None, VND, "", "en", f"33.8{NB}billion{NB}VND"),
        ("33800000000", None, VND, "", "vi", f"33,8{NB}tỷ{NB}VND"),
        ("4459000000000", None, VND, "morethan", "en", f">{NB}4.459{NB}trillion{NB}VND"),
        ("4459123456789", None, VND, "", "en", f"4,459,123,456,789{NB}VND"),
        ("5000", None, Unit("", "house", "houses"), "nearly", "en", "nearly 5,000 houses"),
        ("1200", None, Unit(), "", "en", "1,200"),
    ],
    ids=[
        "about-percent",
        "vi-decimal-comma",
        "fr-percent",
        "range",
        "on-average-words",
        "plural",
        "vi-thousands-dot",
        "singular",
        "million-plural",
        "vi-million",
        "fr-millions",
        "billion",
        "vi-billion",
        "trillion",
        "not-rounded",
        "nearly",
        "no-unit",
    ],
)
def test_quantity(
    value: str, value_max: str | None, unit: Unit, qualifier: str, lang: str, expected: str
) -> None:
    high = Decimal(value_max) if value_max else None
    assert quantity(Decimal(value), high, unit, qualifier, lang, words) == expected


def test_a_chart_label_leaves_out_a_counts_unit() -> None:
    found = quantity(Decimal("80600"), None, HOUSEHOLD, "morethan", "en", words, counted=False)
    assert found == f">{NB}80,600"


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [(0, "en", "0"), (2.5, "vi", "2,5"), (1500, "en", "1,500"), (4e10, "en", "40B")],
)
def test_ticks(value: float, lang: str, expected: str) -> None:
    assert tick(value, lang) == expected
