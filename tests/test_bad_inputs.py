"""Each file of tests/data/bad/ is dropped into valid seeds and must give its exact error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from vnkg.graph.cli import main

BAD = sorted((Path(__file__).parent / "data" / "bad").glob("*.yaml"))


def header(path: Path) -> tuple[str, str]:
    """The `# into:` folder and `# expect:` line of a bad file."""
    text = path.read_text(encoding="utf-8")
    into = re.search(r"^# into: (\w+)$", text, re.M)
    expect = re.search(r"^# expect: (.+)$", text, re.M)
    assert into and expect, f"{path.name} lacks its header"
    return into.group(1), expect.group(1)


@pytest.mark.parametrize("bad", BAD, ids=[p.stem for p in BAD])
def test_bad_file_gives_exact_error(bad: Path, seeds_dir: Path, runner: CliRunner) -> None:
    into, expect = header(bad)
    target = seeds_dir / into / bad.name
    target.write_bytes(bad.read_bytes())
    result = runner.invoke(main, ["validate", "--seeds", "seeds"])
    assert result.exit_code == 1, result.output
    expected = expect.replace("{file}", f"seeds/{into}/{bad.name}")
    assert expected in result.stderr.splitlines()
    assert "Traceback" not in result.output


def test_all_problems_of_a_run_are_reported(seeds_dir: Path, runner: CliRunner) -> None:
    for name in ("unknown_key.yaml", "unknown_unit.yaml"):
        (seeds_dir / "sources" / name).write_bytes(
            (Path(__file__).parent / "data" / "bad" / name).read_bytes()
        )
    (seeds_dir / "sources" / "unknown_unit.yaml").write_text(
        (seeds_dir / "sources" / "unknown_unit.yaml").read_text().replace("b001", "b002")
    )
    result = runner.invoke(main, ["validate", "--seeds", "seeds"])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("seeds/")]
    assert len(lines) == 2
    assert lines == sorted(lines)
    assert "2 problem(s) found." in result.stderr
