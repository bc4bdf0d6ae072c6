"""The `vnkg push` command: publish a build's named graphs to a remote triple store."""

from __future__ import annotations

from pathlib import Path

import click
from pyoxigraph import NamedNode

from .. import store
from ..cliopts import store_path_option
from . import push
from .client import Auth, Client
from .endpoint import RemoteStore

HINT = (
    "give --gsp (Graph Store Protocol) and/or --update (SPARQL Update): "
    "Oxigraph /store and /update; Fuseki /DS/data and /DS/update; "
    "Virtuoso /sparql-graph-crud-auth and /sparql-auth"
)


@click.command("push")
@store_path_option("The build to publish.")
@click.option("--endpoint", help="The store's SPARQL query URL: checks what it holds afterwards.")
@click.option("--gsp", help="The store's Graph Store Protocol URL (PUT replaces a graph).")
@click.option(
    "--update", help="The store's SPARQL Update URL (chunked graphs, or --method update)."
)
@click.option(
    "--method",
    type=click.Choice([m.value for m in push.Method]),
    default=None,
    help="How to write graphs [default: gsp when --gsp is given, else update].",
)
@click.option("--auth", metavar="USER:PASSWORD", help="Basic or Digest credentials.")
@click.option("--token", help="A bearer token (instead of --auth).")
@click.option(
    "--chunk",
    default=None,
    type=click.IntRange(1),
    help="Triples per request [default: 100000 by GSP, 1000 by update]; a larger graph goes "
    "through a temporary graph (needs --update).",
)
@click.option("--graph", "graphs", multiple=True, help="Push only this graph IRI (repeatable).")
@click.option("--gsp-param", default="graph", show_default=True, help="GSP's graph parameter.")
@click.option("--retries", default=3, show_default=True, type=click.IntRange(0, 10))
@click.pass_context
def push_command(
    ctx: click.Context,
    store_path: Path,
    endpoint: str | None,
    gsp: str | None,
    update: str | None,
    method: str | None,
    auth: str | None,
    token: str | None,
    chunk: int | None,
    graphs: tuple[str, ...],
    gsp_param: str,
    retries: int,
) -> None:
    """Write each named graph of the build to a remote store, replacing it whole.

    Exit 0 when every graph was written (and, with --endpoint, the store holds as many
    triples as the build); 1 otherwise, the report saying which graphs were written.
    """
    target = _target(method, gsp, update, chunk, gsp_param)
    if not store.exists(store_path):
        raise click.ClickException(f"no store at {store_path}: run `vnkg build` first")
    source = store.GraphStore.open(store_path)
    client = Client(Auth.parse(auth, token), retries=retries)
    chosen = [NamedNode(g) for g in graphs] or None
    outcomes = push.push(source, target, client, chosen)
    held = None
    if endpoint:
        held = push.held(RemoteStore(endpoint, client=client))
    for line in push.report_lines(outcomes, held):
        click.echo(line)
    complete = all(o.status == "written" for o in outcomes)
    matching = held is None or all(held.get(o.graph) == o.triples for o in outcomes)
    if complete and not matching:
        click.echo("the store holds other counts than the build: see above", err=True)
    ctx.exit(0 if complete and matching else 1)


def _target(
    method: str | None, gsp: str | None, update: str | None, chunk: int | None, gsp_param: str
) -> push.Target:
    """The push target from the options; a usage error when the method lacks its URL."""
    if gsp is None and update is None:
        raise click.UsageError(HINT)
    chosen = push.Method(method) if method else (push.Method.GSP if gsp else push.Method.UPDATE)
    if chosen is push.Method.GSP and gsp is None:
        raise click.UsageError("--method gsp needs --gsp URL")
    if chosen is push.Method.UPDATE and update is None:
        raise click.UsageError("--method update needs --update URL")
    # Without an update URL there is no MOVE: each graph then goes in one PUT.
    size = (chunk or push.CHUNKS[chosen.value]) if update is not None else push.UNCHUNKED
    return push.Target(chosen, gsp=gsp, update=update, chunk=size, graph_param=gsp_param)
