"""`vnkg push` against a fake store: the requests it plans, retries, reports, credentials."""

from __future__ import annotations

import hashlib
import threading
import urllib.request
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner
from pyoxigraph import NamedNode, Store
from vnkg.graph.cli import main
from vnkg.graph.remote import push
from vnkg.graph.store import GraphStore

G = NamedNode("https://w3id.org/vnkg/graph/test")
NT = b'<http://e/s> <http://e/p> "o\\"}"@en .\n'
Policy = Callable[[BaseHTTPRequestHandler, str], tuple[int, dict[str, str]]]


class Fake(ThreadingHTTPServer):
    """A store that answers each request by `policy(handler, graph)` and logs it."""

    def __init__(self, policy: Policy) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.policy = policy
        self.log: list[tuple[str, str, str | None, int]] = []  # method, graph, auth, status

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_port}"


class Handler(BaseHTTPRequestHandler):
    server: Fake

    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        graph = parse_qs(urlsplit(self.path).query).get("graph", [""])[0]
        status, headers = self.server.policy(self, graph)
        self.server.log.append((self.command, graph, self.headers.get("Authorization"), status))
        self.send_response(status)
        for name, value in {**headers, "Content-Length": "0"}.items():
            self.send_header(name, value)
        self.end_headers()

    do_PUT = do_POST = do_HEAD = _answer

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def fake() -> Iterator[Callable[[Policy], Fake]]:
    """Start fake stores; all are stopped after the test."""
    servers: list[Fake] = []

    def start(policy: Policy) -> Fake:
        server = Fake(policy)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def graphs_of(store: Path) -> list[str]:
    return [g.value for g in GraphStore.open(store).named_graphs()]


def test_the_graph_the_store_refuses_is_reported_and_the_others_written(
    test_store: Path, fake: Callable[[Policy], Fake]
) -> None:
    graphs = graphs_of(test_store)
    refused = graphs[1]
    server = fake(lambda handler, graph: (500 if graph == refused else 201, {}))
    args = ["push", "--store", str(test_store), "--gsp", f"{server.url}/store", "--retries", "1"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[1].startswith(f"failed   {refused} (")
    assert lines[1].endswith("HTTP 500 on request 1 of 1: Internal Server Error")
    assert all(line.startswith("written ") for i, line in enumerate(lines[:-1]) if i != 1)
    assert lines[-1].startswith(f"pushed {len(graphs) - 1} of {len(graphs)} graphs")
    assert [entry[1] for entry in server.log].count(refused) == 2  # tried again once


def test_a_store_that_does_not_answer_stops_the_push(test_store: Path) -> None:
    with ThreadingHTTPServer(("127.0.0.1", 0), Handler) as closed:
        url = f"http://127.0.0.1:{closed.server_port}/store"
    result = CliRunner().invoke(
        main, ["push", "--store", str(test_store), "--gsp", url, "--retries", "0"]
    )
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("failed ") and "no answer on request 1 of 1" in lines[0]
    assert all("not tried: the store stopped answering" in line for line in lines[1:-1])
    assert lines[-1].startswith("pushed 0 of")


def test_push_needs_somewhere_to_write(test_store: Path) -> None:
    result = CliRunner().invoke(main, ["push", "--store", str(test_store)])
    assert result.exit_code == 2
    assert "Oxigraph /store and /update; Fuseki /DS/data and /DS/update" in result.output


def digest(user: str, password: str, nonce: str) -> Policy:
    """A policy that demands RFC 2617 Digest (qop=auth) with one nonce, as Virtuoso does."""
    realm, challenge = (
        "SPARQL",
        {"WWW-Authenticate": f'Digest realm="SPARQL", nonce="{nonce}", qop="auth"'},
    )

    def policy(handler: BaseHTTPRequestHandler, graph: str) -> tuple[int, dict[str, str]]:
        given = handler.headers.get("Authorization") or ""
        if not given.startswith("Digest "):
            return 401, challenge
        fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(given[7:]))
        md5 = lambda text: hashlib.md5(text.encode()).hexdigest()  # noqa: E731
        ha1, ha2 = md5(f"{user}:{realm}:{password}"), md5(f"{handler.command}:{fields['uri']}")
        expected = md5(f"{ha1}:{nonce}:{fields['nc']}:{fields['cnonce']}:auth:{ha2}")
        return (201, {}) if fields["response"] == expected else (401, challenge)

    return policy


def test_a_digest_challenge_is_fetched_once_then_answered_up_front(
    test_store: Path, fake: Callable[[Policy], Fake]
) -> None:
    server = fake(digest("dba", "secret", "n0nce"))
    args = ["push", "--store", str(test_store), "--gsp", f"{server.url}/store"]
    result = CliRunner().invoke(main, [*args, "--auth", "dba:secret"])
    assert result.exit_code == 0, result.output
    assert [(method, status) for method, _, _, status in server.log[:3]] == [
        ("HEAD", 401),
        ("HEAD", 201),
        ("PUT", 201),
    ]
    assert [status for *_, status in server.log[2:]] == [201] * len(graphs_of(test_store))


def test_a_wrong_password_is_reported(test_store: Path, fake: Callable[[Policy], Fake]) -> None:
    server = fake(digest("dba", "secret", "n0nce"))
    args = ["push", "--store", str(test_store), "--gsp", f"{server.url}/store", "--retries", "0"]
    result = CliRunner().invoke(main, [*args, "--auth", "dba:wrong"])
    assert result.exit_code == 1
    assert "HTTP 401 on request 1 of 1" in result.stdout.splitlines()[0]


def test_a_bearer_token_goes_with_every_request(
    test_store: Path, fake: Callable[[Policy], Fake]
) -> None:
    server = fake(lambda handler, graph: (204, {}))
    args = ["push", "--store", str(test_store), "--gsp", f"{server.url}/store"]
    result = CliRunner().invoke(main, [*args, "--token", "t0ken"])
    assert result.exit_code == 0, result.output
    assert {auth for _, _, auth, _ in server.log} == {"Bearer t0ken"}


def test_one_chunk_is_one_put_by_gsp() -> None:
    target = push.Target(push.Method.GSP, gsp="http://h/store", update="http://h/update")
    requests, temporary = push.plan(target, G, [NT])
    assert temporary is None
    assert requests == [
        (
            "PUT",
            "http://h/store?graph=https%3A%2F%2Fw3id.org%2Fvnkg%2Fgraph%2Ftest",
            NT,
            push.TURTLE,
        )
    ]


@pytest.mark.parametrize("method", list(push.Method), ids=lambda m: m.value)
def test_chunks_go_to_a_temporary_graph_then_one_move(method: push.Method) -> None:
    target = push.Target(method, gsp="http://h/store", update="http://h/update")
    requests, temporary = push.plan(target, G, [NT, NT, NT])
    assert temporary is not None and temporary.value.startswith("urn:vnkg:push:")
    assert [m for m, *_ in requests] == (
        ["PUT", "POST", "POST", "POST"] if method is push.Method.GSP else ["POST"] * 4
    )
    assert requests[-1] == (
        "POST",
        "http://h/update",
        f"MOVE GRAPH {temporary} TO GRAPH {G}".encode(),
        push.UPDATE,
    )


def test_updates_are_valid_sparql_that_replace_the_graph() -> None:
    store = Store()
    store.update(f"INSERT DATA {{ GRAPH {G} {{ <http://e/old> <http://e/p> 1 }} }}")
    target = push.Target(push.Method.UPDATE, update="http://h/update", chunk=1)
    requests, _ = push.plan(target, G, [NT, NT.replace(b"/s>", b"/t>")])
    for _, _, body, _ in requests:
        store.update(body.decode())
    assert sorted(str(q.subject) for q in store.quads_for_pattern(None, None, None, G)) == [
        "<http://e/s>",
        "<http://e/t>",
    ]
    assert len(store) == 2  # the temporary graph is gone


def test_several_chunks_without_an_update_url_are_refused() -> None:
    target = push.Target(push.Method.GSP, gsp="http://h/store")
    with pytest.raises(ValueError, match="give the update URL too"):
        push.plan(target, G, [NT, NT])
