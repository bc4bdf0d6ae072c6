"""Each file of tests/data/bad/ is dropped into valid seeds and must give its exact error.

A file's header says where it goes (`# into: sources` adds it to that folder,
`# into: sources/t001.yaml` replaces that file) and the one line `vnkg validate` and
`vnkg build` must print (`{file}`: where it went; `{ontology}`: the ontology folder).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from vnkg.graph import resources
from vnkg.graph.annotations.parse import display_path
from vnkg.graph.cli import main

BAD = sorted((Path(__file__).parent / "data" / "bad").glob("*.yaml"))


def header(path: Path) -> tuple[str, str]:
    """The `# into:` place and `# expect:` line of a bad file."""
    text = path.read_text(encoding="utf-8")
    into = re.search(r"^# into: ([\w/.]+)$", text, re.M)
    expect = re.search(r"^# expect: (.+)$", text, re.M)
    assert into and expect, f"{path.name} lacks its header"
    return into.group(1), expect.group(1)


def drop(bad: Path, seeds_dir: Path) -> str:
    """Put `bad` into the seeds; return the line the commands must print."""
    into, expect = header(bad)
    target = Path(into) if "/" in into else Path(into) / bad.name
    (seeds_dir / target).write_bytes(bad.read_bytes())
    ontology = display_path(resources.ontology_dir())
    return expect.replace("{file}", f"seeds/{target}").replace("{ontology}", ontology)


@pytest.mark.parametrize("command", ["validate", "build"])
@pytest.mark.parametrize("bad", BAD, ids=[p.stem for p in BAD])
def test_bad_file_gives_exact_error(
    bad: Path, command: str, seeds_dir: Path, runner: CliRunner
) -> None:
    expected = drop(bad, seeds_dir)
    store = ["--store", "store"] if command == "build" else []
    result = runner.invoke(main, [command, "--seeds", "seeds", *store])
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [expected, "1 problem(s) found."]
    assert not Path("store").exists()


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
