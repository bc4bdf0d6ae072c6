"""Numbers in texts (`numbers`), matching them with annotations (`check`), `vnkg check-sources`."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from vnkg.graph import resources
from vnkg.graph.annotations.parse import read_seeds
from vnkg.graph.annotations.records import Evidence, Observation, Qualifier, Source, Status
from vnkg.graph.checks.evidence import attach, locate
from vnkg.graph.checks.numbers import Found, numbers
from vnkg.graph.checks.sources import check, read_exclusions, read_texts
from vnkg.graph.cli import main
from vnkg.graph.errors import Location

DATA = Path(__file__).parent / "data"

Row = tuple[str, str | None, str | None, str]


def rows(found: list[Found]) -> list[Row]:
    """(as written, value, value with its scale word, why ignored) of each number."""
    return [
        (
            f.text,
            None if f.value is None else f"{f.value:f}",
            None if not f.values else f"{max(f.values).normalize():f}",
            f.ignored,
        )
        for f in found
    ]


NUMBERS = [
    ("fr", "plus de 74 000 personnes", [("74 000", "74000", "74000", "")]),
    ("fr", "4\u202f459 ménages", [("4\u202f459", "4459", "4459", "")]),
    ("fr", "1\u00a0200 emplois", [("1\u00a0200", "1200", "1200", "")]),
    ("fr", "2 000 000 de cartes", [("2 000 000", "2000000", "2000000", "")]),
    (
        "fr",
        "4 459 milliards de VND",
        [("4 459 milliards", "4459", "4459000000000", "")],
    ),
    ("fr", "33,8 milliards", [("33,8 milliards", "33.8", "33800000000", "")]),
    ("fr", "83,8 millions de dongs", [("83,8 millions", "83.8", "83800000", "")]),
    ("fr", "1,5 milliard de VND", [("1,5 milliard", "1.5", "1500000000", "")]),
    ("fr", "3 mille arbres", [("3 mille", "3", "3000", "")]),
    ("fr", "12,2 %", [("12,2", "12.2", "12.2", "")]),
    ("fr", "de 2 à 2,5 %", [("2", "2", "2", ""), ("2,5", "2.5", "2.5", "")]),
    ("fr", "2%/an", [("2", "2", "2", "")]),
    ("fr", "plus d'un million de cartes", [("un million", "1", "1000000", "")]),
    ("fr", "plus d’un million", [("un million", "1", "1000000", "")]),
    ("fr", "Trois communes", [("Trois", "3", "3", "")]),
    ("fr", "zéro ménage pauvre", [("zéro", "0", "0", "")]),
    ("fr", "un ménage", []),
    ("fr", "cinq pour cent", [("cinq", "5", "5", ""), ("cent", "100", "100", "percent sign")]),
    (
        "fr",
        "des dizaines de milliers d'élèves",
        [("dizaines", None, None, ""), ("milliers", None, None, "")],
    ),
    ("fr", "33,8 (French decimal comma)", [("33,8", "33.8", "33.8", "")]),
    ("fr", "53,116 in a French text", [("53,116", "53.116", "53.116", "")]),
    ("fr", "1.71 avec un point", [("1.71", "1.71", "1.71", "")]),
    ("en", "53,116 households", [("53,116", "53116", "53116", "")]),
    ("en", "479,358 households", [("479,358", "479358", "479358", "")]),
    ("en", "1,234.5 tonnes", [("1,234.5", "1234.5", "1234.5", "")]),
    ("en", "reduction is low (1.71%)", [("1.71", "1.71", "1.71", "")]),
    ("en", "12,2 in an English text", [("12", "12", "12", ""), ("2", "2", "2", "")]),
    ("en", "by 2-2.5%", [("2", "2", "2", ""), ("2.5", "2.5", "2.5", "")]),
    ("en", "4,459 billion VND", [("4,459 billion", "4459", "4459000000000", "")]),
    ("en", "12 thousand people", [("12 thousand", "12", "12000", "")]),
    ("en", "a million cards", [("a million", "1", "1000000", "")]),
    ("en", "at least one member", [("one", "1", "1", "")]),
    ("en", "thousands of people", [("thousands", None, None, "")]),
    ("fr", "en 2021", [("2021", "2021", "2021", "year")]),
    ("fr", "1 900 ménages", [("1 900", "1900", "1900", "")]),
    (
        "en",
        "the 2021-2025 period",
        [("2021", "2021", "2021", "year"), ("2025", "2025", "2025", "year")],
    ),
    (
        "en",
        "in the period of 2021 - 2024",
        [("2021", "2021", "2021", "year"), ("2024", "2024", "2024", "year")],
    ),
    ("fr", "décrets 116/2016/ND-CP et 81/2021/ND-CP", []),
    ("fr", "la circulaire 42/2013/TTLT", []),
    ("fr", "la décision 53/2015/QD-TTg", []),
    ("fr", "la décision 90/QĐ-TTg", []),
    ("fr", "du 13e Congrès", [("13", "13", "13", "ordinal")]),
    ("fr", "du XIIIe Congrès", []),
    ("fr", "le 1er juillet", [("1", "1", "1", "ordinal")]),
    ("en", "the 14th Congress", [("14", "14", "14", "ordinal")]),
    ("fr", "1.jpg", []),
    ("fr", "Photo : 12.JPG", []),
    ("fr", "Source : https://example.org/a-221818.htm", []),
    ("en", "the 2-level local government model", [("2", "2", "2", "compound")]),
    (
        "fr",
        "le 31 décembre 2024",
        [("31", "31", "31", "date"), ("2024", "2024", "2024", "year")],
    ),
    ("fr", "le 18/07/2016", []),
    ("en", "on December 31", [("31", "31", "31", "date")]),
    ("en", "COVID19 and H5N1", []),
]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    NUMBERS,
    ids=[f"{lang}:{text}" for lang, text, _ in NUMBERS],
)
def test_numbers(language: str, text: str, expected: list[Row]) -> None:
    assert rows(numbers(text, language)) == expected


def test_numbers_know_their_line_and_span() -> None:
    text = "Ligne un.\nEn 2024, 74 000 personnes.\n\n12,2 %"
    found = [f for f in numbers(text, "fr") if not f.ignored]
    assert [(f.line, text[f.span[0] : f.span[1]]) for f in found] == [
        (2, "74 000"),
        (4, "12,2"),
    ]


def test_check_clean_on_test_seeds() -> None:
    annotations, problems = read_seeds(DATA / "seeds")
    texts = read_texts(DATA / "texts")
    report = check(annotations, texts, [], "texts")
    assert problems == []
    assert report.clean, list(report.lines())
    assert (report.located, report.figures, report.numbers, report.excluded) == (9, 8, 18, 0)


THREES = (
    "Lạng Sơn a 3 districts pauvres.\n"  # sentence [0, 31]
    "Le taux est tombé à environ 3 %. Trois communes en sont sorties.\n"  # [32, 64], [65, 96]
    "En 2023, 12 communes et 3,5 % des ménages.\n"  # [97, 139]: "3" only inside 2023 and 3,5
)


def rate(span: tuple[int, int], figure: str, value: str = "3") -> Observation:
    """An observation of a rate of 3 % located at `span` of THREES, as `figure`."""
    where = Location("s.yaml", 7, 5)
    return Observation(
        id="t-rate",
        loc=where,
        source="t",
        indicator="poverty-rate",
        place="p",
        value=Decimal(value),
        unit="percent",
        status=Status.ACHIEVED,
        qualifier=Qualifier.ABOUT,
        evidence=Evidence(span[0], span[1], figure, Location("s.yaml", 8, 15)),
    )


SOURCE = Source(
    id="t", loc=Location("s.yaml", 1), file="t.txt", title={"fr": "T"}, publisher="P", language="fr"
)


@pytest.mark.parametrize(
    ("span", "figure", "value", "expected"),
    [
        ((32, 64), "3 %", "3", []),
        (
            (0, 31),
            "3 %",
            "3",
            [
                's.yaml:8:15: evidence: figure "3 %" is not in span [0, 31] of t.txt '
                "(it is in the sentence [32, 64])"
            ],
        ),
        (
            (97, 139),
            "3",
            "3",
            [
                's.yaml:8:15: evidence: figure "3" is not in span [97, 139] of t.txt '
                "(it is in the sentence [0, 31])"
            ],
        ),
        ((65, 96), "Trois", "3", []),
        (
            (65, 96),
            "Trois",
            "30",
            ['s.yaml:8:15: evidence: figure "Trois" does not read as the value 30'],
        ),
        (
            (32, 96),
            "3 %",
            "3",
            [
                "s.yaml:8:15: evidence: span [32, 96] is not one sentence or caption of t.txt "
                "(the sentence at 32 is [32, 64])"
            ],
        ),
    ],
    ids=[
        "right-sentence",
        "wrong-sentence",
        "only-inside-other-numbers",
        "number-word",
        "wrong-value",
        "two-sentences",
    ],
)
def test_a_figure_attached_to_the_wrong_sentence_is_caught(
    span: tuple[int, int], figure: str, value: str, expected: list[str]
) -> None:
    """The value 3 is in several sentences: only the located one counts."""
    attached = attach(SOURCE, THREES, [rate(span, figure, value)])
    assert [str(p) for p in attached.problems] == expected


def test_locate_gives_the_sentence_of_each_occurrence() -> None:
    assert list(locate(SOURCE, THREES, "3 %", "texts/t.txt")) == [
        'texts/t.txt:2:29: t sentence 2: evidence: {span: [32, 64], figure: "3 %"}'
    ]
    assert list(locate(SOURCE, THREES, "3", "texts/t.txt")) == [
        'texts/t.txt:1:12: t sentence 1: evidence: {span: [0, 31], figure: "3"}',
        'texts/t.txt:2:29: t sentence 2: evidence: {span: [32, 64], figure: "3"}',
    ]


def test_check_sources_locate(runner: CliRunner) -> None:
    result = runner.invoke(
        main,
        [
            *("check-sources", "--seeds", str(DATA / "seeds"), "--texts", str(DATA / "texts")),
            *("--locate", "12,2 %"),
        ],
    )
    assert result.exit_code == 0, result.output
    texts = DATA / "texts"
    assert result.stdout.splitlines() == [
        f'{texts / "t002.txt"}:2:54: t002 sentence 2: evidence: {{span: [39, 99], figure: "12,2 %"}}'
    ]
    only = runner.invoke(
        main,
        [
            *("check-sources", "--seeds", str(DATA / "seeds"), "--texts", str(texts)),
            *("--locate", "12.2%", "--source", "t002"),
        ],
    )
    assert only.exit_code == 1
    assert '"12.2%" not found in the texts' in only.stderr


def test_check_reports_every_kind_of_problem(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(DATA / "sourcecheck")
    result = runner.invoke(main, ["check-sources", "--seeds", "seeds", "--texts", "texts"])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        'seeds/exclusions.yaml:5:3: text "3 chats" not found in x001.txt',
        "seeds/exclusions.yaml:8:3: source: unknown source 'x009'",
        "seeds/exclusions.yaml:11:3: missing required key 'reason'",
        "seeds/exclusions.yaml:13:3: unknown key 'colour'",
        "seeds/sources/x002.yaml:2:3: text file absent.txt not found in texts",
        "texts/x003.txt: no source record annotates this text",
        'seeds/sources/x001.yaml:27:15: evidence: figure "2 % à 4,1 %" does not read as the value_max 3.5',
        'seeds/sources/x001.yaml:36:15: evidence: figure "4 459 millions" does not read as the value 4459000000000',
        'seeds/sources/x001.yaml:45:15: evidence: figure "2 %" is not in span [0, 60] of x001.txt (it is in the sentence [61, 138])',
        "seeds/sources/x001.yaml:54:15: evidence: span [61, 100] is not one sentence or caption of x001.txt (the sentence at 61 is [61, 138])",
        "seeds/sources/x001.yaml:55:5: observation 'x001-unlocated' has no evidence locator",
        "seeds/sources/x001.yaml:70:15: evidence: span [139, 500] runs past the end of x001.txt (275 characters)",
        'texts/x001.txt:3: "trois" is not annotated',
        "6 facts located (4 with a figure), 6 evidence problems; 8 numbers in the texts, "
        "1 not annotated, 1 excluded, 2 ignored (years, ordinals, dates); 6 other problems",
    ]


def test_check_sources_clean_exits_0(runner: CliRunner) -> None:
    result = runner.invoke(
        main, ["check-sources", "--seeds", str(DATA / "seeds"), "--texts", str(DATA / "texts")]
    )
    assert result.exit_code == 0, result.output
    assert "0 evidence problems" in result.stdout
    assert "0 not annotated" in result.stdout


def test_check_sources_stops_on_broken_annotations(tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "a.yaml").write_text("source: [broken\n")
    result = runner.invoke(
        main, ["check-sources", "--seeds", str(tmp_path), "--texts", str(DATA / "texts")]
    )
    assert result.exit_code == 1
    assert "a.yaml:2:1: YAML syntax" in result.stderr


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", []),
        ("source: s001\n", ["exclusions.yaml:1: expected a list of {source, text, reason}"]),
        ("- just text\n", ["exclusions.yaml:1:3: expected a map with keys source, text, reason"]),
        (
            "- {source: s001, text: [a], reason: r}\n",
            ["exclusions.yaml:1:24: text: expected text"],
        ),
        ("- {source: s001, text: 221818, reason: r}\n", []),
        ("- [unclosed\n", ["exclusions.yaml:2:1: YAML syntax"]),
    ],
    ids=["empty", "not-a-list", "item-not-a-map", "text-not-text", "number-as-text", "syntax"],
)
def test_read_exclusions_format(
    content: str, expected: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("exclusions.yaml").write_text(content)
    _, problems = read_exclusions(Path("exclusions.yaml"))
    assert [str(p)[: len(e)] for p, e in zip(problems, expected, strict=False)] == expected
    assert len(problems) == len(expected)


def test_missing_exclusions_file_means_none(tmp_path: Path) -> None:
    assert read_exclusions(tmp_path / "exclusions.yaml") == ([], [])


def test_every_bundled_fact_has_an_evidence_locator() -> None:
    annotations, problems = read_seeds(resources.bundled_seeds())
    assert problems == []
    facts = [*annotations.observations, *annotations.activities]
    assert len(facts) > 100
    assert [f.id for f in facts if f.evidence is None] == []
    assert all(o.evidence and o.evidence.figure for o in annotations.observations)


# The articles themselves are not bundled: `make check-sources` reads them from ../shared/seeds.
ARTICLES = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.mark.skipif(not ARTICLES.is_dir(), reason="the source articles are not beside the repo")
def test_bundled_seeds_are_attached_to_their_articles() -> None:
    annotations, _ = read_seeds(resources.bundled_seeds())
    exclusions, problems = read_exclusions(resources.bundled_seeds() / "exclusions.yaml")
    report = check(annotations, read_texts(ARTICLES), exclusions, str(ARTICLES), problems)
    assert report.clean, list(report.lines())
    assert report.located == len(annotations.observations) + len(annotations.activities)
