"""The competency queries asked about one resource: each `# parameters:` variable of a shipped
query bound by a VALUES block opening its WHERE group (what `vnkg query --bind` writes).

Bound, a query answers exactly the rows its whole answer has for that resource, and the same
rows with and without the summary graph (its text before that graph on a store without it).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyoxigraph import NamedNode, QuerySolutions, Variable
from test_summary import BASELINE, answer, text
from vnkg.graph import queries, resources, sparqltext
from vnkg.graph.cli import main
from vnkg.graph.store import GraphStore

SHIPPED = sorted(p.stem for p in resources.queries_dir().glob("*.rq"))
# The resources a parameter may name, when the query does not project it (or to add to those
# it projects): every one of them in the bundled store.
CANDIDATES = {
    "place": "SELECT DISTINCT ?x WHERE { ?o sdmx-dimension:refArea ?x }",
    "subject": "SELECT DISTINCT ?x WHERE { ?x vnkg:legalBasis ?d }",
    "organisation": "SELECT DISTINCT ?x WHERE { ?a vnkg:organisation ?x }",
    "record": "SELECT DISTINCT ?x WHERE { ?x vnkg:inference ?i }",
}
MOST = 12  # values tried per parameter: an even spread over the sorted candidates


def parameters(name: str) -> list[str]:
    """The variables of the query's `# parameters:` line."""
    line = re.search(r"^# parameters: (.*)$", text(resources.queries_dir(), name), re.MULTILINE)
    assert line, name
    return re.findall(r"\?(\w+)", line[1])


def projected(name: str, variable: str) -> bool:
    """Whether the query's SELECT clause names the variable."""
    query = text(resources.queries_dir(), name)
    head = re.search(r"^SELECT (.*?)\bWHERE\b", query, re.MULTILINE | re.DOTALL)
    return bool(head) and f"?{variable}" in re.split(r"[\s()]+", head[1])


PARAMETERISED = [(n, v) for n in SHIPPED for v in parameters(n)]
PROJECTED = [(n, v) for n, v in PARAMETERISED if projected(n, v)]


def spread(values: list[NamedNode]) -> list[NamedNode]:
    ordered = sorted(set(values), key=lambda v: v.value)
    step = max(1, len(ordered) // MOST)
    return ordered[::step][:MOST]


def candidates(store: GraphStore, name: str, variable: str) -> list[NamedNode]:
    """IRIs to bind `variable` of query `name` to: those its whole answer names, else CANDIDATES."""
    names, rows = answer(store, text(resources.queries_dir(), name))
    if variable in names:
        i = names.index(variable)
        return spread([NamedNode(r[i][1:-1]) for r in rows if r[i] and r[i].startswith("<")])
    found = store.query(queries.PREFIX_BLOCK + CANDIDATES[variable])
    assert isinstance(found, QuerySolutions)
    return spread([s["x"] for s in found if isinstance(s["x"], NamedNode)])


def bound(query: str, variable: str, value: NamedNode) -> str:
    return sparqltext.bind(query, {Variable(variable): value})


@pytest.mark.parametrize("name", SHIPPED, ids=str)
def test_every_parameter_is_a_variable_of_its_query(name: str) -> None:
    body = text(resources.queries_dir(), name)
    assert set(parameters(name)) <= sparqltext.variables(body)


def restricted(store: GraphStore, query: str, variable: str, value: NamedNode) -> list[tuple]:
    """The rows of the whole answer of `query` whose `variable` is `value`."""
    names, whole = answer(store, query)
    return [r for r in whole if r[names.index(variable)] == str(value)]


def test_most_parameters_are_projected() -> None:
    assert len(PROJECTED) >= len(PARAMETERISED) - 2 and len(PARAMETERISED) >= 10


@pytest.mark.parametrize(("name", "variable"), PROJECTED, ids=lambda x: str(x))
def test_a_bound_query_answers_the_rows_of_the_whole_answer_for_that_resource(
    name: str, variable: str, bundled_graph: GraphStore
) -> None:
    query = text(resources.queries_dir(), name)
    names, whole = answer(bundled_graph, query)
    values = candidates(bundled_graph, name, variable)
    assert values, f"the bundled answer of {name} names no ?{variable}"
    i = names.index(variable)
    for value in values:
        _, rows = answer(bundled_graph, bound(query, variable, value))
        assert rows and Counter(rows) == Counter(r for r in whole if r[i] == str(value)), value


@pytest.mark.parametrize(("name", "variable"), PARAMETERISED, ids=lambda x: str(x))
def test_a_bound_query_answers_the_same_with_and_without_the_summary_graph(
    name: str, variable: str, bundled_graph: GraphStore, without_summary: GraphStore
) -> None:
    """Against the text before the summary graph: its whole answer restricted to the resource
    when it projects the parameter (its own binding of an OPTIONAL's variable did not restrict:
    support-by-organisation), else that text bound the same way."""
    before, after = text(BASELINE, name), text(resources.queries_dir(), name)
    values = candidates(bundled_graph, name, variable)
    assert values
    answered = 0
    for value in values:
        if projected(name, variable):
            old = restricted(without_summary, before, variable, value)
        else:
            old = answer(without_summary, bound(before, variable, value))[1]
        new = answer(bundled_graph, bound(after, variable, value))[1]
        assert Counter(new) == Counter(old), value
        answered += bool(new)
    assert answered, f"{name} bound to any ?{variable} answers nothing"


def test_vnkg_query_binds_a_parameter(bundled_store: Path) -> None:
    path = resources.queries_dir() / "facts-of-a-source.rq"
    source = "https://w3id.org/vnkg/id/source/s000"
    args = ["query", "--store", str(bundled_store), "--format", "csv", f"@{path}"]
    whole = CliRunner().invoke(main, args)
    one = CliRunner().invoke(main, [*args, "--bind", f"source={source}"])
    assert whole.exit_code == 0 and one.exit_code == 0, one.output
    lines = one.stdout.splitlines()
    assert len(lines) > 10 and all(line.startswith(source) for line in lines[1:])
    assert sorted(lines[1:]) == sorted(
        x for x in whole.stdout.splitlines() if x.startswith(source + ",")
    )


@pytest.mark.parametrize(
    ("bind", "says"),
    [
        ("nosuch=https://w3id.org/vnkg/id/source/s000", "the query has no ?nosuch"),
        ("source=not an iri", "is not an IRI"),
        ("source", "is not NAME=IRI"),
    ],
)
def test_vnkg_query_refuses_a_bad_binding(bundled_store: Path, bind: str, says: str) -> None:
    path = resources.queries_dir() / "facts-of-a-source.rq"
    args = ["query", "--store", str(bundled_store), f"@{path}", "--bind", bind]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and says in result.output
