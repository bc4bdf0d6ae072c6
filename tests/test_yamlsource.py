"""The YAML reader keeps locations and turns every syntax problem into a located Problem."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from vnkg.graph import resources
from vnkg.graph.annotations import yamlsource
from vnkg.graph.annotations.yamlsource import (
    MAX_BYTES,
    MarkedList,
    MarkedMap,
    parse_yaml_text,
    read_yaml,
)
from vnkg.graph.errors import Location


def test_values_remember_their_lines() -> None:
    value, problems = parse_yaml_text("a: 1\nb:\n  - x: 2.5\n    y: 2021/2024\n", "f.yaml")
    assert problems == []
    item = value["b"][0]
    assert item["x"] == Decimal("2.5")
    assert item.value_locs["y"] == Location("f.yaml", 4, 8)
    assert value["b"].item_locs[0] == Location("f.yaml", 3, 5)


def test_decimals_are_exact() -> None:
    value, _ = parse_yaml_text("v: 0.1\nw: 4459000000000\n", "f.yaml")
    assert value["v"] == Decimal("0.1")
    assert value["w"] == 4459000000000


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        ("a: [1\n", 1, "this '[' is never closed; add ']'"),
        ("a:\n\t- b\n", 2, "a tab character; indent with spaces only"),
        ("a: b\n\nc: \x01\n", 3, "unacceptable character #x0001"),
        (
            "a: !!python/object:os.system x\n",
            1,
            "the tag '!!python/object:os.system' is not allowed",
        ),
        ("[" * 200, 1, "YAML"),
    ],
    ids=["unclosed-flow", "tab", "control-char", "unsafe-tag", "deep-nesting"],
)
def test_syntax_errors_are_located(text: str, line: int, needle: str) -> None:
    value, problems = parse_yaml_text(text, "f.yaml")
    assert value is None
    assert len(problems) == 1
    assert problems[0].location.line == line
    assert needle in problems[0].message


def test_duplicate_keys_are_reported_not_overwritten() -> None:
    value, problems = parse_yaml_text("a: 1\nb: 2\na: 3\n", "f.yaml")
    assert value["a"] == 1
    assert [str(p) for p in problems] == [
        "f.yaml:3:1: duplicate key 'a' (first given at line 1): give each key once"
    ]


def test_unicode_is_normalised_to_nfc() -> None:
    decomposed = "Lạng Sơn".encode().decode()
    import unicodedata

    value, _ = parse_yaml_text(f"n: {unicodedata.normalize('NFD', decomposed)}\n", "f.yaml")
    assert value["n"] == unicodedata.normalize("NFC", decomposed)


def test_binary_and_huge_files(tmp_path: Path) -> None:
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"a: 1\nb: \xff\xfe\x00\n")
    assert [str(p) for p in read_yaml(binary, "bin.yaml")[1]] == [
        "bin.yaml:2:4: file is not valid UTF-8 text"
    ]
    huge = tmp_path / "huge.yaml"
    huge.write_bytes(b"#" * (MAX_BYTES + 1))
    assert "larger than" in read_yaml(huge, "huge.yaml")[1][0].message


def _same(fast: Any, marked: Any) -> None:
    """Equal values with equal types and equal locations, all the way down."""
    assert type(fast) is type(marked) or isinstance(fast, type(marked)), (fast, marked)
    assert fast == marked
    if isinstance(marked, MarkedMap):
        assert (fast.loc, fast.key_locs, fast.value_locs) == (
            marked.loc,
            marked.key_locs,
            marked.value_locs,
        )
        for key in marked:
            _same(fast[key], marked[key])
    elif isinstance(marked, MarkedList):
        assert (fast.loc, fast.item_locs) == (marked.loc, marked.item_locs)
        for a, b in zip(fast, marked, strict=True):
            _same(a, b)


YAML_FILES = sorted(
    {*resources.bundled_seeds().rglob("*.yaml"), *(Path(__file__).parent / "data").rglob("*.yaml")}
)


@pytest.mark.parametrize("path", YAML_FILES, ids=[p.name for p in YAML_FILES])
def test_fast_path_builds_what_the_marked_loader_builds(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    marked, problems = yamlsource._parse(yamlsource._Loader, text, path.name)
    fast = yamlsource._fast_parse(text, path.name)
    if problems or marked is None:
        assert fast is None  # the marked loaders report what is wrong
    else:
        assert fast is not None
        _same(fast, marked)


@pytest.mark.parametrize(
    "text",
    ["a: &x {b: 1}\nc: *x\n", "a: 1\na: 2\n", "<<: {a: 1}\nb: 2\n", "a: !!binary aGk=\n", "1: x\n"],
    ids=["alias", "duplicate", "merge", "binary", "int-key"],
)
def test_fast_path_leaves_unusual_yaml_to_the_marked_loaders(text: str) -> None:
    assert yamlsource._fast_parse(text, "f.yaml") is None
    value, problems = parse_yaml_text(text, "f.yaml")
    assert value is not None or problems


def _laughs(levels: int) -> str:
    """A billion-laughs document: each level is a list of nine aliases of the level below."""
    lines = ['l0: &l0 ["lol"]']
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def _aliases(count: int) -> str:
    return f"a: &a 1\nb: [{', '.join(['*a'] * count)}]\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            _laughs(9),
            "f.yaml:6:40: YAML syntax: aliases expand this file to more than 100000 values",
        ),
        (_aliases(1001), "f.yaml:2:4005: YAML syntax: more than 1000 aliases in one file"),
    ],
    ids=["billion-laughs", "1001-aliases"],
)
def test_alias_bombs_stop_at_the_alias_past_the_bounds(text: str, expected: str) -> None:
    value, problems = parse_yaml_text(text, "f.yaml")
    assert value is None
    assert [str(p) for p in problems] == [expected]


@pytest.mark.parametrize(
    "text",
    [_laughs(4), _aliases(1000), "#" * 200_000 + "\n" + _laughs(5)],
    ids=["6561-values", "1000-aliases", "one-value-per-byte"],
)
def test_aliases_within_the_bounds_are_read(text: str) -> None:
    value, problems = parse_yaml_text(text, "f.yaml")
    assert problems == []
    assert value is not None


def test_the_libyaml_loaders_leave_aliases_to_the_counting_loader() -> None:
    assert yamlsource._fast_parse(_laughs(2), "f.yaml") is None
    if yamlsource._FastLoader is not None:
        assert yamlsource._parse(yamlsource._FastLoader, _laughs(2), "f.yaml")[0] is None


def test_the_seeds_readme_states_the_limits() -> None:
    readme = Path(__file__).parent.parent / "seeds" / "README.md"
    text = " ".join(readme.read_text(encoding="utf-8").split())
    limits = ["MAX_BYTES", "MAX_DEPTH", "MAX_TEXT", "MAX_ALIASES", "MIN_VALUES"]
    assert [n for n in limits if f"{getattr(yamlsource, n):,}" not in text] == []
