"""`vnkg serve`, and the `vnkg` command line it completes: graph/cli.py's commands and this one.

The console script runs `main` from here, so that graph/ never imports server/.
"""

from __future__ import annotations

from pathlib import Path

import click
from vnkg.graph import store
from vnkg.graph.cli import build, main
from vnkg.graph.cliopts import backend_option, store_path_option


@click.command()
@store_path_option()
@backend_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(0),
    help="Seconds a query may run before it is stopped (503); 0: no limit.",
)
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Query worker processes (queries running at once).",
)
@click.option(
    "--base-url",
    envvar="VNKG_BASE_URL",
    help="The public URL of the service, for absolute links (default: http://HOST:PORT).",
)
@click.pass_context
def serve(
    ctx: click.Context,
    store_path: Path,
    backend: str | None,
    host: str,
    port: int,
    timeout: float,
    workers: int,
    base_url: str | None,
) -> None:
    """Serve the SPARQL endpoint and linked-data pages (builds the store first if missing).

    With --backend the app reads a remote SPARQL endpoint, which enforces its own timeouts.
    """
    if not backend and not store.exists(store_path):
        click.echo(f"no store at {store_path}: building it from the bundled seeds", err=True)
        ctx.invoke(build, seeds_dir=None, store_path=store_path, skip_shacl=False)
    from vnkg.server import limits, wsgi  # here, so that the other commands start without Flask
    from vnkg.server.app import create_app
    from vnkg.server.workers.querypool import WorkerDied
    from vnkg.server.workers.sandbox import SandboxError

    limits.configure_logging()
    app = create_app(
        None if backend else store_path,
        BASE_IRI=ctx.obj["base"],
        BACKEND=backend,
        QUERY_TIMEOUT=timeout or None,
        QUERY_WORKERS=workers,
        BASE_URL=base_url,
    )
    try:
        wsgi.serve_threaded(app, host, port)
    except WorkerDied as error:
        raise click.ClickException(f"{error} (is VNKG_QUERY_MEMORY_MB too low?)") from None
    except SandboxError as error:
        raise click.ClickException(f"{error}; refusing to serve") from None


main.add_command(serve)
