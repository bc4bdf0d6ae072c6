"""The `vnkg` command line: init, build, validate, links, check-sources, stats, export, query, push,
suggest.

`vnkg serve` comes from the server package (server/cli.py), which the console script runs:
graph/ never imports server/.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click
from pyoxigraph import NamedNode, QueryBoolean, QuerySolutions, Variable

from . import pipeline, project, resources, sparqltext, store, table
from .annotations.locate import pin
from .annotations.parse import read_seeds
from .annotations.records import Annotations
from .backend import QueryResult
from .checks import sources
from .cliopts import backend_option, store_path_option
from .drafting.cli import suggest_command
from .emit.iris import DEFAULT_BASE, Iris
from .errors import ProblemsError
from .export import export
from .formats import DUMPS, QUERY_GRAPHS, RESULTS, TABLES, Format, lookup, name, named
from .linking.links import link_report
from .remote.client import HttpError
from .remote.pushcli import push_command
from .remote.spec import open_backend
from .stats import format_tables, stats

store_option = store_path_option()
seeds_option = click.option(
    "--seeds",
    "seeds_dir",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    help="Annotations directory (default: the bundled seeds).",
)

accept_drafts_option = click.option(
    "--accept-drafts",
    is_flag=True,
    help="Build records marked 'draft: true' (by `vnkg suggest`) anyway, as a preview.",
)


class ProblemsAbort(click.ClickException):
    """Prints one `file:line:col: message` line per problem and exits 1."""

    exit_code = 1

    def __init__(self, error: ProblemsError) -> None:
        super().__init__(str(error))
        self.count = len(error.problems)

    def show(self, file: object = None) -> None:
        click.echo(self.message, err=True)
        click.echo(f"{self.count} problem(s) found.", err=True)


def _iris(ctx: click.Context) -> Iris:
    return Iris(ctx.obj["base"])


def _seeds(seeds_dir: Path | None) -> Path:
    return seeds_dir if seeds_dir is not None else resources.bundled_seeds()


@click.group()
@click.option(
    "--base",
    default=DEFAULT_BASE,
    envvar="VNKG_BASE",
    show_default=True,
    help="Base IRI of entities.",
)
@click.version_option(package_name="vnkg")
@click.pass_context
def main(ctx: click.Context, base: str) -> None:
    """vnkg: a knowledge graph of social-protection policy in Vietnam's provinces."""
    ctx.ensure_object(dict)
    ctx.obj["base"] = base


@main.command()
@seeds_option
@store_option
@click.option(
    "--skip-shacl",
    is_flag=True,
    help="Skip SHACL validation (the YAML checks still run).",
)
@click.option("--no-gazetteer", is_flag=True, help="Leave out the legacy gazetteer graph.")
@accept_drafts_option
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for large seeds (past 1 MB of source files); default: one per core.",
)
@click.pass_context
def build(
    ctx: click.Context,
    seeds_dir: Path | None,
    store_path: Path,
    skip_shacl: bool,
    no_gazetteer: bool,
    jobs: int | None,
    accept_drafts: bool,
) -> None:
    """Validate the annotations and build the store atomically."""
    try:
        target = pipeline.build(
            _seeds(seeds_dir),
            store_path,
            _iris(ctx),
            shapes=not skip_shacl,
            gazetteer=not no_gazetteer,
            jobs=jobs,
            accept_drafts=accept_drafts,
        )
    except ProblemsError as error:
        raise ProblemsAbort(error) from None
    except (FileExistsError, store.WriteFailed) as error:  # a foreign --store; disk full
        raise click.ClickException(str(error)) from None
    size = len(store.GraphStore.open(store_path))
    click.echo(f"built {store_path} ({size} quads) -> {target.name}")


@main.command()
@seeds_option
@accept_drafts_option
@click.pass_context
def validate(ctx: click.Context, seeds_dir: Path | None, accept_drafts: bool) -> None:
    """Check the annotations (YAML checks and SHACL shapes) without writing a store."""
    try:
        loaded = pipeline.validate(_seeds(seeds_dir), _iris(ctx), accept_drafts=accept_drafts)
    except ProblemsError as error:
        raise ProblemsAbort(error) from None
    a = loaded.annotations
    click.echo(
        f"ok: {len(a.sources)} sources, {len(a.observations)} observations, "
        f"{len(a.places)} places; SHACL conforms"
    )


@main.command("init")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
def init_command(directory: Path) -> None:
    """Create a new annotation project in DIRECTORY: seeds, one example source, a README."""
    try:
        written = project.create(directory)
    except FileExistsError as error:
        raise click.ClickException(str(error)) from None
    seeds, store_dir = directory / "seeds", directory / ".vnkg" / "store"
    click.echo(f"created {directory} ({len(written)} files); read {directory / 'README.md'}")
    click.echo(f"  vnkg build --seeds {seeds} --store {store_dir}")
    click.echo(f"  vnkg serve --seeds {seeds} --store {store_dir} --watch")


@main.command("links")
@seeds_option
@click.pass_context
def links_command(ctx: click.Context, seeds_dir: Path | None) -> None:
    """Report, per kind, the places linked to each target, and every place left unlinked."""
    try:
        loaded = pipeline.load(_seeds(seeds_dir), _iris(ctx), accept_drafts=True)
    except ProblemsError as error:
        raise ProblemsAbort(error) from None
    for line in link_report(loaded.annotations).lines():
        click.echo(line)


@main.command("check-sources")
@click.option(
    "--texts",
    "texts_dir",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    required=True,
    help="Directory of the source articles' text files.",
)
@click.option(
    "--locate",
    "figure",
    default=None,
    help='Print where a figure as written ("12,2 %") occurs: the sentence around each occurrence.',
)
@click.option("--source", "source_id", default=None, help="With --locate: only this source's text.")
@seeds_option
@click.pass_context
def check_sources(
    ctx: click.Context,
    texts_dir: Path,
    figure: str | None,
    source_id: str | None,
    seeds_dir: Path | None,
) -> None:
    """Check each fact's evidence against its text (one sentence or caption, holding the figure
    as written) and that every number of the texts is annotated or excluded."""
    seeds = _seeds(seeds_dir)
    annotations, problems = read_seeds(seeds)
    if problems:
        raise ProblemsAbort(ProblemsError(problems))
    texts = sources.read_texts(texts_dir)
    if source_id is not None and figure is None:
        raise click.UsageError("--source goes with --locate")
    if figure is not None:
        _locate(ctx, annotations, texts, figure, source_id, texts_dir)
        return
    exclusions, problems = sources.read_exclusions(seeds / "exclusions.yaml")
    report = sources.check(annotations, texts, exclusions, str(texts_dir), problems)
    for problem in pin(report.problems()):  # a problem about a field: at that field
        click.echo(str(problem))
    click.echo(report.summary())
    ctx.exit(0 if report.clean else 1)


def _locate(
    ctx: click.Context,
    annotations: Annotations,
    texts: dict[str, str],
    figure: str,
    source_id: str | None,
    texts_dir: Path,
) -> None:
    if source_id is not None and source_id not in {s.id for s in annotations.sources}:
        raise click.BadParameter(f"no source '{source_id}' in the seeds", param_hint="--source")
    lines = sources.locate_figure(annotations, texts, figure, source_id, str(texts_dir))
    for line in lines:
        click.echo(line)
    if not lines:
        click.echo(f'"{figure}" not found in the texts', err=True)
    ctx.exit(0 if lines else 1)


@main.command("stats")
@store_option
@click.pass_context
def stats_command(ctx: click.Context, store_path: Path) -> None:
    """Counts per source, class, indicator, named graph, external link target and code type."""
    click.echo(format_tables(stats(_open(store_path), _iris(ctx))), nl=False)


@main.command("export")
@store_option
@click.option(
    "--format", "fmt", type=click.Choice([name(f) for f in (*DUMPS, *TABLES)]), required=True
)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None)
@click.pass_context
def export_command(ctx: click.Context, store_path: Path, fmt: str, output: Path | None) -> None:
    """Export the whole graph (nq/trig/jsonld keep one named graph per source), or the table of
    observations (csv: one row per figure, columns in the README)."""
    graph, dump = _open(store_path), named(DUMPS, fmt)
    with contextlib.ExitStack() as stack:
        out = sys.stdout.buffer if output is None else stack.enter_context(output.open("wb"))
        if dump is None:
            table.write(graph, out)
        else:
            export(graph, dump, out, base=ctx.obj["base"])
        out.flush()


@main.command()
@store_option
@backend_option
@click.argument("query")
@click.option(
    "--format", "fmt", type=click.Choice([name(f) for f in (*RESULTS, *QUERY_GRAPHS)]), default=None
)
@click.option(
    "--bind",
    "binds",
    multiple=True,
    metavar="NAME=IRI",
    help="Ask about one resource: bind the query's ?NAME to an IRI (a query's `# parameters:` "
    "line names its own), e.g. --bind source=https://w3id.org/vnkg/id/source/s000. Repeatable.",
)
def query(
    store_path: Path, backend: str | None, query: str, fmt: str | None, binds: tuple[str, ...]
) -> None:
    """Run a SPARQL query given as text or as @file.rq."""
    text = bound(_query_text(query), binds)
    graph = open_backend(backend) if backend else _open(store_path)
    try:
        result = graph.query(text)
    except SyntaxError as error:
        raise click.ClickException(
            f"{query if query.startswith('@') else 'query'}: {error}"
        ) from None
    except HttpError as error:
        raise click.ClickException(f"the store failed: {error}") from None
    sys.stdout.buffer.write(serialize_result(result, fmt))


def bound(text: str, binds: tuple[str, ...]) -> str:
    """`text` with each NAME=IRI of `binds` as a VALUES block opening its WHERE group: the
    engine then starts from those resources, where a query run whole reads every fact."""
    values: dict[Variable, object] = {}
    used = sparqltext.variables(text)
    for given in binds:
        name, equals, iri = given.partition("=")
        name = name.strip().lstrip("?$")
        if not equals or not name:
            raise click.BadParameter(f"{given!r} is not NAME=IRI", param_hint="--bind")
        if name not in used:
            raise click.BadParameter(f"the query has no ?{name}", param_hint="--bind")
        try:
            values[Variable(name)] = NamedNode(iri.strip().removeprefix("<").removesuffix(">"))
        except ValueError as error:
            raise click.BadParameter(
                f"{iri!r} is not an IRI: {error}", param_hint="--bind"
            ) from None
    return sparqltext.bind(text, values)


def serialize_result(result: QueryResult, fmt: str | None) -> bytes:
    """Serialise a query result; the result type decides which formats are allowed."""
    if isinstance(result, QuerySolutions | QueryBoolean):
        answer = lookup(RESULTS, fmt or "json")
        if answer is None:
            raise click.UsageError(
                f"--format {fmt} is for CONSTRUCT/DESCRIBE; use {_names(RESULTS)}"
            )
        return result.serialize(format=answer) or b""
    graph = lookup(QUERY_GRAPHS, fmt or "ttl")
    if graph is None:
        raise click.UsageError(f"--format {fmt} is for SELECT/ASK; use {_names(QUERY_GRAPHS)}")
    return result.serialize(format=graph) or b""


def _names(among: tuple[Format, ...]) -> str:
    """'json, xml, csv or tsv'."""
    names = [name(f) for f in among]
    return ", ".join(names[:-1]) + " or " + names[-1]


def _query_text(query: str) -> str:
    if not query.startswith("@"):
        return query
    path = Path(query[1:])
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise click.BadParameter(
            f"cannot read {path}: {error.strerror}", param_hint="QUERY"
        ) from None


def _open(store_path: Path) -> store.GraphStore:
    if not store.exists(store_path):
        raise click.ClickException(f"no store at {store_path}: run `vnkg build` first")
    return store.GraphStore.open(store_path)


main.add_command(push_command)
main.add_command(suggest_command)
