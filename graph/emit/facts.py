"""Quads of what each source reports: its record, observations, activities and posts."""

from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import Literal, NamedNode, Quad

from ..annotations.records import (
    Activity,
    Annotations,
    Evidence,
    Observation,
    Period,
    Post,
    Role,
    Source,
)
from .iris import slugify
from .minter import Minter
from .statements import Statement, in_graph, inferences
from .terms import activity_status, concept, count, decimal, gyear, support_type, xsd_date
from .vocab import (
    DCTERMS,
    FOAF,
    OA,
    ORG,
    PROV,
    QB,
    RDF,
    RDFS,
    SCHEMA,
    SDMX_ATT,
    SDMX_DIM,
    SDMX_MEAS,
    SKOS,
    TIME,
    VNKG,
    XSD,
)


def emit_sources(annotations: Annotations, mint: Minter) -> Iterator[Quad]:
    """Each source's record and facts, in the source's own named graph.

    A period is described once per graph, however many facts of the source fall in it.
    """
    done: dict[str, set[Period]] = {}
    dates = {s.id: s.date for s in annotations.sources}
    for source in annotations.sources:
        yield from in_graph(mint.iris.source_graph(source.id), source_triples(source, mint))
    for obs in annotations.observations:
        periods = done.setdefault(obs.source, set())
        graph = mint.iris.source_graph(obs.source)
        yield from in_graph(graph, observation_triples(obs, mint, periods))
        if obs.period is None and (date := dates.get(obs.source)) is not None:
            as_of = Period(date.start, date.end, f"as-of-{obs.source}", date.is_instant)
            label = f"as of source {obs.source} ({date.text})"
            yield from in_graph(graph, new_period_triples(as_of, mint, periods, label))
    for activity in annotations.activities:
        periods = done.setdefault(activity.source, set())
        graph = mint.iris.source_graph(activity.source)
        yield from in_graph(graph, activity_triples(activity, mint, periods))
    for post in annotations.posts:
        periods = done.setdefault(post.source, set())
        yield from in_graph(mint.iris.source_graph(post.source), post_triples(post, mint, periods))


def source_triples(source: Source, mint: Minter) -> Iterator[Statement]:
    node = mint.source(source.id)
    yield node, RDF.type, SCHEMA.NewsArticle
    yield node, RDF.type, PROV.Entity
    for lang, title in sorted(source.title.items()):
        yield node, DCTERMS.title, Literal(title, language=lang)
        yield node, RDFS.label, Literal(title, language=lang)
    yield node, DCTERMS.publisher, Literal(source.publisher)
    yield node, DCTERMS.language, Literal(source.language, datatype=XSD.language)
    yield node, VNKG.sourceFile, Literal(source.file)
    if source.date is not None:
        day = source.date
        yield node, DCTERMS.issued, xsd_date(day.start) if day.is_instant else gyear(day.start.year)
    if source.url:
        yield node, SCHEMA.url, NamedNode(source.url)
    if source.url_note:
        yield node, VNKG.urlNote, Literal(source.url_note, language="en")
    for place in source.about:
        yield node, SCHEMA.about, mint.place(place)
    if source.note:
        yield node, RDFS.comment, Literal(source.note, language="en")
    yield from inferences(node, source)


def _common(
    node: NamedNode, record: Observation | Activity | Post, mint: Minter
) -> Iterator[Statement]:
    yield node, PROV.wasDerivedFrom, mint.source(record.source)
    note = getattr(record, "note", None)
    if note:
        yield node, RDFS.comment, Literal(note, language="en")
    evidence = getattr(record, "evidence", None)
    if evidence is not None:
        yield from evidence_triples(node, evidence, mint.source(record.source))
    yield from inferences(node, record)


def evidence_triples(node: NamedNode, ev: Evidence, source: NamedNode) -> Iterator[Statement]:
    """Where the source states the fact, as a W3C Web Annotation specific resource: a text
    position selector on the source, refined by a quote selector holding the figure as written.
    """
    target = NamedNode(f"{node.value}#evidence")
    position = NamedNode(f"{node.value}#evidence-position")
    yield node, VNKG.evidence, target
    yield target, RDF.type, OA.SpecificResource
    yield target, OA.hasSource, source
    yield target, OA.hasSelector, position
    yield position, RDF.type, OA.TextPositionSelector
    yield position, OA.start, count(ev.start)
    yield position, OA.end, count(ev.end)
    if ev.figure is not None:
        quote = NamedNode(f"{node.value}#evidence-figure")
        yield position, OA.refinedBy, quote
        yield quote, RDF.type, OA.TextQuoteSelector
        yield quote, OA.exact, Literal(ev.figure)


def observation_triples(
    obs: Observation, mint: Minter, done: set[Period] | None = None
) -> Iterator[Statement]:
    """An observation: a qb:Observation of the source's graph. An undated one (no period) has
    as period the source's date, `{base}id/period/as-of-{source}`, and vnkg:asOfSource true."""
    node = mint.iris.mint("observation", obs.id)
    yield node, RDF.type, QB.Observation
    yield node, QB.dataSet, mint.iris.mint("dataset", "observations")
    yield node, SDMX_DIM.refArea, mint.place(obs.place)
    for place in obs.places:
        yield node, VNKG.place, mint.place(place)
    yield node, VNKG.indicator, mint.indicator(obs.indicator)
    yield node, SDMX_ATT.unitMeasure, mint.unit(obs.unit)
    yield node, VNKG.status, concept(obs.status)
    yield node, VNKG.qualifier, concept(obs.qualifier)
    if obs.period:
        yield node, SDMX_DIM.refPeriod, mint.period(obs.period)
        yield from new_period_triples(obs.period, mint, done)
    else:
        yield node, SDMX_DIM.refPeriod, mint.as_of(obs.source)
        yield node, VNKG.asOfSource, Literal(True)
    if obs.programme:
        yield node, VNKG.programme, mint.programme(obs.programme)
    if obs.organisation:
        yield node, VNKG.organisation, mint.organisation(obs.organisation)
    if obs.value is not None:
        yield node, SDMX_MEAS.obsValue, decimal(obs.value)
    if obs.value_max is not None:
        yield node, VNKG.maxValue, decimal(obs.value_max)
    if obs.spread is not None:
        yield node, VNKG.spreadMin, decimal(obs.spread.min)
        yield node, VNKG.spreadMax, decimal(obs.spread.max)
        yield node, VNKG.spreadOver, Literal(obs.spread.over, language="en")
    if obs.population:
        yield node, VNKG.populationGroup, Literal(obs.population, language="en")
    if obs.caption:
        yield node, VNKG.inCaption, Literal(True)
    yield from _common(node, obs, mint)


def activity_triples(
    activity: Activity, mint: Minter, done: set[Period] | None = None
) -> Iterator[Statement]:
    """A support activity: its types, status, organisations by role, recipients and items."""
    node = mint.iris.mint("activity", activity.id)
    yield node, RDF.type, VNKG.SupportActivity
    yield node, RDF.type, PROV.Activity
    for support in activity.support:
        yield node, VNKG.supportType, support_type(support)
    yield node, VNKG.activityStatus, activity_status(activity.status)
    for role, org in activity.organisations():
        yield node, ROLE_PROPERTIES[role], mint.organisation(org)
    if activity.place:
        yield node, VNKG.place, mint.place(activity.place)
    if activity.programme:
        yield node, VNKG.programme, mint.programme(activity.programme)
    if activity.period:
        yield node, VNKG.period, mint.period(activity.period)
        yield from new_period_triples(activity.period, mint, done)
    for doc in activity.legal_basis:
        yield node, VNKG.legalBasis, mint.legal(doc)
    for number, recipients in enumerate(activity.recipients, start=1):
        group = NamedNode(f"{node.value}#recipients-{number}")
        yield node, VNKG.recipients, group
        yield group, RDF.type, VNKG.RecipientGroup
        yield group, RDFS.label, Literal(recipients.group, language="en")
        if recipients.count is not None:
            yield group, VNKG.count, decimal(recipients.count)
    for item in activity.items:
        yield node, VNKG.itemGiven, Literal(item, language="en")
    yield from _common(node, activity, mint)


ROLE_PROPERTIES = {
    Role.FUNDER: VNKG.fundedBy,
    Role.LENDER: VNKG.lentBy,
    Role.DELIVERER: VNKG.deliveredBy,
    Role.COORDINATOR: VNKG.coordinatedBy,
    Role.MENTIONED: VNKG.mentions,
}


def post_triples(post: Post, mint: Minter, done: set[Period] | None = None) -> Iterator[Statement]:
    node = mint.iris.mint("membership", post.id)
    person = mint.iris.mint("person", slugify(post.person))
    role_name = post.role.get("en") or next(iter(post.role.values()))
    role = mint.iris.mint("role", slugify(role_name))
    yield node, RDF.type, ORG.Membership
    yield node, ORG.member, person
    yield node, ORG.organization, mint.organisation(post.organisation)
    yield node, ORG.role, role
    yield person, RDF.type, FOAF.Person
    yield person, FOAF.name, Literal(post.person)
    yield person, RDFS.label, Literal(post.person)
    yield role, RDF.type, ORG.Role
    for lang, name in sorted(post.role.items()):
        yield role, SKOS.prefLabel, Literal(name, language=lang)
    if post.period:
        yield node, ORG.memberDuring, mint.period(post.period)
        yield from new_period_triples(post.period, mint, done)
    yield from _common(node, post, mint)


def new_period_triples(
    period: Period, mint: Minter, done: set[Period] | None, label: str | None = None
) -> Iterator[Statement]:
    """The period's triples, unless it is in `done` (then nothing); record it there."""
    if done is None or period not in done:
        if done is not None:
            done.add(period)
        yield from period_triples(period, mint, label)


def period_triples(period: Period, mint: Minter, label: str | None = None) -> Iterator[Statement]:
    """A year or span as time:ProperInterval with its bounds; a date as a time:Instant."""
    node = mint.period(period)
    yield node, RDFS.label, Literal(label or period.text.replace("/", "–"))
    if period.is_instant:
        yield node, RDF.type, TIME.Instant
        yield node, TIME.inXSDDate, xsd_date(period.start)
        return
    yield node, RDF.type, TIME.ProperInterval
    for predicate, day in ((TIME.hasBeginning, period.start), (TIME.hasEnd, period.end)):
        instant = mint.instant(day.isoformat())
        yield node, predicate, instant
        yield instant, RDF.type, TIME.Instant
        yield instant, TIME.inXSDDate, xsd_date(day)
    yield node, VNKG.startYear, gyear(period.start.year)
    yield node, VNKG.endYear, gyear(period.end.year)
