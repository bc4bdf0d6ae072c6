"""A graph of their own: `vnkg init` makes a project that builds and serves."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from vnkg.graph.cli import main
from vnkg.server.app import create_app

VALUE = """SELECT ?v WHERE { <https://w3id.org/vnkg/id/observation/example-poverty-rate-2024>
    <http://purl.org/linked-data/sdmx/2009/measure#obsValue> ?v }"""


@pytest.fixture
def project(tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project made by `vnkg init`, with the working directory beside it."""
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["init", "proj"])
    assert result.exit_code == 0, result.output
    assert "vnkg serve --seeds proj/seeds --store proj/.vnkg/store --watch" in result.stdout
    return tmp_path / "proj"


def test_init_makes_a_project_that_builds_and_serves(project: Path, runner: CliRunner) -> None:
    assert (project / "seeds" / "README.md").is_file()
    assert "- `poverty-rate` (percent): " in (project / "README.md").read_text(encoding="utf-8")
    built = runner.invoke(main, ["build", "--seeds", "proj/seeds", "--store", "proj/.vnkg/store"])
    assert built.exit_code == 0, built.output
    client = create_app(project / ".vnkg" / "store", test_config={"TESTING": True}).test_client()
    page = client.get("/id/province/ha-giang", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "Hà Giang" in page.get_data(as_text=True)
    answer = client.post("/sparql", data={"query": VALUE}, headers={"Accept": "application/json"})
    assert [b["v"]["value"] for b in answer.get_json()["results"]["bindings"]] == ["31.5"]
    checked = runner.invoke(
        main, ["check-sources", "--seeds", "proj/seeds", "--texts", "proj/texts"]
    )
    assert checked.exit_code == 0, checked.output


def test_init_refuses_a_directory_that_holds_files(project: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["init", "proj"])
    assert result.exit_code == 1
    assert "proj exists and is not an empty directory" in result.stderr
