"""The YAML reader keeps locations and turns every syntax problem into a located Problem."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from vnkg.graph.errors import Location
from vnkg.graph.yamlsource import MAX_BYTES, parse_yaml_text, read_yaml


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
        ("a: [1\n", 2, "expected ',' or ']'"),
        ("a:\n\t- b\n", 2, "found character '\\t'"),
        ("a: b\n\nc: \x01\n", 3, "unacceptable character #x0001"),
        ("a: !!python/object:os.system x\n", 1, "could not determine a constructor"),
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
    assert [str(p) for p in problems] == ["f.yaml:3:1: duplicate key 'a'"]


def test_unicode_is_normalised_to_nfc() -> None:
    decomposed = "Lạng Sơn".encode().decode()
    import unicodedata

    value, _ = parse_yaml_text(f"n: {unicodedata.normalize('NFD', decomposed)}\n", "f.yaml")
    assert value["n"] == unicodedata.normalize("NFC", decomposed)


def test_binary_and_huge_files(tmp_path: Path) -> None:
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"a: 1\nb: \xff\xfe\x00\n")
    assert [str(p) for p in read_yaml(binary, "bin.yaml")[1]] == [
        "bin.yaml:2: file is not valid UTF-8 text"
    ]
    huge = tmp_path / "huge.yaml"
    huge.write_bytes(b"#" * (MAX_BYTES + 1))
    assert "larger than" in read_yaml(huge, "huge.yaml")[1][0].message
