"""Numbers in texts (`numbers`), matching them with annotations (`check`), `vnkg check-sources`."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from vnkg.graph.annotations.parse import read_seeds
from vnkg.graph.checks.numbers import Found, numbers
from vnkg.graph.checks.sources import Exclusion, check, read_exclusions
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
    texts = {p.name: p.read_text(encoding="utf-8") for p in (DATA / "texts").glob("*.txt")}
    report = check(annotations, texts, [], "texts")
    assert problems == []
    assert report.clean, list(report.lines())
    assert (report.figures, report.numbers, report.excluded) == (6, 14, 0)


def test_check_matches_the_scaled_value_and_honours_exclusions() -> None:
    annotations, _ = read_seeds(DATA / "seeds")
    texts = {
        "t001.txt": "Loans: 4 459 milliards (2021-2024); 12,2 ; 2 ; 2,5 ; 20,5 ; 7 vaches.",
        "t002.txt": "12,2 %",
    }
    french = tuple(replace(s, language="fr") for s in annotations.sources)
    annotations = replace(annotations, sources=french)
    where = Location("exclusions.yaml", 2)
    report = check(annotations, texts, [Exclusion("t001", "7 vaches", "test", where)])
    assert report.clean, list(report.lines())
    assert report.excluded == 1


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
        "seeds/sources/x001.yaml:17: value_max 3.5 (percent) not found in x001.txt",
        "seeds/sources/x001.yaml:26: value 4459000000000 (vnd) not found in x001.txt",
        'texts/x001.txt:2: "4,1" is not annotated',
        'texts/x001.txt:2: "4 459 millions" is not annotated',
        'texts/x001.txt:3: "trois" is not annotated',
        "4 annotated figures, 2 not found in their text; 8 numbers in the texts, "
        "3 not annotated, 1 excluded, 2 ignored (years, ordinals, dates); 6 other problems",
    ]


def test_check_sources_clean_exits_0(runner: CliRunner) -> None:
    result = runner.invoke(
        main, ["check-sources", "--seeds", str(DATA / "seeds"), "--texts", str(DATA / "texts")]
    )
    assert result.exit_code == 0, result.output
    assert "0 not found in their text" in result.stdout
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
