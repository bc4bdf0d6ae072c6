"""Places of an article resolved against the gazetteer, and the place of each figure. Pure.

A mention is a run of capitalised words naming a province, district or commune of the
gazetteer (before the 2025 reform, as the annotations use them). Its level comes from a type
word around it ("district de Mai Son", "Lang Son province"), else the highest level that has
the name; a commune needs a type word or one of its parents named in the text. Homonyms
("Chiềng Chung" of Mai Sơn or of Mộc Châu) are told apart by the parents the text names.
Runs that are people (a title before, or three names or more starting with a surname) and
places below the commune ("zone de Lien Minh") are no mentions.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..emit.iris import fold
from ..linking.gazetteer import Gazetteer, UnitId
from .cues import Cues, Language, ending, found, starting
from .figures import Figure
from .passages import Passage

KINDS = ("province", "district", "commune")  # preferred in this order
NAME = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")
LONGEST = 4  # words in a unit's name, at most


@dataclass(frozen=True)
class Mention:
    """A unit named in the text: where, the unit, and how it was told from its homonyms."""

    start: int
    end: int
    unit: UnitId
    reason: str


@dataclass(frozen=True)
class PlaceGuess:
    """The place of a figure, further places it names, why, and whether it is read."""

    place: str
    places: tuple[str, ...]
    reason: str
    inferred: str = ""


def _runs(text: str) -> list[list[re.Match[str]]]:
    """Runs of capitalised words separated by spaces only."""
    runs: list[list[re.Match[str]]] = []
    for word in NAME.finditer(text):
        if not word[0][0].isupper():
            continue
        if runs and re.fullmatch(r"[ \t]+", text[runs[-1][-1].end() : word.start()]):
            runs[-1].append(word)
        else:
            runs.append([word])
    return runs


def _kind_word(text: str, start: int, end: int, lang: Language) -> str | None:
    """The level a type word before or after a name gives it."""
    for kind, words in lang.mapped("place_types").items():
        if ending(words, text[max(0, start - 30) : start].rstrip(", ")) or starting(
            words, text[end : end + 30]
        ):
            return kind
    return None


def _person(text: str, run: list[re.Match[str]], lang: Language, cues: Cues) -> bool:
    before = text[max(0, run[0].start() - 30) : run[0].start()]
    if ending(lang.words("person_titles"), before):
        return True
    return len(run) >= 3 and fold(run[0][0]) in cues.surnames


def _candidates(gazetteer: Gazetteer, name: str, kind: str | None) -> list[UnitId]:
    kinds = (kind,) if kind else KINDS
    for k in kinds:
        units = list(gazetteer.named(k, name))
        if units:
            return units
    return []


def mentions(passage: Passage, cues: Cues, gazetteer: Gazetteer) -> list[Mention]:
    """Every unit the text names, in text order."""
    text, lang = passage.text, cues.lang(passage.lang)
    raw: list[tuple[int, int, str, list[UnitId], str | None]] = []
    for run in _runs(text):
        if _person(text, run, lang, cues):
            continue
        index = 0
        while index < len(run):
            for size in range(min(LONGEST, len(run) - index), 1, -1):
                start, end = run[index].start(), run[index + size - 1].end()
                below = ending(lang.words("below_commune"), text[max(0, start - 20) : start])
                kind = _kind_word(text, start, end, lang)
                units = [] if below else _candidates(gazetteer, text[start:end], kind)
                if units:
                    raw.append((start, end, text[start:end], units, kind))
                    index += size - 1
                    break
            index += 1
    named = {fold(name) for _, _, name, _, _ in raw}
    found_ = [_resolve(gazetteer, named, *item) for item in raw]
    return [m for m in found_ if m is not None]


def _resolve(
    gazetteer: Gazetteer,
    named: set[str],
    start: int,
    end: int,
    name: str,
    units: list[UnitId],
    kind: str | None,
) -> Mention | None:
    def parents_named(unit: UnitId) -> int:
        return sum(1 for a in gazetteer.ancestors(unit) if fold(gazetteer.units[a].name) in named)

    scored = sorted(units, key=lambda u: -parents_named(u))
    best = scored[0]
    if best.kind == "commune" and kind is None and parents_named(best) == 0:
        return None  # a commune with no type word and no parent in the text: likely a name
    how = f"a {kind} word" if kind else "the highest level with this name"
    if len(units) > 1:
        ties = [u for u in scored if parents_named(u) == parents_named(best)]
        parent = gazetteer.units[best].part_of[0].slug if gazetteer.units[best].part_of else ""
        how = f"{len(units)} units named so; the one in {parent}, named in the text"
        if len(ties) > 1:
            how = f"CHECK: {len(ties)} units named so: " + ", ".join(u.slug for u in ties)
    return Mention(start, end, best, f"'{name}' ({best.kind}; {how})")


def _listed(inside: list[Mention], gazetteer: Gazetteer) -> PlaceGuess | None:
    """Several districts or communes of one parent in a sentence: the parent, with them."""
    kinds = Counter(m.unit.kind for m in inside if m.unit.kind != "province")
    for kind, count in kinds.items():
        group = [m for m in inside if m.unit.kind == kind]
        parents = {gazetteer.units[m.unit].part_of[0] for m in group}
        if count >= 2 and len(parents) == 1:
            parent = parents.pop()
            names = tuple(dict.fromkeys(m.unit.slug for m in group))
            return PlaceGuess(
                parent.slug, names, f"{count} {kind}s of {parent.slug} listed in the sentence"
            )
    return None


def place(
    passage: Passage, figure: Figure, cues: Cues, found_: list[Mention], gazetteer: Gazetteer
) -> PlaceGuess:
    """The place of a figure: named in its sentence, referred to ("la province"), or the
    nearest one named before it."""
    sentence = passage.sentence(figure.start)
    lo, hi = (sentence.start, sentence.end) if sentence else passage.paragraph(figure.start)
    inside = [m for m in found_ if lo <= m.start < hi]
    listed = _listed(inside, gazetteer)
    if listed is not None:
        return listed
    before = [m for m in inside if m.start < figure.start]
    if inside:
        chosen = before[-1] if before else inside[0]
        below = [m for m in inside if chosen.unit in gazetteer.ancestors(m.unit)]
        if below:  # "la commune de Pa Vay Su, district de Xin Man": the commune
            chosen = below[-1]
        return PlaceGuess(chosen.unit.slug, (), chosen.reason + " in the sentence")
    referred = _referred(passage, figure, cues, found_)
    if referred is not None:
        return referred
    earlier = [m for m in found_ if m.start < figure.start]
    paragraph = passage.paragraph(figure.start)
    if earlier:
        chosen = earlier[-1]
        where = "the paragraph" if chosen.start >= paragraph[0] else "an earlier paragraph"
        why = "" if where == "the paragraph" else "The nearest place named before the figure."
        return PlaceGuess(chosen.unit.slug, (), f"{chosen.reason}, the last named, in {where}", why)
    return _main(found_)


def _referred(
    passage: Passage, figure: Figure, cues: Cues, found_: list[Mention]
) -> PlaceGuess | None:
    """A reference to a level ("la province", "du district") before the figure, in its
    paragraph: the last unit of that level named before it."""
    start = passage.paragraph(figure.start)[0]
    text = passage.text[start : figure.end]
    hits = [
        (match.start(), kind, match[0])
        for kind, words in cues.lang(passage.lang).mapped("anaphora").items()
        for match in found(words, text)
    ]
    if not hits:
        return None
    _, kind, word = max(hits)
    earlier = [m for m in found_ if m.start < figure.start and m.unit.kind == kind]
    if not earlier:
        return None
    chosen = earlier[-1]
    return PlaceGuess(chosen.unit.slug, (), f"'{word}' refers to {chosen.reason}")


def _main(found_: list[Mention]) -> PlaceGuess:
    if not found_:
        return PlaceGuess(
            "vietnam", (), "CHECK: the text names no unit of the gazetteer", "No place is named."
        )
    counts = Counter(m.unit for m in found_)
    unit, count = counts.most_common(1)[0]
    why = f"the unit the text names most ({count} times)"
    return PlaceGuess(unit.slug, (), why, "No place is named before the figure; " + why + ".")


def after_reform(guess: PlaceGuess, found_: list[Mention], gazetteer: Gazetteer) -> PlaceGuess:
    """For a text written after the 1 July 2025 reform: a province it names that the reform
    merged is the province it was merged into (the text would say "l'ancienne province")."""
    unit = next((m.unit for m in found_ if m.unit.slug == guess.place), None)
    successors = gazetteer.successors.get(unit) if unit and unit.kind == "province" else None
    if not successors or len(successors) != 1:
        return guess
    new = successors[0].place_id
    why = (
        f"the text speaks of former units, so it was written after the 2025 reform, when"
        f" {guess.place} had been merged into {new}"
    )
    inferred = f"{guess.inferred} {why[0].upper()}{why[1:]}.".strip()
    return PlaceGuess(new, guess.places, f"{guess.reason}; {why}", inferred)
