"""A draft source file from an article's text: the source record, one observation per figure
with the reason of every guess, the numbers left out, the legal documents cited. Pure: the
cues, the vocabulary and the gazetteer come in as values (read by the command).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlsplit

from ..checks.numbers import numbers
from ..emit.iris import slugify
from ..linking.gazetteer import Gazetteer, UnitId
from . import dating, periods, places, quantities
from .cues import Cues, found
from .figures import Figure, read
from .indicators import Terms, indicator
from .legal import LegalDraft, legal_documents
from .passages import Passage, language, passage
from .quantities import Guess
from .skipped import Skipped

SOURCE_LINE = re.compile(r"^\s*Source\s*:\s*(https?://\S+)", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class Knowledge:
    """What the drafter knows besides the text: cue words, vocabulary, gazetteer."""

    cues: Cues
    terms: Terms
    gazetteer: Gazetteer


@dataclass(frozen=True)
class DraftObservation:
    """One figure as a draft observation, each guess with its reason."""

    id: str
    indicator: Guess
    place: places.PlaceGuess
    period: dating.Dated
    value: Decimal
    value_max: Decimal | None
    spread_over: str | None  # a spread: value is its min, value_max its max
    unit: Guess
    status: Guess
    qualifier: Guess
    caption: bool
    span: tuple[int, int]
    figure: str
    at: int  # where the figure starts in the text
    inferred: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DraftSource:
    """The source record: what the text says of itself."""

    id: str
    file: str
    title: str
    language: Guess
    date: periods.SourceDate
    publisher: Guess
    url: str | None
    about: tuple[str, ...]


@dataclass(frozen=True)
class Draft:
    """Everything `vnkg suggest` writes for one article."""

    source: DraftSource
    observations: tuple[DraftObservation, ...]
    skipped: tuple[Skipped, ...]
    legal: tuple[LegalDraft, ...]
    units: tuple[UnitId, ...]  # the units the observations name, with their parents


def plain(value: Decimal) -> Decimal:
    """The number without trailing zeros or exponent: 33800000000, 12.2."""
    integral = value.to_integral_value()
    return integral if value == integral else value.normalize()


def _durations(skipped: tuple[Skipped, ...], lang: str) -> list[tuple[int, int, int]]:
    found = []
    for item in skipped:
        if item.reason.startswith("a duration"):
            read_ = [n for n in numbers(item.text, lang) if n.value is not None]
            if read_ and read_[0].value is not None:
                found.append((item.start, item.end, int(read_[0].value)))
    return found


def _source_year(date: periods.SourceDate) -> int | None:
    value = date.value
    return value if isinstance(value, int) or value is None else value.year


def suggest(
    text: str, source_id: str, file_name: str, know: Knowledge, lang: str | None = None
) -> Draft:
    """The draft of the article `text` (file `file_name`) as source `source_id`."""
    cues = know.cues
    code = lang or language(text, cues)
    why_lang = "given" if lang else "its most frequent function words"
    p = passage(text, code)
    reading = read(p, text, cues)
    found_ = periods.expressions(p, cues, _durations(reading.skipped, code))
    targets = dating.target_clauses(p, cues)
    date = periods.source_date(text, p, found_, targets)
    year = _source_year(date)
    named = places.mentions(p, cues, know.gazetteer)
    with_figures = {s.start for f in reading.figures if (s := p.sentence(f.start)) is not None}
    after = bool(found(cues.lang(code).words("after_reform"), text))
    article = _Article(p, know, found_, year, named, with_figures, after)
    neighbours = _neighbourhoods(reading.figures, len(text))
    drafted = [
        _observation(article, f, b) for f, b in zip(reading.figures, neighbours, strict=True)
    ]
    observations = _with_ids(source_id, [d for d in drafted if d is not None])
    source = DraftSource(
        source_id,
        file_name,
        _title(text),
        Guess(code, why_lang),
        date,
        *_publisher(text),
        _about(observations),
    )
    units = _units(observations, know.gazetteer)
    return Draft(
        source, tuple(observations), reading.skipped, tuple(legal_documents(text, cues)), units
    )


def _neighbourhoods(figures: tuple[Figure, ...], size: int) -> list[tuple[int, int]]:
    """The text between each figure's neighbours, where the words about it stand; the end of a
    change shares its start's ("passé de 57,2 % à 64 %")."""
    found: list[tuple[int, int]] = []
    for i, figure in enumerate(figures):
        start = figures[i - 1].end if i else 0
        if figure.kind == "to" and i:
            start = found[-1][0]
        end = figures[i + 1].start if i + 1 < len(figures) else size
        found.append((start, end))
    return found


@dataclass(frozen=True)
class _Article:
    """What every figure of one article is read against."""

    passage: Passage
    know: Knowledge
    expressions: list[periods.Expression]
    year: int | None  # the source's
    named: list[places.Mention]
    with_figures: set[int]  # starts of the sentences holding a figure
    after_reform: bool = False  # the text speaks of former units


def _observation(a: _Article, figure: Figure, bounds: tuple[int, int]) -> DraftObservation | None:
    """One figure as a draft observation (`bounds`: the text between its neighbours)."""
    p, cues, terms = a.passage, a.know.cues, a.know.terms
    sentence = p.sentence(figure.start)
    if sentence is None:
        return None
    dated = dating.period(p, figure, cues, a.expressions, a.year, a.with_figures)
    reduction = quantities.reduction_cue(p, figure, cues)
    per_year = quantities.per_year_cue(p, figure, cues)
    if reduction and per_year is None and dated.period and re.fullmatch(r"\d{4}", dated.period):
        per_year = f"over {dated.period}"
    unit = quantities.unit(p, figure, cues, terms.units_in(p.lang), reduction, per_year)
    chosen, unit_token = indicator(p, figure, bounds, unit.value, cues, terms)
    if unit_token != unit.value:
        unit = Guess(unit_token, f"CHECK: the unit of {chosen.value} ({unit.reason})")
    where = places.place(p, figure, cues, a.named, a.know.gazetteer)
    if a.after_reform:
        where = places.after_reform(where, a.named, a.know.gazetteer)
    inferred = {k: v for k, v in (("period", dated.inferred), ("place", where.inferred)) if v}
    return DraftObservation(
        id="",
        indicator=chosen,
        place=where,
        period=dated,
        value=plain(figure.value),
        value_max=plain(figure.value_max) if figure.value_max is not None else None,
        spread_over=_over(p, figure) if figure.kind == "spread" else None,
        unit=unit,
        status=dating.status(p, figure, cues, dated, a.year),
        qualifier=quantities.qualifier(p, figure, cues),
        caption=p.caption(figure.start) is not None,
        span=(sentence.start, sentence.end),
        figure=p.text[figure.start : figure.end],
        at=figure.start,
        inferred=inferred,
    )


def _over(p: Passage, figure: Figure) -> str:
    clause = p.clause(figure.start)
    before = p.text[clause[0] : figure.start]
    match = re.search(
        r"(?:chaque|chacun|chacune|each|every|les|the)\s+([^\W\d_]+)", before, re.IGNORECASE
    )
    return f"the {match[1]} of the place (check)" if match else "the units of the place (check)"


def _with_ids(source_id: str, drafted: list[DraftObservation]) -> list[DraftObservation]:
    seen: Counter[str] = Counter()
    out = []
    for d in drafted:
        when = d.period.period.replace("/", "-") if d.period.period else "undated"
        base = slugify(f"{source_id} {d.place.place} {d.indicator.value} {when}")
        seen[base] += 1
        suffix = f"-{seen[base]}" if seen[base] > 1 else ""
        out.append(DraftObservation(**{**d.__dict__, "id": base + suffix}))
    return out


def _title(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "untitled")


def _publisher(text: str) -> tuple[Guess, str | None]:
    match = SOURCE_LINE.search(text)
    if match is None:
        return Guess("unknown", "CHECK: the text names no source link; give the publisher"), None
    host = urlsplit(match[1]).hostname or "unknown"
    return Guess(host, "the host of the text's 'Source' link"), match[1]


def _about(observations: list[DraftObservation]) -> tuple[str, ...]:
    counts = Counter(o.place.place for o in observations)
    return tuple(place for place, _ in counts.most_common())


def _units(observations: list[DraftObservation], gazetteer: Gazetteer) -> tuple[UnitId, ...]:
    """The units the observations name, each after its parents (country first)."""
    by_slug: dict[str, UnitId] = {}
    for unit in gazetteer.units:
        if unit.kind in ("country", *places.KINDS):
            by_slug.setdefault(unit.slug, unit)
    wanted: dict[UnitId, None] = {}
    for o in observations:
        for slug in (o.place.place, *o.place.places):
            found = by_slug.get(slug)
            if found is not None:
                wanted.update(dict.fromkeys(reversed([found, *gazetteer.ancestors(found)])))
    # an id names one place: a unit whose slug a higher level has (the district Điện Biên of
    # the province Điện Biên) is left out, its children put in the next unit above
    return tuple(u for u in wanted if by_slug.get(u.slug, u) == u)
