"""How pages word figures and places in the request's language: the templates' filters.

`quantity` writes an observation's value with qualifier and unit (server/web/quantities.py),
`place_note` a place's kind and validity ("province, until Jun 30, 2025"), `day` an ISO date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from babel import dates
from flask import Blueprint
from vnkg.server.web import i18n, quantities
from vnkg.server.web.labels import Node
from vnkg.server.web.observations import Row


def qualifier_word(key: str) -> str:
    """A qualifier that has no sign, in words of the page's language."""
    words = {
        "nearly": i18n.gettext("nearly"),
        "slightlymorethan": i18n.gettext("slightly more than"),
        "onaverage": i18n.gettext("on average"),
    }
    return words.get(key, "")


def unit_of(row: Row) -> quantities.Unit:
    """How the row's unit is written."""
    return quantities.Unit(row.symbol, row.unit_one, row.unit_many)


def quantity(row: Row) -> str:
    """'≈ 3 %', '> 1 million cards': the row's figure in full."""
    return quantities.quantity(
        row.value, row.value_max, unit_of(row), row.qualifier_key, i18n.current(), qualifier_word
    )


def chart_label(row: Row) -> str:
    """The figure as a chart writes it beside its point: a count without its unit's name."""
    return quantities.quantity(
        row.value,
        row.value_max,
        unit_of(row),
        row.qualifier_key,
        i18n.current(),
        qualifier_word,
        counted=False,
    )


def tick(value: float) -> str:
    """An axis value in the page's language."""
    return quantities.tick(value, i18n.current())


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


def place_note(node: Node) -> str:
    """'province, until Jun 30, 2025': what tells two places of one name apart ('' if none)."""
    parts = [kind_name(node.kind)] if kind_name(node.kind) else []
    if node.since:
        parts.append(i18n.gettext("since %(date)s", date=day(node.since)))
    if node.until:
        parts.append(i18n.gettext("until %(date)s", date=day(node.until)))
    return ", ".join(parts)


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
