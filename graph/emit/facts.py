"""Quads of what each source reports: its record, observations, activities and posts."""

from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import Literal, NamedNode, Quad

from ..annotations.records import Activity, Annotations, Observation, Period, Post, Source
from .iris import slugify
from .minter import Minter
from .statements import Statement, in_graph, inferences
from .terms import concept, decimal, gyear, support_type, xsd_date
from .vocab import (
    DCTERMS,
    FOAF,
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
    for source in annotations.sources:
        yield from in_graph(mint.iris.source_graph(source.id), source_triples(source, mint))
    for obs in annotations.observations:
        periods = done.setdefault(obs.source, set())
        graph = mint.iris.source_graph(obs.source)
        yield from in_graph(graph, observation_triples(obs, mint, periods))
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
    if source.url:
        yield node, SCHEMA.url, NamedNode(source.url)
    if source.url_note:
        yield node, VNKG.urlNote, Literal(source.url_note, language="en")
    for place in source.about:
        yield node, SCHEMA.about, mint.place(place)
    if source.note:
        yield node, RDFS.comment, Literal(source.note, language="en")


def _common(
    node: NamedNode, record: Observation | Activity | Post, mint: Minter
) -> Iterator[Statement]:
    yield node, PROV.wasDerivedFrom, mint.source(record.source)
    note = getattr(record, "note", None)
    if note:
        yield node, RDFS.comment, Literal(note, language="en")


def observation_triples(
    obs: Observation, mint: Minter, done: set[Period] | None = None
) -> Iterator[Statement]:
    node = mint.iris.mint("observation", obs.id)
    yield node, RDF.type, QB.Observation
    yield node, QB.dataSet, mint.iris.mint("dataset", "observations")
    fields: dict[str, tuple[NamedNode, NamedNode]] = {
        "place": (SDMX_DIM.refArea, mint.place(obs.place)),
        "indicator": (VNKG.indicator, mint.indicator(obs.indicator)),
        "unit": (SDMX_ATT.unitMeasure, mint.unit(obs.unit)),
        "status": (VNKG.status, concept(obs.status)),
        "qualifier": (VNKG.qualifier, concept(obs.qualifier)),
    }
    if obs.period:
        fields["period"] = (SDMX_DIM.refPeriod, mint.period(obs.period))
        yield from new_period_triples(obs.period, mint, done)
    if obs.programme:
        fields["programme"] = (VNKG.programme, mint.programme(obs.programme))
    if obs.organisation:
        fields["organisation"] = (VNKG.organisation, mint.organisation(obs.organisation))
    for predicate, obj in fields.values():
        yield node, predicate, obj
    yield node, SDMX_MEAS.obsValue, decimal(obs.value)
    if obs.value_max is not None:
        yield node, VNKG.maxValue, decimal(obs.value_max)
    if obs.population:
        yield node, VNKG.populationGroup, Literal(obs.population, language="en")
    if obs.caption:
        yield node, VNKG.inCaption, Literal(True)
    yield from _common(node, obs, mint)
    yield from inferences(node, obs, dict(fields))


def activity_triples(
    activity: Activity, mint: Minter, done: set[Period] | None = None
) -> Iterator[Statement]:
    node = mint.iris.mint("activity", activity.id)
    yield node, RDF.type, VNKG.SupportActivity
    yield node, RDF.type, PROV.Activity
    yield node, VNKG.supportType, support_type(activity.support)
    fields: dict[str, tuple[NamedNode, NamedNode]] = {}
    if activity.delivered_by:
        fields["delivered_by"] = (VNKG.deliveredBy, mint.organisation(activity.delivered_by))
    if activity.place:
        fields["place"] = (VNKG.place, mint.place(activity.place))
    if activity.programme:
        fields["programme"] = (VNKG.programme, mint.programme(activity.programme))
    if activity.period:
        fields["period"] = (VNKG.period, mint.period(activity.period))
        yield from new_period_triples(activity.period, mint, done)
    for predicate, obj in fields.values():
        yield node, predicate, obj
    for doc in activity.legal_basis:
        yield node, VNKG.legalBasis, mint.legal(doc)
    yield from _common(node, activity, mint)
    yield from inferences(node, activity, dict(fields))


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
    period: Period, mint: Minter, done: set[Period] | None
) -> Iterator[Statement]:
    """The period's triples, unless it is in `done` (then nothing); record it there."""
    if done is None or period not in done:
        if done is not None:
            done.add(period)
        yield from period_triples(period, mint)


def period_triples(period: Period, mint: Minter) -> Iterator[Statement]:
    """A year or span as time:ProperInterval with its bounds; a date as a time:Instant."""
    node = mint.period(period)
    label = period.text.replace("/", "–")
    yield node, RDFS.label, Literal(label)
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
