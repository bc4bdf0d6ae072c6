"""Typed literals and the ontology terms that stand for each enum value."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pyoxigraph import Literal, NamedNode

from ..annotations.records import (
    ActivityStatus,
    LegalType,
    OrgKind,
    PlaceKind,
    ProgrammeKind,
    Qualifier,
    Status,
    SupportType,
)
from .vocab import GEO, SCHEMA, VNKG, XSD

# A place's own class, then the superclasses materialised so that clients knowing only
# schema.org / GeoSPARQL find places (the annotations' places and the gazetteer's units).
PLACE_TYPES = {
    PlaceKind.COUNTRY: (VNKG.Country, VNKG.AdministrativeUnit, SCHEMA.Country, GEO.Feature),
    PlaceKind.REGION: (VNKG.Region, SCHEMA.Place, GEO.Feature),
    PlaceKind.PROVINCE: (
        VNKG.Province,
        VNKG.AdministrativeUnit,
        SCHEMA.AdministrativeArea,
        GEO.Feature,
    ),
    PlaceKind.DISTRICT: (
        VNKG.District,
        VNKG.AdministrativeUnit,
        SCHEMA.AdministrativeArea,
        GEO.Feature,
    ),
    PlaceKind.COMMUNE: (
        VNKG.Commune,
        VNKG.AdministrativeUnit,
        SCHEMA.AdministrativeArea,
        GEO.Feature,
    ),
}
# Units created by the 2025 reform are provinces and communes like the others.
PLACE_TYPES |= {
    PlaceKind.PROVINCE_2025: PLACE_TYPES[PlaceKind.PROVINCE],
    PlaceKind.COMMUNE_2025: PLACE_TYPES[PlaceKind.COMMUNE],
    # below the commune: not administrative units, and with no code
    PlaceKind.VILLAGE: (VNKG.Village, VNKG.Locality, SCHEMA.Place, GEO.Feature),
    PlaceKind.HAMLET: (VNKG.Hamlet, VNKG.Locality, SCHEMA.Place, GEO.Feature),
    PlaceKind.RESIDENTIAL_ZONE: (VNKG.ResidentialZone, VNKG.Locality, SCHEMA.Place, GEO.Feature),
}
PROGRAMME_CLASSES = {
    ProgrammeKind.NATIONAL_TARGET_PROGRAMME: VNKG.NationalTargetProgramme,
    ProgrammeKind.PROJECT: VNKG.Project,
    ProgrammeKind.SUB_PROJECT: VNKG.SubProject,
    ProgrammeKind.EMULATION_MOVEMENT: VNKG.EmulationMovement,
    ProgrammeKind.POLICY: VNKG.Policy,
    ProgrammeKind.PROGRAMME: VNKG.Programme,
}


def camel(token: str) -> str:
    """'more_than' -> 'MoreThan'."""
    return "".join(part.capitalize() for part in token.split("_"))


def concept(value: Status | Qualifier) -> NamedNode:
    """The concept of a status or qualifier: vnkg:Achieved, vnkg:MoreThan, ..."""
    return VNKG[camel(value.value)]


def activity_status(value: ActivityStatus) -> NamedNode:
    """vnkg:ActivityAchieved, vnkg:ActivityOngoing, vnkg:ActivityPlanned."""
    return VNKG[f"Activity{camel(value.value)}"]


def place_kind(kind: str) -> str:
    """The kind of a place as written in its IRI: 'residential_zone' -> 'residential-zone'."""
    return kind.replace("_", "-")


def legal_type(value: LegalType) -> NamedNode:
    """vnkg:Decree, vnkg:JointCircular, ..."""
    return VNKG[camel(value.value)]


def org_type(value: OrgKind) -> NamedNode:
    """<def/orgtype/people_committee>."""
    return VNKG[f"orgtype/{value.value}"]


def support_type(value: SupportType) -> NamedNode:
    """<def/support/health-insurance>."""
    return VNKG[f"support/{value.value.replace('_', '-')}"]


def decimal(value: Decimal) -> Literal:
    """An xsd:decimal in canonical form (no exponent, no trailing zeros)."""
    text = format(value.normalize(), "f") if value != value.to_integral() else str(int(value))
    if "." not in text:
        text += ".0"
    return Literal(text, datatype=XSD.decimal)


def count(value: int) -> Literal:
    """A character offset: an xsd:integer (the store would turn an xsd:nonNegativeInteger
    into one anyway; the shapes require it non-negative)."""
    return Literal(str(value), datatype=XSD.integer)


def gyear(year: int) -> Literal:
    """An xsd:gYear."""
    return Literal(f"{year:04d}", datatype=XSD.gYear)


def xsd_date(value: dt.date) -> Literal:
    """An xsd:date."""
    return Literal(value.isoformat(), datatype=XSD.date)
