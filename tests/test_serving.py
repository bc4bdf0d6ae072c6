"""The serving path: pages from a bounded number of queries, paged lists, HTTP validators
(304, a new ETag after a rebuild), the result cache (a hit reaches no query process) and
single flight (concurrent identical requests are evaluated once)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest
from flask import Flask
from pyoxigraph import Literal, NamedNode, Quad
from vnkg.graph import store
from vnkg.graph.emit.vocab import QB, RDF, SDMX_DIM, SDMX_MEAS, SKOS, VNKG
from vnkg.graph.store import GraphStore
from vnkg.server.app import create_app
from vnkg.server.cache import ResultCache
from vnkg.server.workers.querypool import QueryPool

DATA = Path(__file__).parent / "data"
ID = "https://w3id.org/vnkg/id/"
LANG_SON = NamedNode(ID + "province/lang-son")
SOURCE = NamedNode("https://w3id.org/vnkg/graph/source/s000")
HTML = {"Accept": "text/html"}
PAGES = [
    "/id/province/lang-son",
    "/def/indicator/poverty-rate",
    "/def/Province",
    "/def/partOf",
    "/id/source/s000",
    "/graph/source/s000",
    "/graph/",
    "/def/",
    "/search?q=lang",
]


class Counting:
    """A store that counts the queries it answers."""

    def __init__(self, inner: GraphStore) -> None:
        self.inner, self.calls, self.path = inner, 0, None

    def query(self, sparql: str, **options: Any) -> Any:
        self.calls += 1
        return self.inner.query(sparql, **options)

    def named_graphs(self) -> list[NamedNode]:
        self.calls += 1  # as a remote store would, by a query
        return self.inner.named_graphs()


def grown(n: int) -> Iterator[Quad]:
    """tests/data/web.trig with `n` more of everything a page lists: districts of Lạng Sơn,
    observations of its poverty rate, provinces."""
    yield from pyoxigraph.parse(path=DATA / "web.trig")
    for i in range(n):
        district, obs = NamedNode(f"{ID}district/d{i:05}"), NamedNode(f"{ID}observation/o{i:05}")
        province = NamedNode(f"{ID}province/p{i:05}")
        for s, p, o in [
            (district, RDF.type, VNKG.District),
            (district, VNKG.partOf, LANG_SON),
            (district, SKOS.prefLabel, Literal(f"District {i}", language="en")),
            (province, RDF.type, VNKG.Province),
            (obs, RDF.type, QB.Observation),
            (obs, SDMX_DIM.refArea, LANG_SON),
            (obs, VNKG.indicator, NamedNode("https://w3id.org/vnkg/def/indicator/poverty-rate")),
            (obs, SDMX_MEAS.obsValue, Literal(str(i % 40), datatype=NamedNode(str(QB) + "x"))),
        ]:
            yield Quad(s, p, o, SOURCE)


def calls(n: int, path: str) -> tuple[int, int]:
    """(status, queries) of the first request for `path` on the web store grown by `n`."""
    counting = Counting(GraphStore.in_memory(grown(n)))
    client = create_app(store=counting, test_config={"TESTING": True}).test_client()  # type: ignore[arg-type]
    status = client.get(path, headers=HTML).status_code
    return status, counting.calls


@pytest.mark.parametrize("path", PAGES)
def test_a_page_costs_the_same_few_queries_however_large_the_store(path: str) -> None:
    counts = [calls(n, path) for n in (60, 600, 2500)]  # 2500: past the sorted lists' limit
    assert counts[0] == counts[1] == counts[2], counts
    assert counts[0][0] == 200 and counts[0][1] <= 10, counts


@pytest.fixture(scope="module")
def grown_client() -> Any:
    """An app over the web store grown by 120 districts, observations and provinces."""
    app = create_app(store=GraphStore.in_memory(grown(120)), test_config={"TESTING": True})
    return app.test_client()


DETAILS = 'aria-label="details of the observation '


def test_a_list_longer_than_a_page_links_to_the_next(grown_client: Any) -> None:
    page = grown_client.get("/id/province/lang-son", headers=HTML).text
    # 122 links, by property then IRI: 1 "mentioned by", then 121 "has part" (49 on page 1)
    assert "Links 1–50 of 122" in page
    assert '<a href="?page=2" rel="next">… and 72 more</a>' in page
    # one link per observation (the same figure twice is one row with a link to each)
    assert "Observations 1–50 of 123" in page and page.count(DETAILS) == 50
    second = grown_client.get("/id/province/lang-son?page=2", headers=HTML).text
    assert '<a href="?page=1" rel="prev">previous page</a>' in second
    assert '<a href="?page=3" rel="next">… and 22 more</a>' in second
    last = grown_client.get("/id/province/lang-son?page=3", headers=HTML).text
    assert "… and" not in last and "Observations 101–123 of 123" in last
    assert last.count(DETAILS) == 23


def test_the_pages_of_a_list_hold_each_item_once(grown_client: Any) -> None:
    seen: list[str] = []
    for n in (1, 2, 3):
        page = grown_client.get(f"/def/Province?page={n}", headers=HTML).text
        seen += [part.split('"')[0] for part in page.split('href="/id/province/p')[1:]]
    assert sorted(seen) == [f"{i:05}" for i in range(120)] + ["hu-tho"]  # and phu-tho


@pytest.mark.parametrize("page", ["0", "x", "-1", "1000001"])
def test_a_page_that_is_no_page_number_is_a_400(grown_client: Any, page: str) -> None:
    response = grown_client.get(f"/id/province/lang-son?page={page}", headers=HTML)
    assert (response.status_code, response.mimetype) == (400, "text/html")  # a page of the site
    assert "<code>invalid-page</code>" in response.text and "page must be a number" in response.text


# --- HTTP validators


@pytest.fixture
def rebuilt(tmp_path: Path) -> Path:
    """A store on disk (a build that can be replaced), from tests/data/web.trig."""
    path = tmp_path / "store"
    store.build(pyoxigraph.parse(path=DATA / "web.trig"), path)
    return path


VALIDATED = [
    ("/id/province/lang-son", HTML),
    ("/id/province/lang-son", {"Accept": "text/turtle"}),
    ("/sparql?query=ASK+%7B%7D", {"Accept": "application/sparql-results+json"}),
    ("/export.nt", {}),
    ("/.well-known/void", {"Accept": "text/turtle"}),
    ("/search?q=lang", HTML),
]


@pytest.mark.parametrize(("path", "headers"), VALIDATED, ids=lambda v: str(v))
def test_a_repeated_request_is_answered_304_and_a_rebuild_changes_the_etag(
    rebuilt: Path, path: str, headers: dict[str, str]
) -> None:
    client = create_app(rebuilt, test_config={"TESTING": True}).test_client()
    first = client.get(path, headers=headers)
    tag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert first.status_code == 200 and tag.startswith('"') and not tag.startswith("W/")
    assert first.headers["Cache-Control"] == "public, max-age=300"
    again = client.get(path, headers={**headers, "If-None-Match": tag})
    assert (again.status_code, again.data, again.headers["ETag"]) == (304, b"", tag)
    since = client.get(path, headers={**headers, "If-Modified-Since": modified})
    assert since.status_code == 304
    time.sleep(1.1)  # a later second: Last-Modified moves too
    store.build(pyoxigraph.parse(path=DATA / "web.trig"), rebuilt)
    after = client.get(path, headers={**headers, "If-None-Match": tag})
    assert after.status_code == 200 and after.headers["ETag"] != tag
    assert after.headers["Last-Modified"] != modified


def test_each_representation_has_its_own_etag(web_app: Flask) -> None:
    client = web_app.test_client()
    tags = {
        client.get("/id/province/lang-son", headers={"Accept": accept}).headers["ETag"]
        for accept in ("text/html", "text/turtle", "application/ld+json")
    }
    tags.add(client.get("/id/province/lang-son?page=2", headers=HTML).headers["ETag"])
    assert len(tags) == 4


def test_errors_and_posts_carry_no_validators(web_app: Flask) -> None:
    client = web_app.test_client()
    assert "ETag" not in client.get("/id/province/atlantis", headers=HTML).headers
    assert "ETag" not in client.post("/sparql", data={"query": "ASK {}"}).headers


# --- the result cache


@pytest.fixture
def pooled(rebuilt: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Flask, list[str]]]:
    """An app whose queries run in a query process, and the names of the jobs it ran there."""
    ran: list[str] = []
    run = QueryPool.run

    def counted(self: QueryPool, job: Any, *args: Any, **kwargs: Any) -> Any:
        ran.append(job.__name__)
        return run(self, job, *args, **kwargs)

    monkeypatch.setattr(QueryPool, "run", counted)
    app = create_app(
        rebuilt, test_config={"TESTING": True, "QUERY_TIMEOUT": 10, "QUERY_WORKERS": 1}
    )
    try:
        yield app, ran
    finally:
        app.extensions.pop("vnkg.querypool").close()


def test_a_cache_hit_reaches_no_query_process(pooled: tuple[Flask, list[str]]) -> None:
    app, ran = pooled
    client = app.test_client()
    query = {"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3"}
    for _ in range(3):
        assert client.get("/sparql", query_string=query).status_code == 200
        assert client.post("/sparql", data=query).status_code == 200
        assert client.get("/id/province/lang-son", headers=HTML).status_code == 200
        assert client.get("/id/province/lang-son.ttl").status_code == 200
    assert ran == ["run", "collect", "read"]  # each once: then from the cache
    status = client.get("/status").json
    assert status["cache"]["hits"] == 9 and status["cache"]["misses"] == 3
    assert status["cache"]["entries"] == 3 and status["cache"]["bytes"] > 0


def test_a_rebuild_empties_the_cache(pooled: tuple[Flask, list[str]], rebuilt: Path) -> None:
    app, ran = pooled
    client = app.test_client()
    query = {"query": "ASK { ?s ?p ?o }"}
    client.get("/sparql", query_string=query)
    store.build(pyoxigraph.parse(path=DATA / "web.trig"), rebuilt)
    client.get("/sparql", query_string=query)
    assert ran == ["run", "run"]
    assert client.get("/status").json["cache"]["entries"] == 1


def test_a_query_differing_by_a_comment_is_evaluated_again(pooled: tuple[Flask, list[str]]) -> None:
    app, ran = pooled
    client = app.test_client()
    for text in ("ASK {}", "ASK {} # again", "ASK {}"):
        client.get("/sparql", query_string={"query": text})
    assert ran == ["run", "run"]


def test_the_cache_keeps_answers_within_its_byte_budget() -> None:
    cache = ResultCache(max_bytes=10)
    for key in "abcd":
        cache.fetch("build", key, lambda k=key: k * 4, len)
    assert cache.counts()["bytes"] <= 10 and cache.counts()["entries"] == 2
    assert cache.fetch("build", "d", lambda: "other", len) == ("dddd", "hit")  # the newest kept
    assert cache.fetch("build", "a", lambda: "again", len) == ("again", "miss")  # evicted
    assert cache.fetch("other", "d", lambda: "new build", len) == ("new build", "miss")


# --- single flight


def test_concurrent_identical_requests_are_evaluated_once() -> None:
    cache = ResultCache(max_bytes=1 << 20)
    evaluations: list[int] = []
    start = threading.Barrier(8)

    def compute() -> str:
        evaluations.append(1)
        time.sleep(0.3)  # long enough for every thread to ask while it runs
        return "answer"

    found: list[tuple[str, str]] = []

    def ask() -> None:
        start.wait()
        found.append(cache.fetch("build", "key", compute, len))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(evaluations) == 1
    assert sorted(how for _, how in found) == ["miss", *["waited"] * 7]
    assert {value for value, _ in found} == {"answer"}


def test_those_who_wait_share_the_error_and_not_a_one_off_answer() -> None:
    cache = ResultCache(max_bytes=1 << 20)
    gate = threading.Event()
    outcomes: list[object] = []

    def failing() -> str:
        gate.wait(5)
        raise ValueError("the query failed")

    def ask(compute: Any, size: Any) -> None:
        try:
            outcomes.append(cache.fetch("build", "key", compute, size)[0])
        except ValueError as error:
            outcomes.append(str(error))

    first = threading.Thread(target=ask, args=(failing, len))
    first.start()
    time.sleep(0.1)
    second = threading.Thread(target=ask, args=(lambda: "unused", len))
    second.start()
    time.sleep(0.1)
    gate.set()
    first.join()
    second.join()
    assert outcomes == ["the query failed", "the query failed"]
    # an answer for one request only (a spool file: size None) is neither kept nor shared
    spooled: list[int] = []
    values = [cache.fetch("build", "file", lambda: spooled.append(1) or "path", lambda v: None)]
    values.append(cache.fetch("build", "file", lambda: spooled.append(1) or "path", lambda v: None))
    assert len(spooled) == 2 and cache.counts()["entries"] == 0


def test_concurrent_identical_queries_reach_the_store_once(web_store: Path) -> None:
    class Slow(Counting):
        def query(self, sparql: str, **options: Any) -> Any:
            time.sleep(0.3)
            return super().query(sparql, **options)

    slow = Slow(GraphStore.open(web_store))
    app = create_app(store=slow, test_config={"TESTING": True})  # type: ignore[arg-type]
    start = threading.Barrier(6)
    statuses: list[int] = []

    def ask() -> None:
        client = app.test_client()
        start.wait()
        statuses.append(
            client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"}).status_code
        )

    threads = [threading.Thread(target=ask) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 6
    assert slow.calls == 1
