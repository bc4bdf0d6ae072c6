"""A graph of their own: `vnkg init` makes a project that builds, serves and rebuilds on save."""

from __future__ import annotations

import json
import time
from pathlib import Path

import processes
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


def value(url: str) -> list[str]:
    reply = processes.query(url, VALUE)
    return [b["v"]["value"] for b in json.loads(reply.body)["results"]["bindings"]]


def wait_for(check: object, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        time.sleep(0.5)
    raise AssertionError("timed out")


@pytest.mark.slow  # a real server, two builds
def test_serve_watch_rebuilds_when_a_yaml_file_changes(project: Path) -> None:
    source = project / "seeds" / "sources" / "example.yaml"
    seeds, store = str(project / "seeds"), str(project / ".vnkg" / "store")
    command = ["vnkg", "serve", "--seeds", seeds, "--store", store, "--watch", "--port", "0"]
    server = processes.start(command, project / "serve.log")
    try:
        assert value(server.url) == ["31.5"]
        source.write_text(source.read_text().replace("value: 31.5", "value: 32.5"))
        wait_for(lambda: value(server.url) == ["32.5"])
        broken = source.read_text().replace("  id: example\n", "\tid: example\n")
        source.write_text(broken)
        wait_for(lambda: "still serving the previous build" in server.log.read_text())
        assert value(server.url) == ["32.5"]
    finally:
        assert server.stop() == 0
    log = server.log.read_text()
    assert "example.yaml:5:1: YAML syntax: a tab character; indent with spaces only" in log
    assert "\x1b[" not in log
    queries = [line for line in log.splitlines() if " vnkg.query POST /sparql 200 " in line]
    assert len(queries) >= 3
    assert not [line for line in log.splitlines() if '"POST /sparql HTTP/1.1"' in line]
