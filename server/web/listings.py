"""The indexes of `/graph/` and `/def/`: query-process jobs of two or three named queries each.

Like a resource's page (server/web/pagedata.py), they run through dispatch.execute.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode
from vnkg.graph.backend import Backend
from vnkg.graph.emit.iris import Iris
from vnkg.server.web import catalogue
from vnkg.server.web.catalogue import Pager
from vnkg.server.web.labels import Labeller, Linker, Node
from vnkg.server.web.pagedata import PageJob, Reader, labels_of


@dataclass(frozen=True)
class GraphIndex:
    """One page of the named graphs, each with its size."""

    graphs: tuple[tuple[Node, int], ...]
    pager: Pager


def graphs(store: Backend, job: PageJob) -> GraphIndex:
    """The job of `/graph/`: the named graphs and their sizes (a query), one page labelled."""
    read = Reader(store, job)
    every = store.named_graphs()
    sizes = _stored_sizes(read)
    missing = [g for g in every if g.value not in sizes]  # the description's own graph
    counted = (
        read.rows("graph-sizes", {"g": missing[0]} if len(missing) == 1 else {}) if missing else []
    )
    sizes |= {g.value: int(n.value) for g, n in counted}
    every = [g for g in every if sizes.get(g.value)]
    start = (job.page - 1) * job.size
    page = every[start : start + job.size]
    names = Labeller(Linker(job.base), labels_of(read, page), job.lang)
    listed = tuple((names.node(g), sizes[g.value]) for g in page)
    return GraphIndex(listed, Pager(len(every), job.page, job.size))


def _stored_sizes(read: Reader) -> dict[str, int]:
    dataset = Iris(read.job.base).graph("dataset")
    return {
        g.value: int(n.value) for _, g, n in read.rows("stored-graph-sizes", {"dataset": dataset})
    }


def vocabulary(store: Backend, job: PageJob) -> list[tuple[str, tuple[Node, ...]]]:
    """The job of `/def/`: the terms of the vocabulary `job.iri` by kind (two queries)."""
    read = Reader(store, job)
    bound = {"graph": Iris(job.base).graph("ontology"), "namespace": Literal(job.iri)}
    rows = [(t, k, s) for _, _, t, k, s in read.rows("vocabulary", bound)]
    shown = {x for row in rows for x in row if isinstance(x, NamedNode)}
    names = Labeller(Linker(job.base), labels_of(read, shown), job.lang)
    return catalogue.vocabulary(rows, names)
