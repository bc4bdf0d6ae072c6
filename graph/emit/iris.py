"""Minting of entity and graph IRIs under one configurable base."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pyoxigraph import NamedNode

DEFAULT_BASE = "https://w3id.org/vnkg/"
NON_WORD = re.compile(r"[\W_]+")
# Units created by the 1 July 2025 reform live under their own kinds (`id/province-2025/…`);
# annotations name them by their slug or official code followed by this suffix, so that
# `thai-nguyen-2025` (id/province-2025/thai-nguyen) never meets the legacy `thai-nguyen`.
REFORM_KINDS = ("province-2025", "commune-2025")
REFORM_SUFFIX = "-2025"


def slugify(text: str) -> str:
    """Lowercase ASCII slug of a (Vietnamese) name: 'Lạng Sơn' -> 'lang-son'."""
    ascii_text = strip_diacritics(text).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def strip_diacritics(text: str) -> str:
    """Remove diacritics, including Vietnamese đ/Đ which has no decomposition."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def place_slug(kind: str, place_id: str) -> str:
    """The IRI slug of the place `place_id` of `kind`: 'thai-nguyen' for province-2025
    'thai-nguyen-2025'; any other place's id is its slug."""
    return place_id.removesuffix(REFORM_SUFFIX) if kind in REFORM_KINDS else place_id


def place_id(kind: str, slug: str) -> str:
    """The id annotations use for the unit `slug` of `kind` (the inverse of `place_slug`)."""
    return slug + REFORM_SUFFIX if kind in REFORM_KINDS else slug


def fold(text: str) -> str:
    """Case-, diacritics- and spacing-insensitive form of a name: 'Lạng-Sơn ' -> 'lang son'."""
    return NON_WORD.sub(" ", strip_diacritics(text).casefold()).strip()


@dataclass(frozen=True)
class Iris:
    """Mints `{base}id/{kind}/{slug}` and `{base}graph/{name}`."""

    base: str = DEFAULT_BASE

    def mint(self, kind: str, slug: str) -> NamedNode:
        """The IRI of entity `slug` of `kind`."""
        return NamedNode(f"{self.base}id/{kind}/{slug}")

    def graph(self, name: str) -> NamedNode:
        """The IRI of named graph `name` (e.g. 'source/s000')."""
        return NamedNode(f"{self.base}graph/{name}")

    def source_graph(self, source_id: str) -> NamedNode:
        """The named graph holding one source article's facts."""
        return self.graph(f"source/{source_id}")
