"""The VoID + DCAT description of a built dataset, computed from the store by SPARQL.

Written into the `graph/dataset` named graph at build time (so exports carry it) and served at
`/.well-known/void`. Partitions use hash IRIs, not blank nodes, so exports stay byte-identical.
"""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor

from pyoxigraph import Literal, NamedNode, Quad

from .backend import Backend
from .emit.iris import Iris
from .emit.statements import Statement
from .emit.vocab import DCAT, DCTERMS, ELI, PREFIXES, QB, RDF, VNKG, VOID, XSD
from .queries import Row, rows
from .store import GraphStore

LICENSE = "https://creativecommons.org/licenses/by/4.0/"
# (predicate, object) of the example resources: a province, a decree, an observation.
EXAMPLES = ((RDF.type, VNKG.Province), (ELI.type_document, VNKG.Decree), (RDF.type, QB.Observation))


def dataset_iri(iris: Iris) -> NamedNode:
    """The IRI of the whole dataset (`id/dataset/vnkg`)."""
    return iris.mint("dataset", "vnkg")


def count(value: int) -> Literal:
    """An xsd:integer."""
    return Literal(str(value), datatype=XSD.integer)


def vocabularies(terms: list[NamedNode]) -> list[str]:
    """The known vocabulary namespaces (longest match) that `terms` come from, sorted."""
    spaces = sorted(PREFIXES.values(), key=len, reverse=True)
    found = {next((ns for ns in spaces if t.value.startswith(ns)), None) for t in terms}
    return sorted(ns for ns in found if ns)


def describe(store: GraphStore, iris: Iris) -> list[Quad]:
    """The dataset description of everything in `store`, in the `graph/dataset` graph."""
    graph = iris.graph("dataset")
    triples = [*_about(dataset_iri(iris)), *statistics(store, iris)]
    return [Quad(s, p, o, graph) for s, p, o in triples]


def property_size(store: Backend, predicate: NamedNode) -> Row:
    """(predicate, its distinct triples).

    One DISTINCT per property: over all the triples at once it would hold them all in memory
    (~3 GB at 10 M triples); property by property it holds the largest partition only. The
    property is written in (`inline`): bound by substitution, the same query keeps the
    engine from running another thread's query beside it.
    """
    (_, n), *_ = rows(store, "property-size", {"p": predicate}, inline=True)
    return (predicate, n)


def subject_counts(store: Backend, space: str) -> tuple[int, int]:
    """How many distinct subjects, and how many of them are IRIs under `space`."""
    found = rows(store, "subject-counts", {"space": Literal(space)})
    return (int(found[0][1].value), int(found[0][2].value)) if found else (0, 0)


def statistics(store: Backend, iris: Iris, *, threads: int = 2) -> list[Statement]:
    """VoID statistics of `store`: sizes, partitions, vocabularies, examples, subsets.

    Each figure is a scan of every triple (or of one property's); they run `threads` at a
    time (pyoxigraph releases the GIL while it evaluates a query) beside the calling thread's,
    the longest first.
    """
    dataset = dataset_iri(iris)
    space = f"{iris.base}id/"
    with ThreadPoolExecutor(threads) as pool:
        counted = pool.submit(subject_counts, store, space)
        distinct = pool.submit(rows, store, "distinct-objects")
        sizes = pool.submit(rows, store, "graph-sizes")
        found = [pool.submit(example, store, p, v) for p, v in EXAMPLES]
        classes = rows(store, "class-sizes")
        predicates = [p for (p,) in rows(store, "predicates")]
        partitions = [pool.submit(property_size, store, p) for p in predicates]
        properties = sorted((f.result() for f in partitions), key=lambda row: row[0].value)
        (subjects, entities), ((objects,), *_) = counted.result(), distinct.result()
        examples, subsets = [f.result() for f in found], sizes.result()
    total = sum(int(n.value) for _, n in properties)
    triples: list[Statement] = [
        (dataset, VOID.triples, count(total)),
        (dataset, VOID.distinctSubjects, count(subjects)),
        (dataset, VOID.distinctObjects, objects),
        (dataset, VOID.entities, count(entities)),
        (dataset, VOID.uriSpace, Literal(space)),
    ]
    triples += _partitions(
        dataset, "class", (VOID.classPartition, VOID["class"], VOID.entities), classes
    )
    triples += _partitions(
        dataset, "property", (VOID.propertyPartition, VOID.property, VOID.triples), properties
    )
    triples += [
        (dataset, VOID.classes, count(len(classes))),
        (dataset, VOID.properties, count(len(properties))),
    ]
    used = [term for term, _ in classes + properties]
    triples += [(dataset, VOID.vocabulary, NamedNode(ns)) for ns in vocabularies(used)]
    triples += [(dataset, VOID.exampleResource, found) for found in examples if found]
    return triples + _subsets(subsets, dataset)


def example(store: Backend, predicate: NamedNode, value: NamedNode) -> NamedNode | None:
    """The first IRI (in code point order) with `predicate value` (a linear pass, no sort)."""
    found = rows(store, "example", {"p": predicate, "o": value})
    return NamedNode(found[0][2].value) if found and found[0][2] is not None else None


def _about(dataset: NamedNode) -> list[Statement]:
    return [
        (dataset, RDF.type, VOID.Dataset),
        (dataset, RDF.type, DCAT.Dataset),
        (
            dataset,
            DCTERMS.title,
            Literal("vnkg: social protection in Vietnam's provinces", language="en"),
        ),
        (
            dataset,
            DCTERMS.description,
            Literal(
                "Curated, provenance-tracked facts on poverty reduction and social protection policy "
                "in Vietnam's provinces, from news articles; one named graph per source.",
                language="en",
            ),
        ),
        (dataset, DCTERMS.license, NamedNode(LICENSE)),
        (dataset, DCTERMS.creator, Literal("vnkg contributors")),
    ]


def _partitions(
    dataset: NamedNode,
    kind: str,
    predicates: tuple[NamedNode, NamedNode, NamedNode],
    found: list[Row],
) -> list[Statement]:
    """`dataset link <#kind-slug> . <#kind-slug> key term ; measure n` for each (term, n)."""
    link, key, measure = predicates
    triples: list[Statement] = []
    for term, n in found:
        digest = hashlib.sha1(term.value.encode()).hexdigest()[:12]
        node = NamedNode(f"{dataset.value}#{kind}-{digest}")
        triples += [(dataset, link, node), (node, key, term), (node, measure, n)]
    return triples


def _subsets(sizes: list[Row], dataset: NamedNode) -> list[Statement]:
    """Each named graph (`sizes`: graph, triples) as a void:subset with its size (a
    source's graph cites the source)."""
    triples: list[Statement] = []
    for graph, n in sizes:
        triples += [
            (dataset, VOID.subset, graph),
            (graph, RDF.type, VOID.Dataset),
            (graph, VOID.triples, n),
        ]
        if "/graph/source/" in graph.value:
            source = NamedNode(graph.value.replace("/graph/source/", "/id/source/"))
            triples.append((graph, DCTERMS.source, source))
    return triples
