"""A query's syntax error told for people (server/endpoint/syntaxerrors.py), against the engine's
own messages: each case is parsed by pyoxigraph, then explained."""

from __future__ import annotations

import pytest
from pyoxigraph import Store
from vnkg.server.endpoint.syntaxerrors import SyntaxDetail, explain


def engine_message(query: str) -> str:
    try:
        Store().query(query)
    except SyntaxError as error:
        return str(error)
    raise AssertionError("the query parses")


@pytest.mark.parametrize(
    ("query", "detail"),
    [
        ("SELECT * WHERE { ?s ?p ?o ", SyntaxDetail(1, 27, 'expected one of ",", ".", ";", "{", "{|", "}", "~"')),
        ("PREFIX a: <http://a/>\nSELECT * {\n  ?s a:p ?o ;\n     b:q 1 }", SyntaxDetail(4, 6, "", "b", ("a",))),
        ("SELECT * { ?s a foo:Bar }", SyntaxDetail(1, 17, "", "foo", ())),
        ('SELECT * { ?s ?p "b:c" . ?s <d:e> x:y }', SyntaxDetail(1, 35, "", "x", ())),
        ("# a:b in a comment\nASK { ?s c:d ?o }", SyntaxDetail(2, 10, "", "c", ())),
    ],
    ids=["end-of-query", "predicate-after-semicolon", "class", "not-in-strings-or-iris", "not-in-comments"],
)  # fmt: skip
def test_explain_the_engine_message(query: str, detail: SyntaxDetail) -> None:
    found = explain(engine_message(query), query)
    assert found is not None
    assert (found.line, found.column, found.prefix, found.declared) == (
        detail.line, detail.column, detail.prefix, detail.declared
    )  # fmt: skip
    if detail.prefix is None:
        assert found.expected == detail.expected
        assert found.fields() == {
            "line": detail.line,
            "column": detail.column,
            "expected": detail.expected,
        }
    else:
        assert found.message().endswith(f"the prefix {detail.prefix}: is not declared (declared: "
                                        f"{', '.join(p + ':' for p in detail.declared) or 'none'})")  # fmt: skip


def test_a_message_without_position_is_not_explained() -> None:
    assert explain("something else went wrong", "ASK {}") is None
