"""How search hits are shown: each one's kind and what it is part of (its validity is the
place note every place carries, server/web/wording.py). `context` is the query-process job that reads all of that for
one page of hits (graph/queries/search-context.rq, then labels.rq); the rest is pure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from pyoxigraph import Literal, NamedNode
from vnkg.graph import queries
from vnkg.graph.backend import Backend
from vnkg.graph.emit.iris import fold
from vnkg.graph.emit.vocab import ELI, RDF, VNKG
from vnkg.server.web import labels
from vnkg.server.web.labels import Labeller, Node
from vnkg.server.web.search import Lookup, Match, Rank


@dataclass(frozen=True)
class Hit:
    """A search result: the resource, its kind, where it is, when it was valid, what matched."""

    node: Node
    kind: str
    kinds: tuple[Node, ...]
    within: tuple[Node, ...]
    matched: str
    rank: Rank
    valid_from: str | None = None
    valid_until: str | None = None


class Context(NamedTuple):
    """What the hits need from the store: classes, parents and validity, and every label."""

    links: dict[str, dict[str, list[object]]]  # iri -> rdf:type / vnkg:partOf / validity -> terms
    labels: labels.LabelTable


def context(store: Backend, job: Lookup) -> Context:
    """The job: the classes, parents and validity of the hits `job.iris`, and the labels (2 queries)."""
    links: dict[str, dict[str, list[object]]] = {iri: {} for iri in job.iris}
    hits = [NamedNode(iri) for iri in job.iris]
    for s, p, o in queries.rows(store, "search-context", {"s": hits}) if hits else []:
        links[s.value].setdefault(p.value, []).append(o)
    shown = {*hits, *(o for f in links.values() for os in f.values() for o in os)}
    named = sorted((o for o in shown if isinstance(o, NamedNode)), key=str)
    rows = queries.rows(store, "labels", {"s": named}) if named else []
    return Context(links, labels.table(rows))


def hits(found: Iterable[Match], known: Context, labeller: Labeller) -> list[Hit]:
    """The matches as hits, with the class, parents and validity of each for display."""
    out = []
    for match in found:
        about = known.links.get(match.entity.iri, {})
        out.append(
            Hit(
                node=labeller.node(NamedNode(match.entity.iri)),
                kind=kind_of(match.entity.iri, labeller),
                kinds=classes(
                    [*about.get(ELI.type_document.value, []), *about.get(RDF.type.value, [])],
                    labeller,
                ),
                within=parents(about.get(VNKG.partOf.value, []), labeller),
                matched=match.matched,
                rank=match.rank,
                valid_from=_date(about.get(VNKG.validFrom.value, [])),
                valid_until=_date(about.get(VNKG.validUntil.value, [])),
            )
        )
    return out


def shown_match(hit: Hit) -> bool:
    """Whether the label or code that matched says more than the name shown (not its spelling)."""
    return bool(hit.matched) and fold(hit.matched) != fold(hit.node.text)


def _date(found: list[object]) -> str | None:
    return min((o.value for o in found if isinstance(o, Literal)), default=None)


def kind_of(iri: str, labeller: Labeller) -> str:
    """'province' for `{base}id/province/x`, 'vocabulary' for ontology terms, else ''."""
    local = labeller.linker.local(iri) or ""
    parts = local.strip("/").split("/")
    if parts[0] == "id" and len(parts) > 2:
        return parts[1]
    return "vocabulary" if parts[0] == "def" else ""


def parents(found: list[object], labeller: Labeller) -> tuple[Node, ...]:
    """What the resource is part of, to tell homonyms apart ("Phú Thọ" commune of which district)."""
    named = {p for p in found if isinstance(p, NamedNode)}
    return tuple(sorted((labeller.node(p) for p in named), key=lambda n: n.text))


def classes(types: list[object], labeller: Labeller) -> tuple[Node, ...]:
    """The resource's own classes and document type, the most specific first (else any class)."""
    named = {t for t in types if isinstance(t, NamedNode)}
    own = [t for t in named if t.value.startswith(str(VNKG))] or sorted(named, key=str)
    general = {str(VNKG) + "AdministrativeUnit", str(VNKG) + "LegalDocument"}
    own.sort(key=lambda t: (t.value in general, t.value))
    return tuple(labeller.node(t) for t in own)
