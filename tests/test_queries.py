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
    assert [(Decimal(r["value"]), r["qualifier"]) for r in rows] == [
        (Decimal("4.5"), "slightly_more_than")
    ]


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
    rows = pick(run(built_store, "inferences"), record=f"{ID}district/mai-son")
    assert [(r["aspect"], r["kind"]) for r in rows] == [("part_of", "reference or source")]
    assert "Sơn La" in rows[0]["reason"]


def test_inferences_name_each_aspect_of_a_fact_with_its_reason(built_store: Path) -> None:
    rows = run(built_store, "inferences")
    spread = pick(rows, record=f"{ID}observation/s001-pt-district-poverty-reduction-range-2024")
    assert {r["aspect"] for r in spread} == {
        "status",
        "period",
        "programme",
        "organisation",
        "place",
    }
    assert all(r["reason"] and r["kind"] == "observation" for r in spread)
    lender = pick(rows, record=f"{ID}activity/s000-ls-preferential-credit")
    assert [(r["aspect"], r["aspectLabel"]) for r in lender] == [("organisation", "organisation")]
    assert "Bank for Social Policies" in lender[0]["reason"]
    # the readings forced by the text are on the statement itself
    assert pick(
        rows, record=f"{ID}observation/s000-ls-student-support-budget-2024", aspect="status"
    )
    assert pick(
        rows,
        record=f"{ID}observation/s004-ms-communes-out-of-extreme-difficulty",
        aspect="indicator",
    )
    assert pick(rows, record=f"{ID}source/s002", aspect="date")


def test_stated_facts_have_no_inferred_aspect(built_store: Path) -> None:
    from vnkg.graph.annotations.parse import read_seeds

    annotations, _ = read_seeds(resources.bundled_seeds())
    facts = [("observation", o) for o in annotations.observations]
    facts += [("activity", a) for a in annotations.activities]
    stated = {f"{ID}{kind}/{f.id}" for kind, f in facts if not f.inferred}
    rows = run(built_store, "stated-facts")
    assert {r["fact"] for r in rows} == stated
    assert 20 < len(stated) < len(facts)
    poverty = pick(rows, fact=f"{ID}observation/s000-ls-poverty-rate-2021")
    assert [(r["what"], Decimal(r["value"]), r["period"]) for r in poverty] == [
        ("poverty-rate", Decimal("12.2"), "2021")
    ]
    # a stated activity: the 2025 plan of source 000 is planned, not delivered
    plan = pick(rows, fact=f"{ID}activity/s000-ls-2025-plan")
    assert {(r["what"], r["status"]) for r in plan} == {
        ("capacity_building", "planned"),
        ("communication", "planned"),
    }


def test_undated_facts_hold_as_of_their_source(built_store: Path) -> None:
    rows = run(built_store, "undated-facts")
    from vnkg.graph.annotations.parse import read_seeds

    annotations, _ = read_seeds(resources.bundled_seeds())
    undated = {f"{ID}observation/{o.id}" for o in annotations.observations if o.period is None}
    assert {r["fact"] for r in rows} == undated
    # "supérieur à 98 %", "a diminué à 12,86 %", "environ 3 %": no year of their own
    for fact, value, qualifier in (
        ("s002-cb-health-insurance-coverage", "98", "more_than"),
        ("s004-ms-poverty-rate", "12.86", "exact"),
        ("s002-ls-poverty-rate-2025", "3", "about"),
    ):
        (row,) = pick(rows, fact=f"{ID}observation/{fact}")
        assert (Decimal(row["value"]), row["qualifier"]) == (Decimal(value), qualifier)
        assert row["sourceDate"] == "2025" and row["sourceDateInferred"] == "true"
    # a spread across units has no value, only its bounds
    (group,) = pick(rows, fact=f"{ID}observation/s004-cc-savings-group-size")
    assert "value" not in group
    assert (Decimal(group["spreadMin"]), Decimal(group["spreadMax"])) == (25, 30)


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
        if o.source == "s000" and o.period is not None and o.value is not None
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


def test_approximate_undated_value_keeps_its_qualifier_and_is_as_of_its_source(
    built_store: Path,
) -> None:
    rows = pick(
        run(built_store, "poverty-rate-by-province"),
        province=f"{ID}province/lang-son",
        period="as of source s002 (2025)",
    )
    assert [(Decimal(r["value"]), r["qualifier"], r["source"]) for r in rows] == [
        (Decimal(3), "about", f"{ID}source/s002")
    ]
    # no figure of Lạng Sơn is dated 2025: the article does not date the 3 %
    assert not pick(
        run(built_store, "poverty-rate-by-province"),
        province=f"{ID}province/lang-son",
        period="2025",
    )


def test_inferred_place_of_a_caption_figure_is_flagged(built_store: Path) -> None:
    rows = pick(
        run(built_store, "inferences"),
        record=f"{ID}observation/s002-cb-houses-supported-2020-2025",
        aspect="place",
    )
    assert len(rows) == 1 and "Cao Bằng" in rows[0]["reason"]


def test_facts_of_a_source_say_where_the_article_states_them(built_store: Path) -> None:
    rows = pick(
        run(built_store, "facts-of-a-source"), fact=f"{ID}observation/s000-ls-poverty-rate-2021"
    )
    assert [(r["spanStart"], r["spanEnd"], r["figure"], r.get("inferred")) for r in rows] == [
        ("4879", "5110", "12,2 %", None)
    ]
