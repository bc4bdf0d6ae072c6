"""`vnkg serve`, and the `vnkg` command line it completes: graph/cli.py's commands and this one.

The console script runs `main` from here, so that graph/ never imports server/.
"""

from __future__ import annotations

import logging
from pathlib import Path

import click
from vnkg.graph import pipeline, resources, store
from vnkg.graph.annotations.parse import display_path
from vnkg.graph.cli import build, main, seeds_option
from vnkg.graph.cliopts import backend_option, store_path_option
from vnkg.graph.emit.iris import Iris
from vnkg.graph.errors import ProblemsError
from vnkg.server import watch as watcher


@click.command()
@store_path_option()
@backend_option
@seeds_option
@click.option(
    "--watch",
    is_flag=True,
    help="Rebuild the store when a YAML file below --seeds changes; a failed rebuild prints "
    "its problems and the previous build keeps serving.",
)
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
    seeds_dir: Path | None,
    watch: bool,
) -> None:
    """Serve the SPARQL endpoint and linked-data pages (builds the store first if missing).

    With --backend the app reads a remote SPARQL endpoint, which enforces its own timeouts.
    """
    if watch and backend:
        raise click.UsageError("--watch rebuilds a local store; it cannot go with --backend")
    seeds = seeds_dir or resources.bundled_seeds()
    if not backend and not store.exists(store_path):
        click.echo(f"no store at {store_path}: building it from {display_path(seeds)}", err=True)
        ctx.invoke(build, seeds_dir=seeds, store_path=store_path, skip_shacl=False)
    elif watch:  # the files may have changed since the store was built
        rebuild(seeds, store_path, Iris(ctx.obj["base"]), [])
    from vnkg.server import limits, wsgi  # here, so that the other commands start without Flask
    from vnkg.server.app import create_app
    from vnkg.server.workers.querypool import WorkerDied
    from vnkg.server.workers.sandbox import SandboxError

    limits.configure_logging()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the app logs each request once
    app = create_app(
        None if backend else store_path,
        BASE_IRI=ctx.obj["base"],
        BACKEND=backend,
        QUERY_TIMEOUT=timeout or None,
        QUERY_WORKERS=workers,
        BASE_URL=base_url,
        LOG_REQUESTS=True,
    )
    if watch:
        iris = Iris(ctx.obj["base"])
        watcher.start(seeds, lambda files: rebuild(seeds, store_path, iris, files))
        click.echo(f"watching {display_path(seeds)}: a saved change rebuilds the store", err=True)
    try:
        wsgi.serve_threaded(app, host, port)
    except WorkerDied as error:
        raise click.ClickException(f"{error} (is VNKG_QUERY_MEMORY_MB too low?)") from None
    except SandboxError as error:
        raise click.ClickException(f"{error}; refusing to serve") from None


def rebuild(seeds: Path, store_path: Path, iris: Iris, files: list[str]) -> None:
    """Build the store again from `seeds`; on failure say why and keep the previous build."""
    what = ", ".join(display_path(Path(f)) for f in files) or display_path(seeds)
    click.echo(f"{what} changed: rebuilding {store_path}", err=True)
    try:
        pipeline.build(seeds, store_path, iris)
    except ProblemsError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        count = len(error.problems)
        click.echo(f"{count} problem(s) found; still serving the previous build", err=True)
    except Exception as error:  # the watching thread outlives any failed build
        click.echo(f"rebuild failed ({error}); still serving the previous build", err=True)
    else:
        click.echo("rebuilt: reload the page to see the change", err=True)


main.add_command(serve)
