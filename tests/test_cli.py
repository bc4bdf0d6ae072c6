"""The CLI contract of DESIGN.md, through click's runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from vnkg.graph.cli import main


def test_build_then_query_json_csv(seeds_dir: Path, runner: CliRunner) -> None:
    built = runner.invoke(main, ["build", "--seeds", "seeds", "--store", "st", "--no-gazetteer"])
    assert built.exit_code == 0, built.output
    q = "SELECT ?v WHERE { <https://w3id.org/vnkg/id/observation/t001-poverty-2021> <http://purl.org/linked-data/sdmx/2009/measure#obsValue> ?v }"
    result = runner.invoke(main, ["query", "--store", "st", q])
    assert result.exit_code == 0, result.output
    bindings = json.loads(result.stdout)["results"]["bindings"]
    assert [b["v"]["value"] for b in bindings] == ["12.2"]
    csv = runner.invoke(main, ["query", "--store", "st", "--format", "csv", q])
    assert csv.stdout.splitlines() == ["v", "12.2"]


def test_query_from_file_and_construct(seeds_dir: Path, runner: CliRunner) -> None:
    runner.invoke(main, ["build", "--seeds", "seeds", "--store", "st", "--no-gazetteer"])
    Path("q.rq").write_text(
        "CONSTRUCT { ?s a ?c } WHERE { ?s a <https://w3id.org/vnkg/def/Province> ; a ?c }"
    )
    result = runner.invoke(main, ["query", "--store", "st", "--format", "nt", "@q.rq"])
    assert result.exit_code == 0, result.output
    assert (
        "<https://w3id.org/vnkg/id/province/lang-son> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
        in result.stdout
    )


def test_query_errors_are_one_line(seeds_dir: Path, runner: CliRunner) -> None:
    runner.invoke(main, ["build", "--seeds", "seeds", "--store", "st", "--no-gazetteer"])
    bad = runner.invoke(main, ["query", "--store", "st", "SELECT * WHERE { ?s ?p }"])
    assert bad.exit_code == 1
    assert bad.stderr.startswith("Error: query: error at 1:")
    wrong = runner.invoke(
        main, ["query", "--store", "st", "--format", "ttl", "SELECT * WHERE { ?s ?p ?o }"]
    )
    assert wrong.exit_code == 2
    assert "--format ttl is for CONSTRUCT/DESCRIBE" in wrong.stderr
    missing = runner.invoke(main, ["query", "--store", "nowhere", "ASK {}"])
    assert missing.exit_code == 1 and "run `vnkg build` first" in missing.stderr


def test_export_to_file(seeds_dir: Path, runner: CliRunner) -> None:
    runner.invoke(main, ["build", "--seeds", "seeds", "--store", "st", "--no-gazetteer"])
    result = runner.invoke(main, ["export", "--store", "st", "--format", "nq", "-o", "out.nq"])
    assert result.exit_code == 0
    assert "<https://w3id.org/vnkg/graph/source/t001>" in Path("out.nq").read_text()


def test_failed_build_keeps_old_store(seeds_dir: Path, runner: CliRunner) -> None:
    assert (
        runner.invoke(
            main, ["build", "--seeds", "seeds", "--store", "st", "--no-gazetteer"]
        ).exit_code
        == 0
    )
    (seeds_dir / "sources" / "t002.yaml").write_text("source: [broken\n")
    failed = runner.invoke(main, ["build", "--seeds", "seeds", "--store", "st", "--no-gazetteer"])
    assert failed.exit_code == 1
    assert "seeds/sources/t002.yaml:2:1: YAML syntax" in failed.stderr
    still = runner.invoke(
        main,
        [
            "query",
            "--store",
            "st",
            "--format",
            "csv",
            "SELECT (COUNT(*) AS ?n) WHERE { ?o a <http://purl.org/linked-data/cube#Observation> }",
        ],
    )
    assert still.stdout.splitlines() == ["n", "7"]


def test_usage_errors_exit_2(runner: CliRunner) -> None:
    assert runner.invoke(main, ["export", "--format", "xml"]).exit_code == 2
    assert runner.invoke(main, ["frobnicate"]).exit_code == 2


def test_validate_reports_shacl_violation_at_the_yaml_line(
    seeds_dir: Path, runner: CliRunner
) -> None:
    source = seeds_dir / "sources" / "t001.yaml"
    text = source.read_text()
    source.write_text(
        text.replace("value: 12.2\n    unit: percent", "value: 12.2\n    unit: vnd", 1)
    )
    result = runner.invoke(main, ["validate", "--seeds", "seeds"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "seeds/sources/t001.yaml:12:5: SHACL: <https://w3id.org/vnkg/id/observation/t001-poverty-2021>: "
        "the unit (sdmx-attribute:unitMeasure) differs from the unit of its indicator (vnkg:unit) "
        "(value vunit:vnd)"
    )


@pytest.mark.slow  # SHACL over the bundled seeds
def test_validate_passes_on_bundled_seeds(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate"])
    assert result.exit_code == 0, result.output
    assert "SHACL conforms" in result.stdout
