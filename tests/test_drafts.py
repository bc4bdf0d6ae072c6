"""Draft records (`draft: true`, written by `vnkg suggest`): `vnkg build` and `validate` refuse
them, one line per record, until a curator removes the mark; `--accept-drafts` builds them as a
preview, marked `vnkg:draft true` in the graph and on their pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyoxigraph import Literal, NamedNode
from vnkg.graph import pipeline
from vnkg.graph.cli import main
from vnkg.graph.emit.iris import Iris
from vnkg.graph.emit.vocab import VNKG
from vnkg.graph.errors import ProblemsError
from vnkg.graph.store import GraphStore
from vnkg.server.app import create_app

OBSERVATION = "https://w3id.org/vnkg/id/observation/t001-poverty-2021"
SOURCE = "https://w3id.org/vnkg/id/source/t001"
REFUSED = [
    "seeds/sources/t001.yaml:2:3: draft record t001: review it and remove 'draft: true'",
    "seeds/sources/t001.yaml:13:5: draft record t001-poverty-2021: review it and remove"
    " 'draft: true'",
]


def mark(path: Path) -> None:
    """Mark the source record and the first observation of a test file as drafts."""
    text = path.read_text(encoding="utf-8")
    text = text.replace("  id: t001\n", "  id: t001\n  draft: true\n", 1)
    text = text.replace(
        "  - id: t001-poverty-2021\n", "  - id: t001-poverty-2021\n    draft: true\n"
    )
    path.write_text(text, encoding="utf-8")


def unmark(path: Path) -> None:
    """What a curator does once the drafts are right."""
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^ *draft: true\n", "", text), encoding="utf-8")


@pytest.fixture
def drafted(seeds_dir: Path) -> Path:
    """The tiny test seeds with two draft records in sources/t001.yaml."""
    mark(seeds_dir / "sources" / "t001.yaml")
    return seeds_dir


@pytest.mark.parametrize("command", ["build", "validate"])
def test_drafts_are_refused_one_line_each(drafted: Path, runner: CliRunner, command: str) -> None:
    args = [command, "--seeds", "seeds", *(["--store", "st"] if command == "build" else [])]
    result = runner.invoke(main, args)
    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if "draft" in line] == REFUSED
    assert "2 problem(s) found." in result.stderr
    assert not Path("st").exists()


def test_accepted_drafts_are_marked_in_the_graph(drafted: Path, runner: CliRunner) -> None:
    args = ["build", "--seeds", "seeds", "--store", "st", "--no-gazetteer", "--accept-drafts"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    graph = GraphStore.open(Path("st"))
    marked = {q.subject.value for q in graph.quads(None, VNKG.draft, Literal(True))}
    assert marked == {OBSERVATION, SOURCE}


def test_the_page_of_a_draft_shows_it(drafted: Path) -> None:
    pipeline.build(drafted, Path("st"), Iris(), gazetteer=False, accept_drafts=True)
    client = create_app(Path("st"), test_config={"TESTING": True}).test_client()
    draft = client.get("/id/observation/t001-poverty-2021", headers={"Accept": "text/html"})
    other = client.get("/id/observation/t001-credit", headers={"Accept": "text/html"})
    assert 'class="draft-badge"' in draft.get_data(as_text=True)
    assert 'class="draft-badge"' not in other.get_data(as_text=True)


def test_removing_the_marks_builds_without_them(drafted: Path, runner: CliRunner) -> None:
    unmark(drafted / "sources" / "t001.yaml")
    result = runner.invoke(main, ["build", "--seeds", "seeds", "--store", "st", "--no-gazetteer"])
    assert result.exit_code == 0, result.output
    graph = GraphStore.open(Path("st"))
    assert not list(graph.quads(None, VNKG.draft, None))
    assert list(graph.quads(NamedNode(OBSERVATION), None, None))


def test_streamed_builds_refuse_drafts_too(drafted: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "STREAM_MIN_BYTES", 0)
    with pytest.raises(ProblemsError) as refused:
        pipeline.build(drafted, Path("st"), Iris(), shapes=False, gazetteer=False, jobs=1)
    assert [str(p) for p in refused.value.problems] == REFUSED
    pipeline.build(
        drafted, Path("st"), Iris(), shapes=False, gazetteer=False, jobs=1, accept_drafts=True
    )
    marked = list(GraphStore.open(Path("st")).quads(None, VNKG.draft, None))
    assert len(marked) == 2
