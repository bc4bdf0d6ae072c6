"""Turn marked YAML values into typed records, reporting every problem with its location."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from ..errors import Location, Problem, did_you_mean
from . import fields as f
from .records import (
    Activity,
    ActivityStatus,
    Annotations,
    Aspect,
    LegalDocument,
    LegalType,
    Observation,
    Organisation,
    OrgKind,
    Place,
    PlaceKind,
    Post,
    Programme,
    ProgrammeKind,
    Qualifier,
    Record,
    Role,
    Source,
    Status,
    SupportType,
)
from .yamlsource import MarkedList, MarkedMap, read_yaml, unknown_keys

R = TypeVar("R", bound=Record)


@dataclass(frozen=True)
class Spec:
    """How to read one kind of record: its class and {key: (converter, required)}."""

    cls: type[Record]
    keys: dict[str, tuple[f.Converter, bool]]


COMMON = {"id": (f.slug, True), "inferred": (lambda v: v, False), "draft": (f.boolean, False)}
SOURCES = {"sources": (f.slugs, False)}
SPECS: dict[str, Spec] = {
    "places": Spec(
        Place,
        {
            "kind": (f.choice(PlaceKind), True),
            "name": (f.labels, True),
            "part_of": (f.slug, False),
            "unresolved": (f.text, False),
            **SOURCES,
            "note": (f.text, False),
        },
    ),
    "legal_documents": Spec(
        LegalDocument,
        {
            "number": (f.text, False),
            "type": (f.choice(LegalType), True),
            "year": (f.year, False),
            "date": (f.date, False),
            "passed_by": (f.slug, False),
            "name": (f.labels, False),
            **SOURCES,
        },
    ),
    "programmes": Spec(
        Programme,
        {
            "kind": (f.choice(ProgrammeKind), True),
            "name": (f.labels, True),
            "part_of": (f.slug, False),
            "period": (f.period, False),
            "legal_basis": (f.slugs, False),
            "places": (f.slugs, False),
            "coordinated_by": (f.slug, False),
            **SOURCES,
        },
    ),
    "organisations": Spec(
        Organisation,
        {
            "kind": (f.choice(OrgKind), True),
            "name": (f.labels, True),
            "sub_organization_of": (f.slug, False),
            "place": (f.slug, False),
            **SOURCES,
        },
    ),
    "source": Spec(
        Source,
        {
            "file": (f.text, True),
            "title": (f.labels, True),
            "publisher": (f.text, True),
            "url": (f.url, False),
            "url_note": (f.text, False),
            "language": (f.language, True),
            "date": (f.publication_date, False),
            "about": (f.slugs, False),
            "note": (f.text, False),
        },
    ),
    "observations": Spec(
        Observation,
        {
            "indicator": (f.text, True),
            "place": (f.slug, True),
            "places": (f.slugs, False),
            "period": (f.period, False),
            "value": (f.number, False),
            "value_max": (f.number, False),
            "spread": (f.spread, False),
            "unit": (f.text, True),
            "status": (f.choice(Status), True),
            "qualifier": (f.choice(Qualifier), True),
            "programme": (f.slug, False),
            "organisation": (f.slug, False),
            "population": (f.text, False),
            "caption": (f.boolean, False),
            "evidence": (f.evidence, False),
            "note": (f.text, False),
            "place_before_reform": (f.text, False),
        },
    ),
    "activities": Spec(
        Activity,
        {
            "support": (f.choices(SupportType), True),
            "status": (f.choice(ActivityStatus), True),
            **{role.value: (f.ids, False) for role in Role},
            "place": (f.slug, False),
            "programme": (f.slug, False),
            "period": (f.period, False),
            "legal_basis": (f.slugs, False),
            "recipients": (f.recipients, False),
            "items": (f.texts, False),
            "evidence": (f.evidence, False),
            "note": (f.text, False),
            "place_before_reform": (f.text, False),
        },
    ),
    "posts": Spec(
        Post,
        {
            "person": (f.text, True),
            "role": (f.labels, True),
            "organisation": (f.slug, True),
            "period": (f.period, False),
        },
    ),
}
# The keys `inferred:` takes: on observations and activities the aspects of a fact (see
# records.Aspect); on the other records their own fields that are aspects.
FACT_ASPECTS = {
    Observation: ("place", "period", "status", "indicator", "programme", "organisation", "value"),
    Activity: (
        *("place", "period", "status", "support", "programme", "organisation"),
        *("recipients", "items"),
    ),
}
ASPECTS = frozenset(a.value for a in Aspect)
REFERENCE_KEYS = ("places", "legal_documents", "programmes", "organisations")
SOURCE_KEYS = ("source", "observations", "activities", "posts")


def read_record(
    node: Any, loc: Location, spec: Spec, problems: list[Problem], **extra: Any
) -> Record | None:
    """Check one mapping against `spec`; return the record, or None if a field is wrong."""
    if not isinstance(node, MarkedMap):
        problems.append(Problem(loc, "expected a map of fields"))
        return None
    keys = {**COMMON, **spec.keys}
    values: dict[str, Any] = {}
    unknown = unknown_keys(node, keys, f" (known keys: {', '.join(keys)})")
    problems += unknown
    ok = not unknown
    for key, (convert, required) in keys.items():
        if node.get(key) is None:
            if required:
                problems.append(Problem(node.loc, f"missing required key '{key}'"))
                ok = False
            continue
        try:
            values[key] = convert(node[key])
        except f.FieldError as err:
            problems.append(Problem(node.value_locs[key], f"{key}: {err}"))
            ok = False
    if "inferred" in values:
        values["inferred"] = _inferred(node, inferrable(spec.cls, keys), problems)
    return spec.cls(loc=node.loc, **values, **extra) if ok else None


def inferrable(cls: type[Record], keys: dict[str, Any]) -> tuple[str, ...]:
    """The keys that `inferred:` takes on a record of class `cls` with fields `keys`."""
    return FACT_ASPECTS.get(cls) or tuple(k for k in keys if k in ASPECTS)


def _inferred(node: MarkedMap, allowed: tuple[str, ...], problems: list[Problem]) -> dict[str, str]:
    value, loc = node["inferred"], node.value_locs["inferred"]
    if not isinstance(value, MarkedMap):
        problems.append(Problem(loc, "inferred: expected a map of aspect to reason"))
        return {}
    result = {}
    for field, reason in value.items():
        if field not in allowed:
            problems.append(
                Problem(
                    value.key_locs[field],
                    f"inferred: unknown aspect '{field}' (expected {', '.join(allowed)})",
                )
            )
        elif not isinstance(reason, str) or not reason.strip():
            problems.append(
                Problem(value.value_locs[field], f"inferred: give the reason for '{field}'")
            )
        else:
            result[field] = reason.strip()
    return result


def read_list(doc: MarkedMap, key: str, problems: list[Problem], **extra: Any) -> Iterator[Record]:
    """Read the list of records under `key` of a document."""
    items = doc[key]
    if not isinstance(items, MarkedList):
        problems.append(Problem(doc.value_locs[key], f"{key}: expected a list"))
        return
    for item, loc in zip(items, items.item_locs, strict=True):
        record = read_record(item, loc, SPECS[key], problems, **extra)
        if record is not None:
            yield record


def read_file(
    path: Path, display: str, allowed: tuple[str, ...], problems: list[Problem]
) -> dict[str, list[Record]] | None:
    """Read one annotation file: records by top-level key; None when it is not YAML."""
    doc, found = read_yaml(path, display)
    problems.extend(found)
    out: dict[str, list[Record]] = {}
    if doc is None:
        return None
    if not isinstance(doc, MarkedMap):
        problems.append(
            Problem(Location(display, 1), f"expected a map with keys {', '.join(allowed)}")
        )
        return out
    for key in doc:
        if key not in allowed:
            hint = did_you_mean(key, allowed) or f" (expected {', '.join(allowed)})"
            problems.append(Problem(doc.key_locs[key], f"unknown key '{key}'{hint}"))
    if "source" in allowed:
        return _read_source_file(doc, display, problems)
    for key in allowed:
        if doc.get(key) is not None:
            out[key] = list(read_list(doc, key, problems))
    return out


def _read_source_file(
    doc: MarkedMap, display: str, problems: list[Problem]
) -> dict[str, list[Record]]:
    if doc.get("source") is None:
        problems.append(Problem(Location(display, 1), "missing required key 'source'"))
        return {}
    source = read_record(doc["source"], doc.value_locs["source"], SPECS["source"], problems)
    out: dict[str, list[Record]] = {"source": [source] if source else []}
    source_id = source.id if source else ""
    for key in SOURCE_KEYS[1:]:
        if doc.get(key) is not None:
            out[key] = list(read_list(doc, key, problems, source=source_id))
    return out


def display_path(path: Path) -> str:
    """The path as the user would type it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # outside, or a symlink loop (3.11: Runtime)
        return str(path)


FOLDERS = (("reference", REFERENCE_KEYS), ("sources", SOURCE_KEYS))


def seed_files(seeds_dir: Path, folder: str, problems: list[Problem]) -> list[Path]:
    """The `*.yaml` files of `seeds_dir/folder`, in name order.

    A symbolic link (the folder, or a file) that leads out of the seeds tree is a problem,
    and is never read: a seeds directory must not show what lies outside it.
    """
    root = os.path.realpath(seeds_dir)
    files: list[Path] = []
    for path in _within(root, [seeds_dir / folder], problems):
        files += _within(root, sorted(path.glob("*.yaml")), problems)
    return files


def _within(root: str, paths: list[Path], problems: list[Problem]) -> list[Path]:
    """The paths that lead to `root` or below; a problem for each of the others."""
    kept = []
    for path in paths:
        if os.path.commonpath([root, os.path.realpath(path)]) == root:
            kept.append(path)
        else:  # shown as the path of the link, not where it leads
            where = Location(str(Path(display_path(path.parent)) / path.name))
            problems.append(Problem(where, "symbolic link out of the seeds directory; not read"))
    return kept


# The kind of record each top-level key defines, as references name them.
KINDS = {
    "places": "place",
    "legal_documents": "legal document",
    "programmes": "programme",
    "organisations": "organisation",
    "source": "source",
}
TOP_KEY = re.compile(r"^(\w+)\s*:", re.MULTILINE)


def read_folder(
    seeds_dir: Path,
    folder: str,
    allowed: tuple[str, ...],
    problems: list[Problem],
    unreadable: set[str] | None = None,
) -> dict[str, list[Record]]:
    """Records by top-level key of every `*.yaml` file of `seeds_dir/folder`, in name order.

    The kinds of record that a file which is not YAML may define are added to `unreadable`.
    """
    found: dict[str, list[Record]] = {}
    for path in seed_files(seeds_dir, folder, problems):
        records = read_file(path, display_path(path), allowed, problems)
        if records is None and unreadable is not None:
            unreadable.update(_kinds_in(path, allowed))
        for key, items in (records or {}).items():
            found.setdefault(key, []).extend(items)
    return found


def _kinds_in(path: Path, allowed: tuple[str, ...]) -> set[str]:
    """The kinds a file that failed to parse may define: by its top-level keys, else all."""
    try:
        keys = set(TOP_KEY.findall(path.read_text(encoding="utf-8", errors="replace")))
    except OSError:
        keys = set()
    return {KINDS[k] for k in (keys & set(allowed) or set(allowed)) if k in KINDS}


def annotations_of(found: dict[str, list[Record]], unreadable: Iterable[str] = ()) -> Annotations:
    """The records of `found` (by top-level key) as one Annotations."""
    return Annotations(
        places=_of(found, "places", Place),
        legal_documents=_of(found, "legal_documents", LegalDocument),
        programmes=_of(found, "programmes", Programme),
        organisations=_of(found, "organisations", Organisation),
        sources=_of(found, "source", Source),
        observations=_of(found, "observations", Observation),
        activities=_of(found, "activities", Activity),
        posts=_of(found, "posts", Post),
        unreadable=frozenset(unreadable),
    )


def _of(found: dict[str, list[Record]], key: str, cls: type[R]) -> tuple[R, ...]:
    """The records under `key`, which SPECS[key] made of class `cls`."""
    return tuple(r for r in found.get(key, ()) if isinstance(r, cls))


def read_seeds(seeds_dir: Path) -> tuple[Annotations, list[Problem]]:
    """Read every annotation file below `seeds_dir`/reference and /sources."""
    problems: list[Problem] = []
    found: dict[str, list[Record]] = {}
    unreadable: set[str] = set()
    for folder, allowed in FOLDERS:
        for key, records in read_folder(seeds_dir, folder, allowed, problems, unreadable).items():
            found.setdefault(key, []).extend(records)
    if not (seeds_dir / "sources").is_dir() and not (seeds_dir / "reference").is_dir():
        problems.append(Problem(Location(str(seeds_dir)), "no reference/ or sources/ folder here"))
    return annotations_of(found, unreadable), problems
