"""Legal documents an article cites by number ("116/2016/ND-CP", "53/2015/QD-TTg"), as draft
records of seeds/reference/legal.yaml: the id of the slug rule, the type from the letters of
the number, the year it gives. Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..emit.iris import slugify
from .cues import Cues

NUMBER = re.compile(r"\b(\d{1,4})(?:/(\d{4}))?/([A-ZĐ]{1,5}(?:-[A-ZĐa-z]{1,6})*)\b")


@dataclass(frozen=True)
class LegalDraft:
    """A legal document the text cites: its number as written, id, type and year."""

    start: int
    end: int
    number: str
    id: str
    type: str
    year: int | None
    reason: str


def legal_documents(text: str, cues: Cues) -> list[LegalDraft]:
    """Every numbered document of the text, once each, in text order."""
    seen: dict[str, LegalDraft] = {}
    for match in NUMBER.finditer(text):
        serial, year, letters = match[1], match[2], match[3]
        first = letters.split("-")[0]
        kind = cues.legal_types.get(first) or cues.legal_types.get(first.replace("Đ", "D"))
        if kind is None:
            continue
        doc_id = "-".join(p for p in (slugify(letters), serial, year) if p)
        reason = f"'{first}' in the number: a {kind.replace('_', ' ')}"
        seen.setdefault(
            doc_id,
            LegalDraft(
                match.start(),
                match.end(),
                match[0],
                doc_id,
                kind,
                int(year) if year else None,
                reason,
            ),
        )
    return list(seen.values())
