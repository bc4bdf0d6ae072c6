"""A linked-data page's data from a handful of named queries: the job a query process runs.

Each section of a page is one query of graph/queries/ with `?iri` bound: the statements
about the resource (page-facts), the links to it counted by property (page-links), one page
of those links (page-incoming), of its observations (page-observations, then facts of those),
of a class's instances or of a graph's subjects, and the labels of every IRI shown (labels).
A page costs at most ten queries on any store, however large, and lists hold `size` items.
server/web/pages.py sends a `PageJob` through dispatch.execute, like a /sparql query: in a
query process when the store is on disk, under the query timeout and MAX_RESULT_ROWS.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import NamedTuple

from pyoxigraph import NamedNode
from vnkg.graph import queries
from vnkg.graph.backend import Backend
from vnkg.graph.emit.vocab import GEO, QB, RDF, VNKG
from vnkg.server.limits import ResultTooLarge
from vnkg.server.web import catalogue, describe, labels, locator, observations
from vnkg.server.web.catalogue import GraphListing, Pager, Usage
from vnkg.server.web.describe import Pairs, Resource
from vnkg.server.web.labels import Labeller, Linker
from vnkg.server.web.locator import Place
from vnkg.server.web.observations import Row

INSTANCES = RDF.type.value
LINKS = frozenset(p.value for p in observations.LINKS)  # how observations point at a resource
# A list sorted on every page costs a sort of all of it: about 30 µs an item in pyoxigraph 0.5.
# Longer lists are paged in the store's own order (stable for a build, not across stores).
SORTED_MOST = 2000
REIFICATION = frozenset(p.value for p in (RDF.subject, RDF.predicate, RDF.object))


class PageJob(NamedTuple):
    """What to gather: the resource, which page of its lists, and the limits (plain values)."""

    iri: str
    base: str  # the BASE_IRI, for local links
    page: int
    size: int
    term: bool  # an ontology term: usage counts and instances
    graph: bool  # under graph/: the named graph's contents
    max_rows: int
    spool_bytes: int = 0  # (dispatch removes a stopped job's spool files; a page has none)
    spool_dir: str | None = None
    spool_name: str = ""
    lang: str = "en"  # the page's language: labels are chosen in it


@dataclass(frozen=True)
class Evidence:
    """Where the source states a fact: its page, the span's offsets, the figure as written."""

    source: str | None  # the source's page on this server
    start: int
    end: int
    figure: str


@dataclass(frozen=True)
class Citation:
    """How to cite a fact's source: title, publisher, date of publication, web address."""

    title: str
    publisher: str
    date: str
    url: str


@dataclass(frozen=True)
class PageData:
    """Everything a resource page shows; `resource` None when the store knows nothing of it."""

    resource: Resource | None
    rows: tuple[Row, ...] = ()
    observations: Pager | None = None
    observation: Row | None = None
    incoming: Pager | None = None
    usage: Usage | None = None
    listing: GraphListing | None = None
    evidence: tuple[Evidence, ...] = ()
    places: tuple[Place, ...] = ()  # its point and the provinces', for a locator map
    citations: tuple[Citation, ...] = ()
    calls: int = 0


class Reader:
    """Runs the named queries of one page and counts them; an answer holds at most `max_rows`."""

    def __init__(self, store: Backend, job: PageJob) -> None:
        self.store, self.job, self.calls = store, job, 0
        self.iri = NamedNode(job.iri) if job.iri else None

    def rows(
        self,
        name: str,
        bound: dict[str, object] | None = None,
        *,
        paged: bool = False,
        order: tuple[str, ...] = (),
    ) -> list[queries.Row]:
        """The rows of `name` with ?iri bound (or `bound`); one page of them if `paged`, sorted
        by `order` (variable names), or in the store's order past SORTED_MOST (`total`)."""
        job = self.job
        part = queries.Slice(job.size, (job.page - 1) * job.size, order) if paged else None
        self.calls += 1
        bound = {"iri": self.iri} if bound is None else bound
        found = queries.rows(self.store, name, bound, part, inline=True)
        if len(found) > job.max_rows:
            raise ResultTooLarge(f"a page query answered more than {job.max_rows} rows")
        return found


class Survey(NamedTuple):
    """What decides the rest: the resource's statements, links to it, graph size, uses."""

    own: Pairs
    links: dict[str, int]  # resources that link to it, by property (rdf:type: instances)
    observed: dict[str, int]  # observations that point at it, by property
    graph: tuple[int, int]  # (triples, subjects) of the graph it names
    uses: int  # resources that use it as a property

    def empty(self) -> bool:
        return not (self.own or self.links or self.graph[0] or self.uses)

    def incoming(self) -> dict[str, int]:
        """The counts of the links page-incoming.rq lists, by property: not observations',
        instances' or reifications' (statements about a statement that names it)."""
        counts = {p: n - self.observed.get(p, 0) for p, n in self.links.items()}
        apart = {INSTANCES, *REIFICATION}
        return {p: n for p, n in counts.items() if p not in apart and n > 0}

    def observations(self) -> int:
        """How many observations point at it."""
        return sum(self.observed.values())

    def pointing(self) -> int:
        """Resources that link to it, by each property but rdf:type."""
        return sum(n for p, n in self.links.items() if p != INSTANCES)


class Lists(NamedTuple):
    """One page of each list, and the statements of what they name."""

    fragments: dict[str, Pairs]
    incoming: list[tuple[NamedNode, NamedNode]]
    observations: dict[str, Pairs]
    instances: list[NamedNode]
    graph: list[tuple[NamedNode, list[NamedNode]]]


def collect(store: Backend, job: PageJob) -> PageData:
    """The job: the data of the page of `job.iri` (module level, so that a worker can run it)."""
    read = Reader(store, job)
    survey = _survey(read)
    if survey.empty():
        return PageData(None, calls=read.calls)
    lists = _lists(read, survey)
    names = Labeller(Linker(job.base), labels_of(read, shown(job.iri, survey, lists)), job.lang)
    evidence = located(read, Linker(job.base)) if _has(survey, VNKG.evidence) else ()
    places = mapped(read) if _has(survey, GEO.hasGeometry) else ()
    page = assemble(job, survey, lists, names, read.calls)
    citations = cited(read) if page.observation is not None else ()
    return replace(page, evidence=evidence, places=places, citations=citations, calls=read.calls)


def cited(read: Reader) -> tuple[Citation, ...]:
    """How to cite the page's fact, one line per source (page-citation)."""
    found = {
        source.value: Citation(_text(title), _text(publisher), _text(issued), _text(url))
        for _, source, title, publisher, issued, url in read.rows("page-citation")
    }
    return tuple(found[s] for s in sorted(found))


def mapped(read: Reader) -> tuple[Place, ...]:
    """The points of the page's place and of every province (page-locator)."""
    found = []
    for _, place, wkt, new in read.rows("page-locator"):
        point = locator.parse(_text(wkt))
        if point is not None:
            found.append(Place(place.value, point[0], point[1], _text(new) == "true"))
    return tuple(sorted(found, key=lambda p: p.iri))  # the same map whatever the store's order


def _has(survey: Survey, predicate: NamedNode) -> bool:
    return any(p == predicate for p, _ in survey.own)


def located(read: Reader, linker: Linker) -> tuple[Evidence, ...]:
    """The evidence locators of the page's fact (page-evidence)."""
    return tuple(
        Evidence(linker.local(source.value), int(start.value), int(end.value), _text(exact))
        for _, source, start, end, exact in read.rows("page-evidence")
    )


def _text(term: object) -> str:
    return str(getattr(term, "value", "")) if term is not None else ""


def _survey(read: Reader) -> Survey:
    job = read.job
    own: Pairs = sorted(((p, o) for _, p, o in read.rows("page-facts")), key=_statement)
    links = {p.value: int(n.value) for _, p, n in read.rows("page-links")}
    observed: dict[str, int] = {}
    if LINKS & set(links):
        observed = {p.value: int(n.value) for _, p, n in read.rows("page-observation-counts")}
    graph = (0, 0)
    if job.graph:
        found = read.rows("page-graph")
        graph = (int(found[0][1].value), int(found[0][2].value)) if found else (0, 0)
    used = read.rows("page-uses") if job.term else []
    uses = int(used[0][1].value) if used else 0
    return Survey(own, links, observed, graph, uses)


def _lists(read: Reader, survey: Survey) -> Lists:
    job = read.job
    fragments = describe.fragments_of(job.iri, survey.own)
    linking = [NamedNode(p) for p in sorted(survey.incoming())]
    incoming = []
    if linking:
        incoming = read.rows("page-incoming", {"iri": read.iri, "p": linking}, paged=True)
    observed = []
    if survey.observations():
        order = _order("obs", survey.observations())
        observed = read.rows("page-observations", paged=True, order=order)
    instances = []
    if job.term and survey.links.get(INSTANCES):
        order = _order("s", survey.links[INSTANCES])
        instances = [s for _, s in read.rows("page-instances", paged=True, order=order)]
    subjects = []
    if survey.graph[0]:
        order = _order("s", survey.graph[1])
        subjects = read.rows("page-graph-subjects", paged=True, order=order)
    return Lists(
        fragments=_facts(read, fragments),
        incoming=[(p, s) for _, p, s in incoming],
        observations=_facts(read, [o for _, o in observed]),
        instances=instances,
        graph=_classes(read, [s for _, s in subjects]),
    )


def _order(variable: str, total: int) -> tuple[str, ...]:
    """Sort a list by `variable` unless it is too long to sort on every page."""
    return (variable,) if total <= SORTED_MOST else ()


def _classes(read: Reader, subjects: list[NamedNode]) -> list[tuple[NamedNode, list[NamedNode]]]:
    """Each of `subjects` with the classes the page's graph gives it (one query for all)."""
    found: dict[NamedNode, list[NamedNode]] = {s: [] for s in subjects}
    if subjects:
        for _, s, kind in read.rows("graph-types", {"g": read.iri, "s": subjects}):
            found[s].append(kind)
    return list(found.items())


def _facts(read: Reader, subjects: list[NamedNode]) -> dict[str, Pairs]:
    """The statements of each of `subjects` (one query for all), by subject IRI, sorted."""
    found: dict[str, Pairs] = {s.value: [] for s in subjects}
    if subjects:
        for s, p, o in read.rows("facts", {"s": subjects}):
            found[s.value].append((p, o))
    return {s: sorted(pairs, key=_statement) for s, pairs in found.items()}


def _statement(pair: tuple[NamedNode, object]) -> str:
    """The order of statements on a page (whatever order the store answers in)."""
    return f"{pair[0]} {pair[1]}"


def shown(iri: str, survey: Survey, lists: Lists) -> set[NamedNode]:
    """Every IRI the page names (and the datatypes of its literals): what needs a label."""
    terms: list[object] = [NamedNode(iri), *lists.instances]
    for pairs in [survey.own, *lists.fragments.values(), *lists.observations.values()]:
        terms += [t for pair in pairs for t in pair]
    terms += [t for pair in lists.incoming for t in pair]
    terms += [t for s, classes in lists.graph for t in (s, *classes)]
    terms += [NamedNode(o) for o in lists.fragments] + [NamedNode(o) for o in lists.observations]
    return set(labels.named(terms))


def labels_of(read: Reader, iris: Iterable[NamedNode]) -> labels.LabelTable:
    """The labels (and codes, symbols, years) of `iris`: one query."""
    listed = sorted(iris, key=str)
    return labels.table(read.rows("labels", {"s": listed})) if listed else {}


def assemble(job: PageJob, survey: Survey, lists: Lists, names: Labeller, calls: int) -> PageData:
    """The page from what the queries found."""
    counts = survey.incoming()
    linked = describe.incoming(lists.incoming, counts, (job.page - 1) * job.size, names)
    own = _values({job.iri: survey.own})[job.iri]
    listing = None
    if survey.graph[0]:
        subjects = [(s.value, [c.value for c in classes]) for s, classes in lists.graph]
        pager = Pager(survey.graph[1], job.page, job.size)
        listing = catalogue.listing(job.iri, survey.graph, subjects, pager, names)
    return PageData(
        resource=describe.resource(job.iri, survey.own, lists.fragments, linked, names),
        rows=tuple(observations.rows(_values(lists.observations), names)),
        observations=Pager(survey.observations(), job.page, job.size),
        observation=(
            observations.row(job.iri, own, names)
            if QB.Observation in own.get(RDF.type, [])
            else None
        ),
        incoming=Pager(sum(counts.values()), job.page, job.size),
        usage=_usage(job, survey, lists, names) if job.term else None,
        listing=listing,
        calls=calls,
    )


def _usage(job: PageJob, survey: Survey, lists: Lists, names: Labeller) -> Usage:
    instances = survey.links.get(INSTANCES, 0)
    examples = tuple(sorted((names.node(i) for i in lists.instances), key=describe.by_text))
    pager = Pager(instances, job.page, job.size)
    return Usage(instances, examples, survey.uses, survey.pointing(), pager)


def _values(facts: dict[str, Pairs]) -> dict[str, observations.Values]:
    found: dict[str, observations.Values] = {}
    for iri, pairs in facts.items():
        values = found.setdefault(iri, {})
        for p, o in pairs:
            values.setdefault(p, []).append(o)
    return found
