"""IRIs of the entities an annotation set refers to by id."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pyoxigraph import NamedNode

from ..annotations.records import Annotations, Period
from .iris import Iris
from .vocab import IND, UNIT


@dataclass(frozen=True)
class Minter:
    """Mints IRIs by record id; places need their kind, which the annotations give."""

    iris: Iris
    place_kinds: Mapping[str, str]

    @classmethod
    def for_annotations(cls, annotations: Annotations, iris: Iris) -> Minter:
        """A minter that knows the kind of every place of `annotations`."""
        return cls(iris, {p.id: p.kind.value.replace("_", "-") for p in annotations.places})

    def place(self, place_id: str) -> NamedNode:
        return self.iris.mint(self.place_kinds.get(place_id, "place"), place_id)

    def legal(self, doc_id: str) -> NamedNode:
        return self.iris.mint("legal", doc_id)

    def programme(self, programme_id: str) -> NamedNode:
        return self.iris.mint("programme", programme_id)

    def organisation(self, org_id: str) -> NamedNode:
        return self.iris.mint("organisation", org_id)

    def source(self, source_id: str) -> NamedNode:
        return self.iris.mint("source", source_id)

    def period(self, period: Period) -> NamedNode:
        return self.iris.mint("period", period.slug)

    def as_of(self, source_id: str) -> NamedNode:
        """The time of the facts a source does not date: the source's own date."""
        return self.iris.mint("period", f"as-of-{source_id}")

    def instant(self, day: str) -> NamedNode:
        return self.iris.mint("instant", day)

    def indicator(self, token: str) -> NamedNode:
        return IND[token]

    def unit(self, token: str) -> NamedNode:
        return UNIT[token]
