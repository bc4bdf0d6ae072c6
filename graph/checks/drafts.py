"""Draft records: what `vnkg suggest` wrote and no curator has reviewed yet. Pure.

A record marked `draft: true` is refused by `vnkg build` and `vnkg validate`, one problem per
record, until a curator has read it against its article and deleted the mark;
`--accept-drafts` builds them anyway, for a preview, and the graph marks them `vnkg:draft`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields

from ..annotations.records import Annotations, Record
from ..errors import Problem


def records(annotations: Annotations) -> Iterator[Record]:
    """Every record marked as a draft, in the order of the annotations."""
    for group in fields(annotations):
        found = getattr(annotations, group.name)
        if isinstance(found, tuple):  # the record groups, not `unreadable`
            yield from (r for r in found if getattr(r, "draft", False))


def refused(annotations: Annotations) -> list[Problem]:
    """One problem per draft record."""
    return [
        Problem(r.loc, f"draft record {r.id}: review it and remove 'draft: true'")
        for r in records(annotations)
    ]
