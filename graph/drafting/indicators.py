"""The vocabulary as the drafter uses it (indicators with their unit and labels, units with
their labels), and the indicator of a figure: the one of its unit whose label shares most words
with the figure's clause. Pure.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, Quad

from ..emit.iris import fold
from ..emit.vocab import IND, SKOS, UNIT, VNKG
from .cues import Cues
from .figures import Figure
from .passages import Passage
from .quantities import Guess

STEM = 4  # words compare by their first letters: "pauvres" and "pauvreté", "réduit" and "réduction"
WORDS = re.compile(r"[^\W\d_]+")
NEAR = 6  # words of the clause this close to the figure weigh double
MISSING = 0.6  # what a word of a label that the text lacks costs


@dataclass(frozen=True)
class Indicator:
    """An indicator: token, unit token, labels by language."""

    token: str
    unit: str
    labels: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class Terms:
    """The indicators, and the labels of each unit by language."""

    indicators: tuple[Indicator, ...]
    unit_labels: Mapping[str, Mapping[str, tuple[str, ...]]]

    def units_in(self, lang: str) -> dict[str, tuple[str, ...]]:
        """Unit token -> its labels in `lang`."""
        return {token: labels.get(lang, ()) for token, labels in self.unit_labels.items()}


def terms(quads: Iterable[Quad]) -> Terms:
    """Indicators and units of the ontology's quads (indicators.ttl, units.ttl)."""
    labels: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    units: dict[str, str] = {}
    for quad in quads:
        subject, predicate, value = quad.subject, quad.predicate, quad.object
        if not isinstance(subject, NamedNode):
            continue
        if predicate in (SKOS.prefLabel, SKOS.altLabel) and isinstance(value, Literal):
            labels[subject.value][value.language or ""].append(value.value)
        elif predicate == VNKG.unit and isinstance(value, NamedNode):
            units[subject.value] = value.value[len(UNIT.iri) :]
    indicators = tuple(
        Indicator(iri[len(IND.iri) :], unit, {k: tuple(v) for k, v in labels[iri].items()})
        for iri, unit in sorted(units.items())
        if iri.startswith(IND.iri)
    )
    unit_labels = {
        iri[len(UNIT.iri) :]: {k: tuple(v) for k, v in by_lang.items()}
        for iri, by_lang in labels.items()
        if iri.startswith(UNIT.iri)
    }
    return Terms(indicators, unit_labels)


def stems(text: str, stopwords: frozenset[str]) -> set[str]:
    """The content words of `text`, cut to their first letters, diacritics and case aside."""
    return {
        fold(w)[:STEM] for w in WORDS.findall(text) if len(w) > 2 and w.lower() not in stopwords
    }


def _nearness(
    passage: Passage, figure: Figure, bounds: tuple[int, int], stop: frozenset[str]
) -> dict[str, float]:
    """Each content word of the figure's clause between its neighbouring figures (`bounds`),
    weighted 2 within NEAR words of the figure, else 1."""
    clause = passage.clause(figure.start)
    weights: dict[str, float] = {}
    start, end = max(clause[0], bounds[0]), min(clause[1], bounds[1])
    words = list(WORDS.finditer(passage.text, start, end))
    at = next((i for i, w in enumerate(words) if w.start() >= figure.start), len(words))
    for index, word in enumerate(words):
        if len(word[0]) <= 2 or word[0].lower() in stop:
            continue
        weight = 2.0 if abs(index - at) <= NEAR else 1.0
        stem = fold(word[0])[:STEM]
        weights[stem] = max(weights.get(stem, 0.0), weight)
    return weights


def indicator(
    passage: Passage,
    figure: Figure,
    bounds: tuple[int, int],
    unit: str,
    cues: Cues,
    vocabulary: Terms,
) -> tuple[Guess, str]:
    """The indicator of `figure`, from the words between its neighbouring figures (`bounds`),
    why, and its unit (the figure's when one of its indicators fits, else the chosen
    indicator's, flagged)."""
    lang = cues.lang(passage.lang)
    stop = frozenset(w.lower() for w in (*lang.words("stopwords"), *cues.fillers))
    near = _nearness(passage, figure, bounds, stop) or _nearness(
        passage, figure, (0, len(passage.text)), stop
    )
    synonyms = lang.mapped("indicators")
    pool = [i for i in vocabulary.indicators if i.unit == unit] or list(vocabulary.indicators)
    scored = []
    for candidate in pool:
        names = (*candidate.labels.get(passage.lang, ()), *synonyms.get(candidate.token, ()))
        for name in names:
            words = stems(name, stop)
            score = round(sum(near.get(w, -MISSING) for w in sorted(words)), 6)  # one order
            scored.append((score, candidate.token, name, candidate.unit))
    if not scored:
        return Guess("", "CHECK: no indicator in the vocabulary"), unit
    score, token, name, its_unit = max(scored, key=lambda s: (s[0], -len(s[2]), s[1]))
    if score <= 0:
        why = f"CHECK: no label's words in the clause; the closest is '{name}'"
    else:
        why = f"the words of its label '{name}' in the clause"
    if its_unit != unit:
        why += f"; CHECK: no indicator is measured in {unit or 'the unit found'}"
    return Guess(token, why), its_unit
