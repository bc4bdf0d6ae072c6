"""vnkg over a remote triple store: `vnkg push` the bundled build to an Oxigraph server, serve
it with `vnkg serve --backend sparql+URL`, and run test_queries.py's competency tests unchanged
(through `vnkg query --backend`, against the served app).

Another store: set VNKG_TEST_QUERY, VNKG_TEST_GSP, VNKG_TEST_UPDATE and VNKG_TEST_AUTH
(user:password) and this module pushes to it instead (`make virtuoso-test` does, for Virtuoso).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import test_queries
from click.testing import CliRunner
from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple, Variable, parse
from vnkg.graph.backend import Backend
from vnkg.graph.cli import main
from vnkg.graph.remote import push, spec
from vnkg.graph.remote.client import Auth, Client, HttpError
from vnkg.graph.remote.endpoint import RemoteStore
from vnkg.graph.store import GraphStore
from vnkg.server.app import create_app

# The competency tests of test_queries.py, collected here again: over the remote backend.
globals().update({k: v for k, v in vars(test_queries).items() if k.startswith("test_")})

BIN = Path(sys.executable).parent
GRAPHS = "https://w3id.org/vnkg/graph/"
LANG_SON = NamedNode("https://w3id.org/vnkg/id/province/lang-son")


@dataclass(frozen=True)
class Remote:
    """The URLs of a remote store and the credentials to write to it."""

    query: str
    gsp: str | None
    update: str | None
    auth: str | None = None

    def push_args(self, store: Path) -> list[str]:
        """`vnkg push` arguments writing `store` to this remote."""
        args = ["push", "--store", str(store), "--endpoint", self.query]
        args += ["--gsp", self.gsp] if self.gsp else []
        args += ["--update", self.update] if self.update else []
        return args + (["--auth", self.auth] if self.auth else [])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_answers(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Poll `url` until it answers at all (any HTTP status); fail if the process ends first."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args} exited:\n{log.read_text(errors='replace')}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within 30 s")


def start(command: list[str], url: str, log: Path) -> subprocess.Popen[bytes]:
    """Start a server process logging to `log`; return once `url` answers."""
    with log.open("wb") as handle:
        process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT)
    try:
        wait_until_answers(url, process, log)
    except BaseException:
        stop(process)
        raise
    return process


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def remote(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Remote]:
    """An Oxigraph server on a free port (in memory: ten times faster to load than on disk)."""
    if os.environ.get("VNKG_TEST_QUERY"):
        env = os.environ.get
        yield Remote(
            env("VNKG_TEST_QUERY", ""),
            env("VNKG_TEST_GSP"),
            env("VNKG_TEST_UPDATE"),
            env("VNKG_TEST_AUTH"),
        )
        return
    binary = shutil.which("oxigraph", path=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    if binary is None:
        pytest.skip("the Oxigraph server (PyPI `oxigraph`, in the test extra) is not installed")
    url = f"http://127.0.0.1:{free_port()}"
    log = tmp_path_factory.mktemp("oxigraph") / "server.log"
    command = [binary, "serve", "--bind", url.removeprefix("http://"), "--union-default-graph"]
    process = start(command, f"{url}/query", log)
    yield Remote(f"{url}/query", f"{url}/store", f"{url}/update")
    stop(process)


@pytest.fixture(scope="module")
def pushed(bundled_store: Path, remote: Remote) -> str:
    """The report of `vnkg push` writing the bundled build to the remote store."""
    result = CliRunner().invoke(main, remote.push_args(bundled_store))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def served(pushed: str, remote: Remote, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`vnkg serve --backend sparql+URL` over the pushed store; yields the app's base URL."""
    url = f"http://127.0.0.1:{free_port()}"
    backend = "sparql+" + remote.query  # reading needs no password here (Oxigraph, Virtuoso)
    command = [str(BIN / "vnkg"), "serve", "--backend", backend, "--port", url.rsplit(":", 1)[1]]
    process = start(command, f"{url}/.well-known/void", tmp_path_factory.mktemp("serve") / "log")
    yield url
    stop(process)


@pytest.fixture(scope="module")
def built_store(served: str) -> str:
    """Overrides conftest's: the competency tests query the app that serves the remote store."""
    return f"sparql+{served}/sparql"


@pytest.fixture(scope="module")
def remote_store(remote: Remote, pushed: str) -> RemoteStore:
    """The pushed store, read directly."""
    return RemoteStore(remote.query, graph_prefix=GRAPHS)


@pytest.fixture(scope="module")
def rewrites(local_store: GraphStore, remote_store: RemoteStore) -> str | None:
    """How the store changes literals it was given, if it does (Virtuoso: WKT geometries)."""
    geometry = NamedNode(LANG_SON.value + "#geometry")
    given = {row[2] for row in matching(local_store, geometry)}
    kept = {row[2] for row in matching(remote_store, geometry)}
    if given == kept:
        return None
    return f"the store rewrote {sorted(map(str, given - kept))} as {sorted(map(str, kept - given))}"


@pytest.fixture(scope="module")
def local_store(bundled_store: Path) -> GraphStore:
    return GraphStore.open(bundled_store)


def matching(store: Backend, *pattern: object) -> set[tuple[object, ...]]:
    """(s, p, o, g) of the quads of the named graphs matching `pattern` (None: any), by SPARQL."""
    bound = {Variable(v): t for v, t in zip("spog", pattern, strict=False) if t is not None}
    query = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    return {tuple(row) for row in store.query(query, substitutions=bound or None)}  # type: ignore[union-attr]


def blank(triple: Triple) -> bool:
    """True for a triple with a blank node (fresh on every request)."""
    return isinstance(triple.subject, BlankNode) or isinstance(triple.object, BlankNode)


def get(url: str, accept: str = "text/html") -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_push_writes_every_graph_of_the_build(
    pushed: str, local_store: GraphStore, remote_store: RemoteStore
) -> None:
    lines = pushed.splitlines()
    expected = push.held(local_store)
    for graph, size in expected.items():
        assert any(
            line.startswith("written")
            and f" {graph} ({size} triples" in line
            and f"store holds {size})" in line
            for line in lines
        ), graph
    assert (
        lines[-1]
        == f"pushed {len(expected)} of {len(expected)} graphs ({len(local_store)} triples)"
    )
    held = push.held(remote_store)
    assert {g: n for g, n in held.items() if g.startswith(GRAPHS)} == expected


def test_pushing_again_changes_nothing(
    pushed: str, bundled_store: Path, remote: Remote, remote_store: RemoteStore
) -> None:
    before = push.held(remote_store)
    result = CliRunner().invoke(main, remote.push_args(bundled_store))
    assert result.exit_code == 0, result.output
    assert result.stdout == pushed
    assert push.held(remote_store) == before
    leftovers = RemoteStore(remote.query, graph_prefix="urn:vnkg:push:")
    assert leftovers.named_graphs() == []


def test_the_remote_store_answers_like_the_local_one(
    local_store: GraphStore, remote_store: RemoteStore
) -> None:
    assert remote_store.named_graphs() == local_store.named_graphs()
    assert push.held(remote_store) == push.held(local_store)
    label = Literal("Lạng Sơn", language="vi")
    skos_label = NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    for pattern in [
        (LANG_SON,),
        (None, None, LANG_SON),
        (None, skos_label, label),
        (None, None, None, NamedNode(GRAPHS + "links")),
        (LANG_SON, skos_label, label, NamedNode(GRAPHS + "reference")),
    ]:
        assert matching(remote_store, *pattern) == matching(local_store, *pattern), pattern
        assert matching(local_store, *pattern)


def test_substitutions_bind_as_pyoxigraph_does(
    local_store: GraphStore, remote_store: RemoteStore
) -> None:

    query = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?wanted ?label WHERE { ?place skos:prefLabel ?label FILTER (?place = ?wanted) }"""
    bound = {Variable("wanted"): LANG_SON}
    local = {row["label"] for row in local_store.query(query, substitutions=bound)}  # type: ignore[union-attr]
    remote = {row["label"] for row in remote_store.query(query, substitutions=bound)}  # type: ignore[union-attr]
    assert remote == local
    assert Literal("Lạng Sơn", language="vi") in local


PAGES = [
    "/id/province/lang-son",
    "/id/district/mai-son",
    "/def/Province",
    "/graph/",
    "/graph/source/s000",
    "/search?q=Lang+Son",
    "/id/no/such/thing",
]


@pytest.mark.parametrize("path", PAGES)
def test_pages_are_the_same_over_the_remote_backend(
    path: str, served: str, bundled_store: Path, rewrites: str | None
) -> None:
    local = create_app(bundled_store, test_config={"TESTING": True}).test_client()
    expected = local.get(path, base_url=served, headers={"Accept": "text/html"})
    status, body = get(served + path)
    if rewrites and body != expected.data:
        pytest.xfail(rewrites)
    assert (status, body.decode()) == (expected.status_code, expected.text)


def test_resource_rdf_is_the_same_graph(
    served: str, bundled_store: Path, rewrites: str | None
) -> None:
    local = create_app(bundled_store, test_config={"TESTING": True}).test_client()
    expected = local.get("/id/province/lang-son", headers={"Accept": "text/turtle"}).data
    status, body = get(served + "/id/province/lang-son", accept="text/turtle")
    assert status == 200
    if rewrites:
        pytest.xfail(rewrites)
    triples = {q.triple for q in parse(body, format=RdfFormat.TURTLE)}
    assert triples == {q.triple for q in parse(expected, format=RdfFormat.TURTLE)}
    assert len(triples) > 20


def test_void_is_the_same_over_the_remote_backend(served: str, bundled_store: Path) -> None:
    local = create_app(bundled_store, test_config={"TESTING": True}).test_client()
    expected = local.get("/.well-known/void", base_url=served, headers={"Accept": "text/turtle"})
    status, body = get(served + "/.well-known/void", accept="text/turtle")
    assert status == 200
    named = [
        {t for t in (q.triple for q in parse(data, format=RdfFormat.TURTLE)) if not blank(t)}
        for data in (body, expected.data)
    ]
    assert named[0] == named[1]
    assert any(t.predicate.value == "http://rdfs.org/ns/void#triples" for t in named[0])


def test_a_query_the_store_refuses_is_a_400(served: str) -> None:
    status, body = get(
        served + "/sparql?query=SELECT%20%3Fx%20WHERE%20%7B%20%3Fx%20%7D", "application/json"
    )
    assert status == 400
    assert b"syntax-error" in body


def test_a_store_that_does_not_answer_is_a_502() -> None:
    down = RemoteStore(f"http://127.0.0.1:{free_port()}/query", client=Client(retries=0))
    client = create_app(store=down, test_config={"TESTING": True}).test_client()
    for path in ("/sparql?query=ASK%7B%7D", "/id/province/lang-son"):
        response = client.get(path, headers={"Accept": "application/json"})
        assert response.status_code == 502, path
        assert response.json["error"]["reason"] == "backend-error"  # type: ignore[index]


class FailingClient(Client):
    """A client whose `fail_at`-th request fails with HTTP 500 (the store refusing a chunk)."""

    def __init__(self, fail_at: int, auth: Auth | None) -> None:
        super().__init__(auth, retries=0)
        self.fail_at, self.sent = fail_at, 0

    def request(
        self, method: str, url: str, body: bytes | None = None, headers: object = None
    ) -> object:  # type: ignore[override]
        self.sent += 1
        if self.sent == self.fail_at:
            raise HttpError(url, 500, "injected failure")
        return super().request(method, url, body, headers)  # type: ignore[arg-type]


@pytest.mark.parametrize("method", list(push.Method), ids=lambda m: m.value)
def test_a_failed_chunk_leaves_the_live_graph_whole(
    method: push.Method, remote: Remote, remote_store: RemoteStore, local_store: GraphStore
) -> None:
    if remote.update is None or (method is push.Method.GSP and remote.gsp is None):
        pytest.skip("this store has no such endpoint")
    graph = NamedNode(GRAPHS + "source/s002")
    before = {row[:3] for row in matching(remote_store, None, None, None, graph)}
    target = push.Target(method, gsp=remote.gsp, update=remote.update, chunk=100)
    client = FailingClient(3, Auth.parse(remote.auth))
    [outcome] = push.push(local_store, target, client, [graph])
    assert outcome.status == "failed"
    chunks = -(-push.held(local_store)[graph.value] // 100)  # then one MOVE into place
    assert outcome.message.startswith(f"HTTP 500 on request 3 of {chunks + 1}: injected failure")
    assert outcome.requests == 2
    assert {row[:3] for row in matching(remote_store, None, None, None, graph)} == before
    assert len(before) == push.held(local_store)[graph.value]
    leftovers = RemoteStore(remote.query, graph_prefix="urn:vnkg:push:")
    assert leftovers.named_graphs() == []


def test_a_backend_spec_carries_credentials_out_of_the_url() -> None:
    store = spec.remote_store("sparql+https://reader:p%40ss@example.org:8443/ds/sparql")
    assert store.endpoint == "https://example.org:8443/ds/sparql"
    assert store.client.auth == Auth("reader", "p@ss")
    assert spec.remote_store("sparql+http://example.org/sparql").client.auth is None


def test_query_backend_must_be_a_sparql_url() -> None:
    result = CliRunner().invoke(main, ["query", "--backend", "http://example.org/sparql", "ASK {}"])
    assert result.exit_code == 2
    assert "give sparql+http://… or sparql+https://…" in result.output


class CountingClient(Client):
    """An HTTP client that counts its requests."""

    def __init__(self) -> None:
        super().__init__()
        self.sent = 0

    def request(self, *args: object, **kwargs: object) -> object:  # type: ignore[override]
        self.sent += 1
        return super().request(*args, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("path", [p for p in PAGES if "no/such" not in p])
def test_a_page_costs_a_few_requests_to_the_remote_store(
    path: str, remote: Remote, pushed: str
) -> None:
    client = CountingClient()
    backend = RemoteStore(remote.query, client=client, graph_prefix=GRAPHS)
    app = create_app(store=backend, test_config={"TESTING": True}).test_client()
    app.get("/status")  # the build's id: the graphs' sizes, asked every REMOTE_CACHE_SECONDS
    before = client.sent
    assert app.get(path, headers={"Accept": "text/html"}).status_code == 200
    assert client.sent - before <= 10
    again = client.sent
    assert app.get(path, headers={"Accept": "text/html"}).status_code == 200
    assert client.sent == again  # from the result cache
