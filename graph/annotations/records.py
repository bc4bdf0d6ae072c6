"""Typed annotation records, each keeping the YAML location it came from."""

from __future__ import annotations

import enum
from collections.abc import Iterator
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
    # below the commune: named places of the articles, not administrative units, with no code
    VILLAGE = "village"
    HAMLET = "hamlet"
    RESIDENTIAL_ZONE = "residential_zone"


SUB_COMMUNE = frozenset({PlaceKind.VILLAGE, PlaceKind.HAMLET, PlaceKind.RESIDENTIAL_ZONE})


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


class ActivityStatus(enum.Enum):
    ACHIEVED = "achieved"
    ONGOING = "ongoing"
    PLANNED = "planned"


class Qualifier(enum.Enum):
    EXACT = "exact"
    MORE_THAN = "more_than"
    SLIGHTLY_MORE_THAN = "slightly_more_than"
    AT_LEAST = "at_least"
    NEARLY = "nearly"
    ABOUT = "about"
    UP_TO = "up_to"
    LESS_THAN = "less_than"
    ON_AVERAGE = "on_average"
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
    HEALTH_CARE = "health_care"
    COMMUNICATION = "communication"
    CAPACITY_BUILDING = "capacity_building"


class Aspect(enum.Enum):
    """What of a record a curator may have supplied rather than read: the keys of `inferred:`.

    On observations and activities an aspect may cover several fields (`place` is `place` and
    `places`; `value` is the value, its bound or spread, unit and qualifier: how the figure is
    read; `organisation` is every organisation of the record, whatever its role); on the other
    records it is the field of that name.
    """

    PLACE = "place"
    PERIOD = "period"
    STATUS = "status"
    INDICATOR = "indicator"
    PROGRAMME = "programme"
    ORGANISATION = "organisation"
    VALUE = "value"
    SUPPORT = "support"
    RECIPIENTS = "recipients"
    ITEMS = "items"
    PART_OF = "part_of"
    NAME = "name"
    KIND = "kind"
    TYPE = "type"
    YEAR = "year"
    DATE = "date"
    PASSED_BY = "passed_by"
    LEGAL_BASIS = "legal_basis"
    PLACES = "places"
    COORDINATED_BY = "coordinated_by"
    SUB_ORGANIZATION_OF = "sub_organization_of"
    PUBLISHER = "publisher"
    ROLE = "role"


class Role(enum.Enum):
    """What an organisation does in a support activity."""

    FUNDER = "funder"
    LENDER = "lender"
    DELIVERER = "deliverer"
    COORDINATOR = "coordinator"
    MENTIONED = "mentioned"


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


@dataclass(frozen=True)
class Evidence:
    """Where the article states a fact: a span of code points [start, end) of its text (one
    sentence or caption), and the figure exactly as the text writes it, inside the span."""

    start: int
    end: int
    figure: str | None
    loc: Location = field(compare=False)


@dataclass(frozen=True)
class Spread:
    """Values of several units (the districts of a province, the groups of a model) running
    from `min` to `max`: not an uncertain value, and not a value of the place itself."""

    min: Decimal
    max: Decimal
    over: str


@dataclass(frozen=True)
class Recipients:
    """Who received an activity's support, in English, and how many when the source says."""

    group: str
    count: Decimal | None = None


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
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class LegalDocument(Record):
    number: str | None = None  # only a number the source gives (a Party resolution has none)
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
    date: Period | None = None
    about: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class Observation(Record):
    source: str
    indicator: str
    place: str
    places: tuple[str, ...] = ()
    period: Period | None = None  # None: the source does not date it ("as of the source")
    value: Decimal | None = None  # None only for a spread
    value_max: Decimal | None = None
    spread: Spread | None = None
    unit: str
    status: Status
    qualifier: Qualifier
    programme: str | None = None
    organisation: str | None = None
    population: str | None = None
    caption: bool = False
    evidence: Evidence | None = None
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class Activity(Record):
    source: str
    support: tuple[SupportType, ...]
    status: ActivityStatus
    funder: tuple[str, ...] = ()
    lender: tuple[str, ...] = ()
    deliverer: tuple[str, ...] = ()
    coordinator: tuple[str, ...] = ()
    mentioned: tuple[str, ...] = ()
    place: str | None = None
    programme: str | None = None
    period: Period | None = None
    legal_basis: tuple[str, ...] = ()
    recipients: tuple[Recipients, ...] = ()
    items: tuple[str, ...] = ()
    evidence: Evidence | None = None
    note: str | None = None

    def organisations(self) -> Iterator[tuple[Role, str]]:
        """Each organisation id with its role, roles in their declared order."""
        for role in Role:
            for org in getattr(self, role.value):
                yield role, org


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
