"""The comparison of `vnkg suggest` with the curators (benchmarks/suggest_report.py) runs and
prints its table for every article: a report, not a threshold. On the bundled articles when
they are beside the repository (../shared/seeds), and always on the two test articles with
their hand-curated annotations (tests/data/suggest)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

import pytest
from vnkg.graph import resources

ROOT = Path(__file__).resolve().parent.parent
SUGGEST = ROOT / "tests" / "data" / "suggest"
BUNDLED_TEXTS = ROOT.parent / "shared" / "seeds"


def report() -> ModuleType:
    if str(ROOT / "benchmarks") not in sys.path:
        sys.path.insert(0, str(ROOT / "benchmarks"))
    return importlib.import_module("suggest_report")


def table(capsys: pytest.CaptureFixture[str], *args: str) -> list[list[str]]:
    assert report().main(list(args)) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("| article | curated figures | found (value right) |")
    return [[cell.strip(" *") for cell in line.strip("|").split("|")] for line in lines[2:]]


def test_the_report_on_the_test_articles(capsys: pytest.CaptureFixture[str]) -> None:
    rows = table(capsys, "--seeds", str(SUGGEST / "seeds"), "--texts", str(SUGGEST / "texts"))
    assert [r[0] for r in rows] == ["s101 (fr)", "s102 (en)", "overall"]
    assert rows[-1][1] == "36"  # curated figures
    assert all(len(r) == 8 for r in rows)


@pytest.mark.skipif(
    not BUNDLED_TEXTS.is_dir(), reason="the bundled articles are not beside the repo"
)
def test_the_report_on_the_bundled_articles(capsys: pytest.CaptureFixture[str]) -> None:
    rows = table(capsys, "--seeds", str(resources.bundled_seeds()), "--texts", str(BUNDLED_TEXTS))
    names = [r[0].split()[0] for r in rows]
    assert names == ["s000", "s001", "s002", "s003", "s004", "overall"]


@pytest.mark.skipif(
    not BUNDLED_TEXTS.is_dir(), reason="the bundled articles are not beside the repo"
)
def test_the_readme_shows_the_current_table(capsys: pytest.CaptureFixture[str]) -> None:
    """README.md's table is the report's output (`make suggest-report` rewrites it)."""
    assert report().main(["--texts", str(BUNDLED_TEXTS)]) == 0
    printed = capsys.readouterr().out.strip()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split(report().START, 1)[1].split(report().END, 1)[0].strip()
    assert shown == printed
