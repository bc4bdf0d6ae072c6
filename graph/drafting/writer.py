"""A draft as YAML text, in the format of seeds/README.md: every record marked `draft: true`,
the reason of each guess as a comment after its field, the numbers left out and the legal
documents cited as commented entries ready to paste. Pure.

Reasons are comments, so the YAML reader needs nothing new but `draft:`; a curator who keeps
a field may keep or delete its comment.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from decimal import Decimal

from ..linking.gazetteer import Gazetteer
from .draft import Draft, DraftObservation, DraftSource

HEADER = """\
# Draft annotations of {file} as source {id}, written by `vnkg suggest` from the text alone
# (cue words: ontology/cues.yaml; vocabulary: ontology/*.ttl; places: the gazetteer).
# Review each record against the text: the comment after a field says why it was guessed,
# and CHECK marks a guess with no ground in the text. When a record is right, delete its
# `draft: true` line: `vnkg build` refuses drafts, `vnkg build --accept-drafts` builds them
# as a preview (marked as drafts in the graph). An observation without `period` holds as of
# the source's date. Spans are the sentences holding each figure (`vnkg check-sources`).
"""


def quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def number(value: Decimal) -> str:
    """A number as the YAML writes it: '.' decimal, no exponent."""
    return format(value, "f")


def _field(key: str, value: str, reason: str = "", indent: str = "    ") -> str:
    comment = f"  # {' '.join(reason.split())}" if reason else ""
    return f"{indent}{key}: {value}{comment}"


def _inferred(inferred: dict[str, str], indent: str) -> Iterator[str]:
    if inferred:
        yield f"{indent}inferred:"
        for aspect, reason in inferred.items():
            yield f"{indent}  {aspect}: {quote(' '.join(reason.split()))}"


def source_lines(source: DraftSource) -> Iterator[str]:
    """The source record."""
    f = _field
    yield "source:"
    yield f("id", source.id, "", "  ")
    yield "  draft: true"
    yield f("file", quote(source.file), "", "  ")
    title = f"{{{source.language.value}: {quote(source.title)}}}"
    yield f("title", title, "the first line of the text: rewrite it if it is no title", "  ")
    yield f("publisher", quote(source.publisher.value), source.publisher.reason, "  ")
    if source.url:
        yield f("url", quote(source.url), "", "  ")
    else:
        note = "The text gives no link to the article."
        yield f("url_note", quote(note), "CHECK: give the url if you have it", "  ")
    yield f("language", source.language.value, source.language.reason, "  ")
    date = source.date
    inferred: dict[str, str] = {}
    if date.value is None:
        yield f"  # date: {date.reason}"
    else:
        yield f("date", str(date.value), "stated" if date.stated else "inferred (below)", "  ")
        if not date.stated:
            inferred["date"] = date.reason
    if source.about:
        yield f("about", f"[{', '.join(source.about)}]", "the places of the figures", "  ")
    yield from _inferred(inferred, "  ")


def observation_lines(o: DraftObservation) -> Iterator[str]:
    """One draft observation."""
    f = _field
    yield f"  - id: {o.id}"
    yield "    draft: true"
    yield f("indicator", o.indicator.value, o.indicator.reason)
    yield f("place", o.place.place, o.place.reason)
    if o.place.places:
        yield f("places", f"[{', '.join(o.place.places)}]")
    if o.period.period:
        yield f("period", o.period.period, o.period.reason)
    else:
        yield f"    # period: none ({o.period.reason})"
    if o.spread_over is not None and o.value_max is not None:
        spread = (
            f"{{min: {number(o.value)}, max: {number(o.value_max)}, over: {quote(o.spread_over)}}}"
        )
        yield f("spread", spread, "each unit its own value (a cue of each)")
    else:
        yield f("value", number(o.value))
        if o.value_max is not None:
            yield f("value_max", number(o.value_max))
    yield f("unit", o.unit.value, o.unit.reason)
    yield f("status", o.status.value, o.status.reason)
    yield f("qualifier", o.qualifier.value, o.qualifier.reason)
    if o.caption:
        yield "    caption: true  # in a photo caption"
    yield f"    evidence: {{span: [{o.span[0]}, {o.span[1]}], figure: {quote(o.figure)}}}"
    yield from _inferred(o.inferred, "    ")


def skipped_lines(draft: Draft) -> Iterator[str]:
    """The numbers left out, as commented exclusions, and those the source check ignores."""
    listed = [s for s in draft.skipped if not s.ignored]
    ignored = [s for s in draft.skipped if s.ignored]
    yield "# Numbers left out: not facts. Move the entries you agree with to seeds/exclusions.yaml"
    yield "# (same format), so that `vnkg check-sources` knows they are left out on purpose."
    for s in listed:
        yield f"# - source: {draft.source.id}"
        yield f"#   text: {quote(s.text)}"
        yield f"#   reason: {s.reason}"
    if ignored:
        yield "# The source check ignores these by itself:"
        for s in ignored:
            yield f"#   {quote(s.text)}: {s.reason}"


def legal_lines(draft: Draft, indent: str = "") -> Iterator[str]:
    """The legal documents cited, as records of seeds/reference/legal.yaml."""
    for doc in draft.legal:
        yield f"{indent}  - id: {doc.id}  # {doc.reason}"
        yield f"{indent}    draft: true"
        yield f"{indent}    number: {quote(doc.number)}"
        yield f"{indent}    type: {doc.type}"
        if doc.year:
            yield f"{indent}    year: {doc.year}"
        yield f"{indent}    sources: [{draft.source.id}]"


def source_file(draft: Draft) -> str:
    """The draft source file."""
    lines = [HEADER.format(file=draft.source.file, id=draft.source.id), *source_lines(draft.source)]
    lines += ["", "observations:" if draft.observations else "observations: []"]
    for o in draft.observations:
        lines += [*observation_lines(o), ""]
    lines += ["", *skipped_lines(draft)]
    if draft.legal:
        lines += ["", "# Legal documents cited by number, for seeds/reference/legal.yaml:"]
        lines += [f"# {line}" for line in legal_lines(draft)]
    return "\n".join(lines).rstrip() + "\n"


def reference_file(
    draft: Draft, gazetteer: Gazetteer, places: Collection[str], legal: Collection[str]
) -> str | None:
    """Draft reference records for the units and legal documents the draft names that are not
    among `places` and `legal` (the ids the seeds define); None when nothing is missing."""
    units = [u for u in draft.units if u.slug not in places]
    docs = [d for d in draft.legal if d.id not in legal]
    if not units and not docs:
        return None
    lines = [
        f"# Draft reference records of source {draft.source.id} (`vnkg suggest`): the units of",
        "# the gazetteer its observations name and the documents it cites, which the seeds lack.",
    ]
    if units:
        lines.append("places:")
    kept = set(draft.units)
    for unit in units:
        record = gazetteer.units[unit]
        lines += [f"  - id: {unit.slug}", "    draft: true", f"    kind: {unit.kind}"]
        lines.append(f"    name: {{vi: {quote(record.name)}}}")
        parent = next((a for a in gazetteer.ancestors(unit) if a in kept or a.slug in places), None)
        if parent is not None:
            skipped = "" if parent == record.part_of[0] else "  # its own parent's id is taken"
            lines.append(f"    part_of: {parent.slug}{skipped}")
        lines.append(f"    sources: [{draft.source.id}]")
    if docs:
        lines.append("legal_documents:")
        lines += legal_lines(Draft(draft.source, (), (), tuple(docs), ()))
    return "\n".join(lines) + "\n"
