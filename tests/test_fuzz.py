"""Property-based tests: no input makes the YAML loader or the HTTP endpoint fail badly."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from vnkg.graph.annotations.parse import read_seeds
from vnkg.graph.annotations.yamlsource import parse_yaml_text, read_yaml
from vnkg.server.app import create_app

FAST = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
LOCATED = re.compile(r"^f\.yaml(:\d+(:\d+)?)?: \S")

YAML_PIECES = ["places:", "sources:", "source:", "observations:", "\n", "  ", "    ", "- ", "id: ",
               "kind: ", "name: ", "value: ", "period: ", "&a ", "*a", "!!int ", "!!float ",
               "!!python/name:os.system ", "!!binary ", "[", "]", "{", "}", ": ", ", ", "\t", "'",
               '"', "2021-13-45", "2021/2024", "1e999", "0x", "9" * 40, "\\ud800", "\\x00", "---",
               "...", "? ", "<<: ", "%YAML 1.1\n", "# c", "Lạng Sơn", "Lạng Sơn", "\ufeff",
               "\x00", "\x85", "\u2028", "~", "null", "true", "-1", ".5", "|\n", ">\n"]  # fmt: skip
yaml_like = st.lists(st.sampled_from(YAML_PIECES), max_size=40).map("".join)


@FAST
@given(st.one_of(st.text(), yaml_like))
def test_yaml_text_gives_values_or_located_problems(text: str) -> None:
    value, problems = parse_yaml_text(text, "f.yaml")
    for problem in problems:
        assert LOCATED.match(str(problem)), str(problem)
    if problems and value is not None:
        assert all("duplicate key" in p.message or "is not text" in p.message for p in problems)


@FAST
@given(
    st.one_of(st.binary(max_size=2000), yaml_like.map(lambda t: t.encode("utf-8", "surrogatepass")))
)
def test_yaml_bytes_never_raise(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(data)
    _, problems = read_yaml(path, "f.yaml")
    assert all(LOCATED.match(str(p)) for p in problems)


@FAST
@given(yaml_like, st.sampled_from(["reference", "sources"]))
def test_seed_files_never_raise(text: str, folder: str) -> None:
    with tempfile.TemporaryDirectory() as name:
        seeds = Path(name)
        (seeds / folder).mkdir()
        (seeds / folder / "f.yaml").write_text(text, "utf-8", errors="surrogatepass")
        _, problems = read_seeds(seeds)
    for problem in problems:
        assert str(problem).startswith(name), str(problem)


# --- the endpoint: any parameters, any headers: a 2xx/4xx answer, never a 5xx or a trace

SPARQL_PIECES = ["SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "*", "?s", "?p", "?o", "$x", "WHERE",
                 "{", "}", "(", ")", ".", ";", ",", "<s>", "<http://a/>", "<>", "_:b", "[]",
                 "GRAPH", "FROM", "NAMED", "OPTIONAL", "UNION", "MINUS", "FILTER", "BIND", "AS",
                 "VALUES", "SERVICE", "SILENT", "LIMIT", "OFFSET", "1", "-1.5e9", "99999999999999999999",
                 '"x"', '"x"@vi', '"1"^^<http://www.w3.org/2001/XMLSchema#integer>', "'''",
                 "COUNT(*)", "GROUP BY", "ORDER BY", "DESC(?o)", "REGEX(?o, \"(a+)+$\")", "a",
                 "PREFIX p: <http://a/>", "p:x", "BASE <http://b/>", "INSERT DATA", "LOAD",
                 "CLEAR ALL", "DROP", "#", "\n", "\\u0053ERVICE", "é", "\x00", "?"]  # fmt: skip
sparql_like = st.lists(st.sampled_from(SPARQL_PIECES), max_size=25).map(" ".join)
ACCEPTS = ["application/json", "application/sparql-results+json", "text/csv", "text/turtle",
           "application/ld+json", "text/html", "*/*", "image/png", "", "application/*;q=0.5",
           "text/*, */*;q=0", ";;;", "application/json;q=abc"]  # fmt: skip
text = st.text(max_size=60)
params = st.dictionaries(
    st.sampled_from(["query", "update", "format", "default-graph-uri", "named-graph-uri", "x"]),
    st.one_of(sparql_like, text),
    max_size=4,
)
CONTENT_TYPES = ["application/x-www-form-urlencoded", "application/sparql-query",
                 "application/sparql-update", "text/plain", "multipart/form-data",
                 "application/sparql-query; charset=latin-1", ""]  # fmt: skip


@pytest.fixture(scope="module")
def client(endpoint_store: Path) -> FlaskClient:
    """The app over the endpoint test store, queries in the request thread."""
    return create_app(endpoint_store, test_config={"TESTING": True}).test_client()


def _check(response) -> None:  # type: ignore[no-untyped-def]
    body = response.get_data()
    assert response.status_code < 500, body[:300]
    assert b"Traceback" not in body
    if response.status_code >= 400 and response.mimetype == "application/json":
        error = json.loads(body)["error"]
        assert error["status"] == response.status_code and error["reason"]


@FAST
@given(params, st.sampled_from(ACCEPTS), st.sampled_from(["GET", "POST"]))
def test_any_parameters(client: FlaskClient, values: dict, accept: str, method: str) -> None:
    kwargs = {"query_string": values} if method == "GET" else {"data": values}
    _check(client.open("/sparql", method=method, headers={"Accept": accept}, **kwargs))


@FAST
@given(st.one_of(sparql_like, text, st.binary(max_size=200)), st.sampled_from(CONTENT_TYPES))
def test_any_body(client: FlaskClient, body: str | bytes, content_type: str) -> None:
    _check(client.post("/sparql", data=body, content_type=content_type))


@FAST
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80), text)
def test_any_path_and_graph(client: FlaskClient, path: str, graph: str) -> None:
    # percent-encoded so the test client can always build the URL; the server decodes it back
    _check(client.get("/" + quote(path.lstrip("/"), safe="/")))
    _check(client.get("/store", query_string={"graph": graph}))
