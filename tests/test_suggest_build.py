"""A curator's round: `vnkg suggest` on an article, `vnkg build` refuses the drafts, `vnkg build
--accept-drafts` builds them, and without the marks the build takes them as annotations.

On the two test articles (tests/data/suggest/texts, new places for the tiny test seeds) and,
when they are beside the repository, on the five bundled articles (../shared/seeds).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from vnkg.graph import resources
from vnkg.graph.cli import main

DATA = Path(__file__).parent / "data"
BUNDLED_TEXTS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
MARK = re.compile(r"(?m)^ *draft: true\n")


def suggest_all(runner: CliRunner, texts: list[Path], seeds: Path, first: int) -> list[Path]:
    """Draft each text as source s{first}, s{first+1}...; return the files written."""
    written = []
    for number, text in enumerate(texts, start=first):
        out = seeds / "sources" / f"{number}.yaml"
        args = ["suggest", "--text", str(text), "--source-id", f"s{number}", "-o", str(out)]
        result = runner.invoke(main, [*args, "--seeds", str(seeds)])
        assert result.exit_code == 0, result.output
        written += [out, *sorted((seeds / "reference").glob(f"draft-s{number}.yaml"))]
    return written


def round_trip(runner: CliRunner, seeds: Path, written: list[Path], *options: str) -> None:
    """Refused, accepted, then built without the marks."""
    marks = sum(len(MARK.findall(p.read_text(encoding="utf-8"))) for p in written)
    refused = runner.invoke(main, ["build", "--seeds", str(seeds), "--store", "st", *options])
    assert refused.exit_code == 1
    lines = [line for line in refused.stderr.splitlines() if ": draft record " in line]
    assert len(lines) == marks
    assert all(line.endswith("review it and remove 'draft: true'") for line in lines)
    assert f"{marks} problem(s) found." in refused.stderr
    accepted = runner.invoke(
        main, ["build", "--seeds", str(seeds), "--store", "st", "--accept-drafts", *options]
    )
    assert accepted.exit_code == 0, accepted.output
    for path in written:
        path.write_text(MARK.sub("", path.read_text(encoding="utf-8")), encoding="utf-8")
    reviewed = runner.invoke(
        main, ["build", "--seeds", str(seeds), "--store", "st", "--skip-shacl", *options]
    )
    assert reviewed.exit_code == 0, reviewed.output


def test_the_test_articles_round_trip(seeds_dir: Path, runner: CliRunner) -> None:
    texts = sorted((DATA / "suggest" / "texts").glob("*.txt"))
    written = suggest_all(runner, texts, seeds_dir, 901)
    assert (seeds_dir / "reference" / "draft-s901.yaml").exists()  # Hà Giang is new here
    round_trip(runner, seeds_dir, written, "--no-gazetteer")


def test_the_drafts_are_located_in_their_articles(seeds_dir: Path, runner: CliRunner) -> None:
    texts = sorted((DATA / "suggest" / "texts").glob("*.txt"))
    suggest_all(runner, texts, seeds_dir, 901)
    folder = Path("texts")
    folder.mkdir()
    for text in [*texts, *(DATA / "texts").glob("*.txt")]:
        shutil.copy(text, folder / text.name)
    result = runner.invoke(main, ["check-sources", "--texts", "texts", "--seeds", "seeds"])
    assert ", 0 evidence problems;" in result.stdout


@pytest.mark.slow
@pytest.mark.skipif(
    not BUNDLED_TEXTS.is_dir(), reason="the bundled articles are not beside the repo"
)
def test_the_bundled_articles_round_trip(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(resources.bundled_seeds(), seeds, ignore=shutil.ignore_patterns("*.py"))
    monkeypatch.chdir(tmp_path)
    written = suggest_all(runner, sorted(BUNDLED_TEXTS.glob("*.txt")), seeds, 900)
    round_trip(runner, seeds, written, "--no-gazetteer")
