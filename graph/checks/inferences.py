"""Checks of what curators inferred: every `inferred:` aspect has a value, and every note that
tells of a reading has an `inferred:` entry. Pure: records in, problems out."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..annotations.records import Activity, Annotations, Observation, Record, Role
from ..errors import Problem

# Words by which a note says that the curator read something into the article rather than
# found it there. A note with one of them needs an `inferred:` entry (aspect and reason). The
# one list of them: add variants here.
READING_WORDS = (
    r"read(?:s|ing)? as",
    r"(?:is|are|was|were|be|been|being) read",
    r"tak(?:e|es|en|ing) (?:as|to be|to mean)",
    r"assum(?:e|es|ed|ing|ption|ptions)",
    r"infer(?:s|red|ring|ence|ences)?",
    r"probabl[ey]",
    r"presumabl[ey]",
    r"interpret(?:s|ed|ing)? as",
    r"understood as",
    r"guess(?:es|ed|ing)?",
    r"deduc(?:e|es|ed|ing|tion)",
)
READING = re.compile(r"\b(?:" + "|".join(READING_WORDS) + r")\b", re.IGNORECASE)

# The fields each aspect of a fact covers (records.Aspect); any other aspect is its own field.
FACT_FIELDS = {
    "place": ("place", "places"),
    "value": ("value", "value_max", "spread"),
    "organisation": ("organisation", *(role.value for role in Role)),
}


def aspect_fields(record: Record, aspect: str) -> tuple[str, ...]:
    """The fields of `record` that `inferred: {aspect: ...}` is about."""
    if isinstance(record, Observation | Activity):
        return FACT_FIELDS.get(aspect, (aspect,))
    return (aspect,)


def _records(a: Annotations) -> Iterator[Record]:
    yield from a.places
    yield from a.legal_documents
    yield from a.programmes
    yield from a.organisations
    yield from a.sources
    yield from a.observations
    yield from a.activities
    yield from a.posts


def inferred_fields_set(a: Annotations) -> Iterator[Problem]:
    """An `inferred:` entry for an aspect the record leaves empty."""
    for record in _records(a):
        for aspect in record.inferred:
            values = [getattr(record, f, None) for f in aspect_fields(record, aspect)]
            if all(v in (None, "", ()) for v in values):
                yield Problem(
                    record.loc, f"inferred: '{aspect}' is marked inferred but has no value"
                )


def unmarked_readings(a: Annotations) -> Iterator[Problem]:
    """A note that says the curator read, took, assumed or inferred something, on a record
    with no `inferred:` entry."""
    for record in _records(a):
        note = getattr(record, "note", None)
        found = READING.search(note) if note else None
        if found and not record.inferred:
            yield Problem(
                record.loc,
                f'note: "{found[0]}" tells of a reading by the curator; '
                "record it under inferred: (the aspect and the reason)",
            )
