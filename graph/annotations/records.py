"""Typed annotation records, each keeping the YAML location it came from."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..errors import Location


class PlaceKind(enum.Enum):
    COUNTRY = "country"
    REGION = "region"
    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"


class LegalType(enum.Enum):
    DECREE = "decree"
    DECISION = "decision"
    CIRCULAR = "circular"
    JOINT_CIRCULAR = "joint_circular"
    RESOLUTION = "resolution"
    PARTY_RESOLUTION = "party_resolution"
    LAW = "law"


class ProgrammeKind(enum.Enum):
    NATIONAL_TARGET_PROGRAMME = "national_target_programme"
    PROJECT = "project"
    SUB_PROJECT = "sub_project"
    EMULATION_MOVEMENT = "emulation_movement"
    POLICY = "policy"
    PROGRAMME = "programme"


class OrgKind(enum.Enum):
    GOVERNMENT = "government"
    MINISTRY = "ministry"
    DEPARTMENT = "department"
    PEOPLE_COMMITTEE = "people_committee"
    PEOPLE_COUNCIL = "people_council"
    PARTY_COMMITTEE = "party_committee"
    PARTY_CONGRESS = "party_congress"
    BANK = "bank"
    MASS_ORGANISATION = "mass_organisation"
    RED_CROSS = "red_cross"
    FUND = "fund"
    PUBLISHER = "publisher"
    OTHER = "other"


class Status(enum.Enum):
    ACHIEVED = "achieved"
    TARGET = "target"
    PLAN = "plan"


class Qualifier(enum.Enum):
    EXACT = "exact"
    MORE_THAN = "more_than"
    AT_LEAST = "at_least"
    NEARLY = "nearly"
    ABOUT = "about"
    UP_TO = "up_to"
    LESS_THAN = "less_than"
    RANGE = "range"


class SupportType(enum.Enum):
    CREDIT = "credit"
    HOUSING = "housing"
    HEALTH_INSURANCE = "health_insurance"
    EDUCATION = "education"
    VOCATIONAL_TRAINING = "vocational_training"
    EMPLOYMENT = "employment"
    LEGAL_AID = "legal_aid"
    ELECTRICITY = "electricity"
    FOOD = "food"
    LAND = "land"
    WATER = "water"
    LIVELIHOOD = "livelihood"
    CASH_ALLOWANCE = "cash_allowance"
    INFRASTRUCTURE = "infrastructure"
    SAVINGS = "savings"


@dataclass(frozen=True)
class Period:
    """A year, a span of years, a date or a span of dates, as written in the YAML."""

    start: date
    end: date
    text: str
    is_instant: bool = False

    @property
    def slug(self) -> str:
        """The period's slug: '2024', '2021-2024', '2024-12-31'."""
        return self.text.replace("/", "-") if "/" in self.text else self.text


Labels = dict[str, str]
Inferred = dict[str, str]


@dataclass(frozen=True, kw_only=True)
class Record:
    """Fields every annotation record has."""

    id: str
    loc: Location
    inferred: Inferred = field(default_factory=dict, compare=False)


@dataclass(frozen=True, kw_only=True)
class Place(Record):
    kind: PlaceKind
    name: Labels
    part_of: str | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class LegalDocument(Record):
    number: str
    type: LegalType
    year: int | None = None
    date: date | None = None
    passed_by: str | None = None
    name: Labels = field(default_factory=dict)
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Programme(Record):
    kind: ProgrammeKind
    name: Labels
    part_of: str | None = None
    period: Period | None = None
    legal_basis: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    coordinated_by: str | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Organisation(Record):
    kind: OrgKind
    name: Labels
    sub_organization_of: str | None = None
    place: str | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Source(Record):
    file: str
    title: Labels
    publisher: str
    url: str | None = None
    url_note: str | None = None
    language: str
    about: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class Observation(Record):
    source: str
    indicator: str
    place: str
    period: Period
    value: Decimal
    value_max: Decimal | None = None
    unit: str
    status: Status
    qualifier: Qualifier
    programme: str | None = None
    organisation: str | None = None
    population: str | None = None
    caption: bool = False
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class Activity(Record):
    source: str
    support: SupportType
    delivered_by: str | None = None
    place: str | None = None
    programme: str | None = None
    period: Period | None = None
    legal_basis: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class Post(Record):
    source: str
    person: str
    role: Labels
    organisation: str
    period: Period | None = None


@dataclass(frozen=True)
class Annotations:
    """Everything read from one seeds directory."""

    places: tuple[Place, ...] = ()
    legal_documents: tuple[LegalDocument, ...] = ()
    programmes: tuple[Programme, ...] = ()
    organisations: tuple[Organisation, ...] = ()
    sources: tuple[Source, ...] = ()
    observations: tuple[Observation, ...] = ()
    activities: tuple[Activity, ...] = ()
    posts: tuple[Post, ...] = ()
