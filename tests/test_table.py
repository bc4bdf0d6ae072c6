"""The tidy table of observations (graph/table.py): `vnkg export --format csv` and /export.csv,
read back with Python's csv module and checked against the annotations that made them."""

from __future__ import annotations

import csv
import gzip
import io
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from flask.testing import FlaskClient
from vnkg.graph import queries, resources, store, table
from vnkg.graph.cli import main
from vnkg.graph.emit.iris import Iris

INFERRED = {"place", "indicator", "value", "period", "status", "programme"}


def rows_of(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert tuple(reader.fieldnames or ()) == table.COLUMNS
    return list(reader)


def observations_in(graph: store.GraphStore) -> int:
    count = "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a qb:Observation }"
    return int(next(iter(graph.query(queries.PREFIX_BLOCK + count)))[0].value)  # type: ignore[index,union-attr]


def annotated() -> dict[str, dict[str, object]]:
    """Every observation of the bundled annotations, by IRI."""
    found = {}
    for path in sorted((resources.bundled_seeds() / "sources").glob("*.yaml")):
        for record in yaml.safe_load(path.read_text(encoding="utf-8")).get("observations", []):
            found[Iris().mint("observation", record["id"]).value] = record
    return found


@pytest.fixture(scope="module")
def bundled_rows(bundled_graph: store.GraphStore) -> list[dict[str, str]]:
    return rows_of("".join(table.lines(bundled_graph)))


@pytest.mark.slow
def test_one_row_per_observation_of_the_bundled_graph(
    bundled_rows: list[dict[str, str]], bundled_graph: store.GraphStore
) -> None:
    iris = [row["observation"] for row in bundled_rows]
    assert len(iris) == len(set(iris)) == observations_in(bundled_graph) > 50
    assert iris == sorted(iris)


@pytest.mark.slow
def test_rows_say_what_the_annotations_say(bundled_rows: list[dict[str, str]]) -> None:
    records = annotated()
    assert {row["observation"] for row in bundled_rows} == set(records)
    for row in bundled_rows:
        record = records[row["observation"]]
        for column in ("indicator", "unit", "status", "qualifier"):
            expected = str(record[column])
            found = row[column].rsplit("/", 1)[-1] if column == "indicator" else row[column]
            assert found == expected, (row["observation"], column)
        if isinstance(record.get("value"), int | float):
            assert Decimal(row["value"]) == Decimal(str(record["value"])), row["observation"]
        inferred = set(record.get("inferred", {})) & INFERRED
        flagged = {part for part in INFERRED if row[f"{part}_inferred"] == "true"}
        assert flagged == inferred, row["observation"]
        assert {row[f"{part}_inferred"] for part in INFERRED} <= {"true", "false"}


@pytest.mark.slow
def test_a_spread_across_districts_reads_as_annotated(bundled_rows: list[dict[str, str]]) -> None:
    """The observation whose place, period, status and programme the curators inferred."""
    spread = [row for row in bundled_rows if row["spread_min"]]
    record = annotated()[spread[0]["observation"]]
    row = spread[0]
    assert (row["spread_min"], row["spread_max"], row["value"]) == (
        str(record["spread"]["min"]),  # type: ignore[index]
        str(record["spread"]["max"]),  # type: ignore[index]
        "",
    )
    assert row["place"].endswith("/" + str(record["place"])) and row["place_name"]
    assert row["place_code"].isdigit() and row["period_start"].startswith(str(record["period"]))
    assert row["place_inferred"] == row["period_inferred"] == row["status_inferred"] == "true"
    assert row["indicator_inferred"] == row["value_inferred"] == "false"
    assert row["source_title"] and row["source"].endswith("/source/s001")


def test_cli_writes_the_table(test_store: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["export", "--store", str(test_store), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = rows_of(result.stdout)
    assert len(rows) == observations_in(store.GraphStore.open(test_store)) > 0


def test_export_csv_over_http(web_client: FlaskClient) -> None:
    response = web_client.get("/export.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = rows_of(response.get_data(as_text=True))
    place = {
        (row["place_name"], row["place_code"], row["indicator"].rsplit("/", 1)[-1]) for row in rows
    }
    assert ("Lạng Sơn", "20", "poverty-rate") in place and len(rows) == 3
    zipped = web_client.get("/export.csv", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == response.data


def test_context_is_served(web_client: FlaskClient) -> None:
    response = web_client.get("/context.jsonld")
    assert response.status_code == 200 and response.mimetype == "application/ld+json"
    assert response.json is not None and response.json["@context"]["skos"].endswith("/core#")
