"""Which backend a spec names: `sparql+http(s)://[user:password@]host/path` or a store path."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

from ..backend import Backend
from ..store import GraphStore
from .client import Auth, Client
from .endpoint import RemoteStore

SCHEME = "sparql+"


def is_remote(spec: str) -> bool:
    """True for a backend spec naming a SPARQL endpoint: `sparql+http(s)://…`."""
    return spec.startswith((SCHEME + "http://", SCHEME + "https://"))


def remote_store(spec: str, *, graph_prefix: str | None = None) -> RemoteStore:
    """The endpoint of `sparql+https://[user:password@]host/path`; the credentials leave the URL."""
    url = urllib.parse.urlsplit(spec.removeprefix(SCHEME))
    auth = None
    if url.username is not None:
        user = urllib.parse.unquote(url.username)
        auth = Auth(user, urllib.parse.unquote(url.password or ""))
        netloc = url.hostname or ""
        url = url._replace(netloc=f"{netloc}:{url.port}" if url.port else netloc)
    return RemoteStore(url.geturl(), client=Client(auth), graph_prefix=graph_prefix)


def open_backend(spec: str, *, graph_prefix: str | None = None) -> Backend:
    """The backend a spec names: `sparql+URL` is a remote endpoint, anything else a store path."""
    if is_remote(spec):
        return remote_store(spec, graph_prefix=graph_prefix)
    return GraphStore.open(Path(spec))
