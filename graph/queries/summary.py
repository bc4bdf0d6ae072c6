"""The summary graph: what the named queries would otherwise recompute over every fact.

A build is immutable, so what ontology/queries/*.rq need from all the facts at once is
derived once, from the loaded store before the swap, into the named graph `graph/summary`:

- `vnkg:sortKey`: an integer per place name (Vietnamese), period label, indicator notation
  and source IRI, in the code-point order of that text (equal texts, equal keys), so that
  the queries sort on integers instead of strings read from the store one comparison at
  a time;
- `vnkg:periodLabel`: a period's label once (each source graph repeats its rdfs:label);
- `vnkg:observationCount`: the number of observations of each indicator;
- `vnkg:namedInArticles`: true on each place a source reports or a fact refers to;
- `vnkg:alsoReportedBy`: on an observation, every other source that reports the same
  figure (same indicator, place, period label and value). The place is its IRI, not its
  name: two communes of one name in two provinces are two places.

The terms are declared in ontology/vnkg.ttl. The VoID description is computed before this
graph exists, so it counts the facts only.
"""

from __future__ import annotations

import itertools
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad, QueryResultsFormat

from ..backend import Backend
from ..emit.iris import Iris
from ..emit.statements import Statement
from ..emit.vocab import VNKG, XSD
from . import rows, select

Texts = dict[NamedNode, list[Literal]]
TRUE = Literal("true", datatype=XSD.boolean)


def summarise(store: Backend, iris: Iris, figures: list[Quad] | None = None) -> list[Quad]:
    """The summary graph of everything in `store`; `figures`: its shared_figures() if they
    were computed already (a build computes them beside the SHACL check, before the links)."""
    graph = iris.graph("summary")
    texts = _texts(store)
    triples = itertools.chain(
        _sort_keys(texts),
        _period_labels(texts["period"]),
        _counts(store),
        ((place, VNKG.namedInArticles, TRUE) for (place,) in rows(store, "summary-named")),
    )
    if figures is None:
        figures = shared_figures(store, iris, texts["period"])
    return [*(Quad(s, p, o, graph) for s, p, o in triples), *figures]


def shared_figures(store: Backend, iris: Iris, periods: Texts | None = None) -> list[Quad]:
    """The summary's vnkg:alsoReportedBy: its one costly part (a pass over every
    observation). It reads the observations and their periods' labels only, which the links
    and the gazetteer do not add to."""
    periods = _texts(store)["period"] if periods is None else periods
    graph = iris.graph("summary")
    return [Quad(s, p, o, graph) for s, p, o in _shared_figures(store, periods)]


def _texts(store: Backend) -> dict[str, Texts]:
    """kind -> resource -> its texts (names, labels, notations, IRIs)."""
    found: dict[str, Texts] = defaultdict(lambda: defaultdict(list))
    for kind, resource, text in rows(store, "summary-keys"):
        found[kind.value][resource].append(text)
    return found


def _integer(n: int) -> Literal:
    return Literal(str(n), datatype=XSD.integer)


def _sort_keys(texts: dict[str, Texts]) -> Iterator[Statement]:
    """Each resource's position among the texts of its kind (dense: ties share a key)."""
    for by_resource in texts.values():
        order = sorted({t.value for found in by_resource.values() for t in found})
        position = {text: n for n, text in enumerate(order)}
        for resource, found in by_resource.items():
            if len(found) == 1:  # several names or labels: no single key to sort on
                yield resource, VNKG.sortKey, _integer(position[found[0].value])


def _period_labels(periods: Texts) -> Iterator[Statement]:
    for period, labels in periods.items():
        yield from ((period, VNKG.periodLabel, label) for label in labels)


def _counts(store: Backend) -> Iterator[Statement]:
    for indicator, n in rows(store, "summary-counts"):
        yield indicator, VNKG.observationCount, n


def _shared_figures(store: Backend, periods: Texts) -> Iterator[Statement]:
    """`obs vnkg:alsoReportedBy source` for every other source of the same figure.

    One pass over the observations, grouped by (indicator, place, period label, value) as
    facts-in-several-sources.rq groups them; only groups of several sources are kept.
    Most figures are alone: each keeps its first member only, a list only from the second.
    Terms are compared as the N-Triples text of the engine's TSV results (the same text,
    the same term).
    """
    labels = {str(period): [t.value for t in found] for period, found in periods.items()}
    first: dict[tuple[str, ...], tuple[str, str]] = {}
    several: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for obs, indicator, place, period, value, source in _figures(store):
        for label in labels.get(period, ()):
            key = (indicator, place, label, value)
            if key in several:
                several[key].append((obs, source))
            elif key in first:
                several[key] = [first.pop(key), (obs, source)]
            else:
                first[key] = (obs, source)
    del first
    for members in several.values():
        sources = {source for _, source in members}
        for obs, own in members:
            subject = _iri(obs)
            yield from ((subject, VNKG.alsoReportedBy, _iri(s)) for s in sources if s != own)


def _figures(store: Backend) -> Iterator[list[str]]:
    """The rows of summary-figures.rq, each term as N-Triples text.

    Written by the engine as one TSV file, then read a line at a time: the engine evaluates
    the whole query without Python's lock (a row at a time would take it back once per
    observation and stall the SHACL check's threads beside this one),
    and the rows are never all in memory (a quarter of a gigabyte at 10 M triples).
    """
    with tempfile.TemporaryDirectory(prefix="vnkg-figures-") as folder:
        path = Path(folder) / "figures.tsv"
        select(store, "summary-figures").serialize(path, QueryResultsFormat.TSV)
        with path.open(encoding="utf-8", newline="\n") as lines:
            next(lines, None)  # the header
            yield from (line.rstrip("\n").split("\t") for line in lines if line != "\n")


def _iri(text: str) -> NamedNode:
    """The IRI written `<...>` in `text`."""
    return NamedNode(text[1:-1])
