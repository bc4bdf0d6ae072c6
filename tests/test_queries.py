"""The competency queries of ontology/queries/, run through `vnkg query`, give the articles' answers."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyoxigraph import Store
from vnkg.graph import resources
from vnkg.graph.cli import main

QUERIES = sorted(resources.queries_dir().glob("*.rq"))
ID = "https://w3id.org/vnkg/id/"


def run(store: Path | str, name: str) -> list[dict[str, str]]:
    """Rows of query `name` as {variable: value}, through the CLI (a store or a `sparql+URL`)."""
    path = resources.queries_dir() / f"{name}.rq"
    source = ["--backend" if str(store).startswith("sparql+") else "--store", str(store)]
    result = CliRunner().invoke(main, ["query", *source, "--format", "json", f"@{path}"])
    assert result.exit_code == 0, result.output
    bindings = json.loads(result.stdout)["results"]["bindings"]
    return [{k: v["value"] for k, v in row.items()} for row in bindings]


def pick(rows: list[dict[str, str]], **where: str) -> list[dict[str, str]]:
    return [row for row in rows if all(row.get(k) == v for k, v in where.items())]


@pytest.mark.parametrize("query", QUERIES, ids=[q.stem for q in QUERIES])
def test_query_is_documented_parses_and_answers(query: Path, built_store: Path) -> None:
    text = query.read_text(encoding="utf-8")
    header = [line for line in text.splitlines() if line.startswith("#")]
    for field in ("# title: ", "# question: ", "# parameters: "):
        assert any(line.startswith(field) and len(line) > len(field) + 3 for line in header), field
    Store().query(text)  # parses
    assert run(built_store, query.stem), f"{query.name} returns no row on the bundled data"


def test_cq1_poverty_rate_of_lang_son_from_both_sources(built_store: Path) -> None:
    rows = pick(run(built_store, "poverty-rate-by-province"), province=f"{ID}province/lang-son")
    in_2021 = pick(rows, period="2021")
    assert {r["source"] for r in in_2021} == {f"{ID}source/s000", f"{ID}source/s003"}
    assert {(Decimal(r["value"]), r["status"], r["qualifier"]) for r in in_2021} == {
        (Decimal("12.2"), "achieved", "exact")
    }
    assert any(Decimal(r["value"]) == Decimal("3.36") and r["status"] == "achieved" for r in rows)


def test_cq1_thai_nguyen_slightly_above_four_and_a_half(built_store: Path) -> None:
    rows = pick(run(built_store, "poverty-rate-by-province"), province=f"{ID}province/thai-nguyen")
    assert [(Decimal(r["value"]), r["qualifier"]) for r in rows] == [(Decimal("4.5"), "more_than")]


def test_cq2_decree_116_is_a_government_decree(built_store: Path) -> None:
    rows = pick(run(built_store, "legal-basis-of-programmes"), number="116/2016/ND-CP")
    assert rows, "116/2016/ND-CP is the legal basis of nothing"
    assert {r["type"] for r in rows} == {"decree"}
    assert {r["issuer"] for r in rows} == {f"{ID}organisation/government"}
    assert {r["issuerInferred"] for r in rows} == {"true"}


def test_cq3_communes_of_mai_son(built_store: Path) -> None:
    rows = pick(
        run(built_store, "units-of-a-province"), province=f"{ID}province/son-la", level="commune"
    )
    names = {r["name"] for r in rows}
    assert {"Chiềng Chung", "Chiềng Mai", "Chiềng Dong", "Chiềng Lương"} <= names
    assert {r["parentName"] for r in rows} == {"Mai Sơn"}


def test_cq4_social_policy_bank_lends(built_store: Path) -> None:
    rows = pick(run(built_store, "support-by-organisation"), support="credit")
    assert f"{ID}organisation/vbsp" in {r.get("organisation") for r in rows}


def test_cq5_credit_in_lang_son_2021_2024(built_store: Path) -> None:
    rows = pick(
        run(built_store, "credit-disbursed"), place=f"{ID}province/lang-son", period="2021–2024"
    )
    volume = pick(rows, indicator="preferential-credit-volume")
    households = pick(rows, indicator="preferential-credit-borrower-households")
    assert [(Decimal(r["value"]), r["unit"], r["qualifier"]) for r in volume] == [
        (Decimal(4459000000000), "vnd", "more_than")
    ]
    assert [(Decimal(r["value"]), r["qualifier"]) for r in households] == [
        (Decimal(80600), "more_than")
    ]


def test_cq7_facts_of_source_000_keep_qualifiers(built_store: Path) -> None:
    rows = pick(run(built_store, "facts-of-a-source"), source=f"{ID}source/s000")
    cards = pick(rows, indicator="health-insurance-cards-issued")
    assert [(Decimal(r["value"]), r["qualifier"], r["period"]) for r in cards] == [
        (Decimal(1000000), "more_than", "2021–2024")
    ]
    target = [r for r in rows if r["status"] == "target"]
    assert target and all(r["qualifier"] == "range" and r.get("maxValue") for r in target)


def test_figures_reported_twice_are_found(built_store: Path) -> None:
    rows = run(built_store, "facts-in-several-sources")
    assert any(
        r["placeName"] == "Lạng Sơn"
        and Decimal(r["value"]) == Decimal("12.2")
        and r["sources"] == "2"
        for r in rows
    )


def test_inferred_province_of_mai_son_has_a_reason(built_store: Path) -> None:
    rows = pick(run(built_store, "inferred-facts"), subject=f"{ID}district/mai-son")
    assert [r["value"] for r in rows] == [f"{ID}province/son-la"]
    assert rows[0]["reason"]


def test_every_figure_of_source_000_is_in_the_graph(built_store: Path) -> None:
    """Each observation of seeds/sources/000.yaml comes back with place, period, unit, status, qualifier."""
    from vnkg.graph.annotations.parse import read_seeds

    annotations, problems = read_seeds(resources.bundled_seeds())
    assert not problems
    expected = {
        (
            f"{ID}observation/{o.id}",
            o.indicator,
            o.period.text.replace("/", "–"),
            o.value,
            o.unit,
            o.status.value,
            o.qualifier.value,
        )
        for o in annotations.observations
        if o.source == "s000" and o.period is not None
    }
    assert len(expected) >= 15
    rows = pick(run(built_store, "facts-of-a-source"), source=f"{ID}source/s000")
    found = {
        (
            r["fact"],
            r["indicator"],
            r["period"],
            Decimal(r["value"]),
            r["unit"],
            r["status"],
            r["qualifier"],
        )
        for r in rows
    }
    assert expected == found


def test_approximate_value_keeps_its_qualifier(built_store: Path) -> None:
    rows = pick(
        run(built_store, "poverty-rate-by-province"),
        province=f"{ID}province/lang-son",
        period="2025",
    )
    assert [(Decimal(r["value"]), r["qualifier"], r["source"]) for r in rows] == [
        (Decimal(3), "about", f"{ID}source/s002")
    ]


def test_inferred_place_of_a_caption_figure_is_flagged(built_store: Path) -> None:
    rows = run(built_store, "inferred-facts")
    houses = [
        r for r in rows if r["subject"].endswith("/observation/s002-cb-houses-supported-2020-2025")
    ]
    place = [r for r in houses if r["property"].endswith("dimension#refArea")]
    assert [r["value"] for r in place] == [f"{ID}province/cao-bang"]
    assert "Cao Bằng" in place[0]["reason"]
