"""Synthetic annotations in the vnkg YAML format, sized by provinces × districts × communes.

    .venv/bin/python benchmarks/generate.py OUT_DIR --size 1m [--seed 1]

Each commune gets one observation per indicator and year; each province one source file per
year (so no file nears the loader's 5 MB limit), a province-level poverty rate, a credit
volume and a credit activity. Same size and seed, same bytes. The places are invented
("Tỉnh Thử 01"), so none links to the gazetteer: build with `--no-gazetteer` to keep the
size what it says.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# Indicators of ontology/indicators.ttl with their unit, and a plausible value range.
INDICATORS = (
    ("poverty-rate", "percent", 0, 60),
    ("near-poverty-rate", "percent", 0, 30),
    ("poor-households", "household", 10, 3000),
    ("health-insurance-coverage", "percent", 50, 100),
    ("preferential-credit-volume", "vnd", 10**8, 10**11),
    ("preferential-credit-borrower-households", "household", 10, 5000),
    ("households-supported-housing", "household", 0, 500),
    ("vocational-training-participants", "person", 0, 2000),
    ("social-assistance-recipients", "person", 0, 5000),
    ("trained-worker-rate", "percent", 10, 90),
    ("average-income-per-capita", "vnd", 10**7, 10**8),
    ("households-with-domestic-water", "household", 100, 8000),
)
FIRST_YEAR = 2016
SYLLABLES = ("Hòa", "Bình", "An", "Phú", "Tân", "Thịnh", "Đồng", "Lạc", "Sơn", "Thủy", "Minh")


@dataclass(frozen=True)
class Size:
    """Provinces × districts × communes × indicators × years."""

    provinces: int
    districts: int
    communes: int
    indicators: int
    years: int

    @property
    def observations(self) -> int:
        """Commune observations plus two per province and year."""
        communes = self.provinces * self.districts * self.communes
        return (communes * self.indicators + 2 * self.provinces) * self.years


SIZES = {
    "tiny": Size(1, 2, 2, 2, 2),
    "10k": Size(2, 3, 5, 5, 4),
    "100k": Size(4, 5, 10, 10, 4),
    "1m": Size(10, 10, 10, 10, 10),
    "10m": Size(63, 10, 16, 10, 10),
}


def name(rng: random.Random, number: int) -> str:
    """An invented Vietnamese-looking name, unique by its number."""
    return f"{rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)} {number:02d}"


def places(size: Size, rng: random.Random, province: int) -> Iterator[str]:
    """YAML lines of one province, its districts and communes."""
    pid = f"p{province:02d}"
    yield from _place(pid, "province", f"Tỉnh Thử {province:02d}", "vietnam")
    for d in range(1, size.districts + 1):
        did = f"{pid}-d{d:02d}"
        yield from _place(did, "district", name(rng, d), pid)
        for c in range(1, size.communes + 1):
            yield from _place(f"{did}-c{c:02d}", "commune", name(rng, c), did)


def _place(pid: str, kind: str, vi: str, parent: str) -> Iterator[str]:
    yield f"  - id: {pid}\n    kind: {kind}\n"
    yield f"    name: {{vi: {vi}, en: {pid.upper()}}}\n    part_of: {parent}\n"


def source(size: Size, rng: random.Random, province: int, year: int) -> Iterator[str]:
    """YAML lines of one province's source for one year: its record and observations."""
    pid, sid = f"p{province:02d}", f"p{province:02d}-y{year}"
    yield f"source:\n  id: {sid}\n  file: {sid}.txt\n"
    yield f"  title: {{en: Synthetic report {sid}}}\n  publisher: vnkg benchmark generator\n"
    yield f"  url: null\n  url_note: synthetic\n  language: en\n  about: [{pid}]\n"
    yield "observations:\n"
    yield from _observation(f"{sid}-poverty", INDICATORS[0], pid, year, rng)
    yield from _observation(f"{sid}-credit", INDICATORS[4], pid, year, rng)
    for d in range(1, size.districts + 1):
        for c in range(1, size.communes + 1):
            place = f"{pid}-d{d:02d}-c{c:02d}"
            for indicator in INDICATORS[: size.indicators]:
                oid = f"{sid}-d{d:02d}-c{c:02d}-{indicator[0]}"
                yield from _observation(oid, indicator, place, year, rng)
    yield "activities:\n"
    yield f"  - id: {sid}-credit\n    support: credit\n    status: achieved\n    lender: vbsp\n"
    yield f"    place: {pid}\n    period: {year}\n"


def _observation(
    oid: str, indicator: tuple[str, str, int, int], place: str, year: int, rng: random.Random
) -> Iterator[str]:
    token, unit, low, high = indicator
    value = round(rng.uniform(low, high), 1) if unit == "percent" else rng.randint(low, high)
    status = "achieved" if rng.random() < 0.9 else "target"
    yield f"  - id: {oid}\n    indicator: {token}\n    place: {place}\n    period: {year}\n"
    yield f"    value: {value}\n    unit: {unit}\n    status: {status}\n    qualifier: exact\n"


REFERENCE = """places:
  - id: vietnam
    kind: country
    name: {vi: Việt Nam, en: Vietnam}
organisations:
  - id: vbsp
    kind: bank
    name: {en: Vietnam Bank for Social Policies}
"""


def generate(out: Path, size: Size, seed: int = 1) -> Path:
    """Write the annotations of `size` below `out` (reference/ and sources/); return `out`."""
    rng = random.Random(seed)
    (out / "reference").mkdir(parents=True, exist_ok=True)
    (out / "sources").mkdir(parents=True, exist_ok=True)
    (out / "reference" / "common.yaml").write_text(REFERENCE, encoding="utf-8")
    for province in range(1, size.provinces + 1):
        lines = ["places:\n", *places(size, rng, province)]
        (out / "reference" / f"places-p{province:02d}.yaml").write_text(
            "".join(lines), encoding="utf-8"
        )
        for year in range(FIRST_YEAR, FIRST_YEAR + size.years):
            path = out / "sources" / f"p{province:02d}-{year}.yaml"
            path.write_text("".join(source(size, rng, province, year)), encoding="utf-8")
    return out


def main() -> None:
    """Command line: generate one size into a directory."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--size", choices=sorted(SIZES), default="tiny")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    size = SIZES[args.size]
    generate(args.out, size, args.seed)
    print(f"{args.out}: {size} -> {size.observations} observations")


if __name__ == "__main__":
    main()
